import { describe, expect, it } from 'vitest';
import { groupBatch, groupBatchBy } from './group-commit.ts';

/** `groupBatch` over a write that answers nothing (group commit). */
const groupCommit = (write: (items: readonly number[]) => Promise<void>, options: { max?: number } = {}) =>
  groupBatch<number, void>(async (items) => {
    await write(items);
    return items.map(() => undefined);
  }, options);

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

describe('groupBatch as group commit', () => {
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

describe('groupBatch', () => {
  /** A read that answers each item with its double, after a turn of the event loop. */
  function doubler(bad: (item: number) => boolean = () => false) {
    const calls: number[][] = [];
    const read = async (items: readonly number[]) => {
      calls.push([...items]);
      await new Promise((r) => setTimeout(r, 5));
      if (items.some(bad)) throw new Error(`bad ${items.filter(bad).join(',')}`);
      return items.map((i) => i * 2);
    };
    return { calls, read };
  }

  it('answers each caller with its own item, the first alone and the rest together', async () => {
    const d = doubler();
    const read = groupBatch(d.read);
    expect(await Promise.all([1, 2, 3].map((i) => read(i)))).toEqual([2, 4, 6]);
    expect(d.calls).toEqual([[1], [2, 3]]);
    expect(read.stats).toEqual({ calls: 2, items: 3 });
    expect(read.idle()).toBe(true);
  });

  it('a bad item fails only its caller', async () => {
    const d = doubler((i) => i === 2);
    const read = groupBatch(d.read);
    const results = await Promise.allSettled([1, 2, 3, 4].map((i) => read(i)));
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : 'failed'))).toEqual([2, 'failed', 6, 8]);
    expect((results[1] as PromiseRejectedResult).reason.message).toBe('bad 2');
  });

  it('a call that answers the wrong number of items fails its batch, then each item alone', async () => {
    const read = groupBatch(async (items: readonly number[]) => (items.length > 1 ? [0] : [items[0]! + 1]));
    expect(await Promise.all([1, 2, 3].map((i) => read(i)))).toEqual([2, 3, 4]);
  });
});

describe('groupBatchBy', () => {
  it('batches only items of the same key, and forgets a key once it is idle', async () => {
    const calls: string[] = [];
    const read = groupBatchBy(async (key: string, items: readonly number[]) => {
      calls.push(`${key}:${items.join(',')}`);
      await new Promise((r) => setTimeout(r, 5));
      return items.map((i) => `${key}${i}`);
    });
    const answers = await Promise.all([read('a', 1), read('b', 2), read('a', 3), read('b', 4), read('a', 5)]);
    expect(answers).toEqual(['a1', 'b2', 'a3', 'b4', 'a5']);
    expect(calls).toEqual(['a:1', 'b:2', 'a:3,5', 'b:4']);
    expect(read.stats).toEqual({ calls: 4, items: 5 });
    expect(await read('a', 7)).toBe('a7');
    expect(calls.at(-1)).toBe('a:7');
  });
});
