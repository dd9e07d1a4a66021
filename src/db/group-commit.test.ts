import { describe, expect, it } from 'vitest';
import { groupCommit } from './group-commit.ts';

/** A write that records its batches and takes a turn of the event loop, like a round trip. */
function recorder(refuse: (item: number) => boolean = () => false) {
  const batches: number[][] = [];
  const written: number[] = [];
  const write = async (items: readonly number[]) => {
    batches.push([...items]);
    await new Promise((r) => setTimeout(r, 5));
    if (items.some(refuse)) throw new Error(`refused ${items.filter(refuse).join(',')}`);
    written.push(...items);
  };
  return { batches, written, write };
}

describe('groupCommit', () => {
  it('writes the first at once, alone; those that arrive meanwhile go together in the next call', async () => {
    const r = recorder();
    const write = groupCommit(r.write);
    await Promise.all([1, 2, 3, 4].map((i) => write(i)));
    expect(r.batches).toEqual([[1], [2, 3, 4]]);
    expect(write.stats).toEqual({ calls: 2, items: 4 });
    await write(5); // a quiet moment later: alone again
    expect(r.batches.at(-1)).toEqual([5]);
  });

  it('never puts more than max in one call', async () => {
    const r = recorder();
    const write = groupCommit(r.write, { max: 2 });
    await Promise.all([1, 2, 3, 4, 5].map((i) => write(i)));
    expect(r.batches).toEqual([[1], [2, 3], [4, 5]]);
  });

  it('fails only the refused item of a batch: the others are written, each alone', async () => {
    const r = recorder((i) => i === 3);
    const write = groupCommit(r.write);
    const results = await Promise.allSettled([1, 2, 3, 4].map((i) => write(i)));
    expect(results.map((x) => x.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect((results[2] as PromiseRejectedResult).reason.message).toBe('refused 3');
    expect(r.written.sort()).toEqual([1, 2, 4]);
    expect(r.batches).toEqual([[1], [2, 3, 4], [2], [3], [4]]);
  });

  it('settles a lone failure with its error and keeps serving', async () => {
    const r = recorder((i) => i === 1);
    const write = groupCommit(r.write);
    await expect(write(1)).rejects.toThrow('refused 1');
    await write(2);
    expect(r.written).toEqual([2]);
  });
});
