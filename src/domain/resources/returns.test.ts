import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.ts';
import { amountOf, planReturn } from './returns.ts';

function caught(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a DomainError');
}

describe('returning an issue', () => {
  it.each([
    [{ issued: 5, returned: 0 }, 5],
    [{ issued: 5, returned: 2 }, 3],
    [{ issued: 5, returned: 2, requested: 1 }, 1],
    [{ issued: 5, returned: 2, requested: 3 }, 3],
  ])('%o → %i', (input, quantity) => {
    expect(planReturn(input)).toBe(quantity);
  });

  it('cannot return more than is out, naming quantity', () => {
    const e = caught(() => planReturn({ issued: 5, returned: 2, requested: 4 }));
    expect(e.code).toBe('VALIDATION_FAILED');
    expect(e.errors[0]!.field).toBe('quantity');
    expect(e.message).toContain('at most 3');
    expect(caught(() => planReturn({ issued: 5, returned: 0, requested: 0 })).errors[0]!.field).toBe(
      'quantity',
    );
  });

  it('refuses a second return of everything', () => {
    expect(caught(() => planReturn({ issued: 5, returned: 5 })).code).toBe('CONFLICT');
  });

  it('prices in integer fen', () => {
    expect(amountOf(3, 5_000)).toBe(15_000);
    expect(amountOf(-2, 19_900)).toBe(-39_800);
  });
});
