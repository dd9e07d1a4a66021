import type { FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../domain/errors.ts';
import { toProblem } from './problem.ts';

const request = {
  url: '/api/v1/tickets/1/status',
  id: 'req-1',
  log: { error() {} },
} as unknown as FastifyRequest;

describe('toProblem', () => {
  it("keeps a DomainError's details beside the problem's members, never over them", () => {
    const error = new DomainError('ILLEGAL_TRANSITION', 'The ticket is closed', [], {
      status: 'closed',
      code: 'OTHER',
      ticketStatus: 'closed',
      cr: 0.12,
    });
    const p = toProblem(error, request);
    expect(p.status).toBe(409);
    expect(p.code).toBe('ILLEGAL_TRANSITION');
    expect(p.ticketStatus).toBe('closed');
    expect(p.cr).toBe(0.12);
    expect(p.instance).toBe('/api/v1/tickets/1/status');
    expect(p.requestId).toBe('req-1');
  });
});
