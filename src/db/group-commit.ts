/**
 * Group commit (issue 5 "Performance"): writes that arrive while one is in flight wait and go
 * together in the next call — one statement, one commit for all of them — instead of one commit
 * each. One call runs at a time; the first write after a quiet moment goes at once, alone, so a
 * lone request waits for nothing. Each caller's promise settles after the commit of its batch (a
 * 201 is only sent for what is committed). `write` must be atomic (one statement or one
 * transaction): when a batch of several fails, nothing of it was written, and each item is tried
 * again alone, so one refused item fails only its own request.
 *
 * `groupBatch` does it for writes and for calls that answer each item (a read of many rows in one
 * statement); `groupBatchBy` keeps one batch per key (items that can share a statement).
 */
export type GroupBatcher<T, R> = {
  (item: T): Promise<R>;
  /** Calls run and items answered so far (for benchmarks and logs). */
  readonly stats: { calls: number; items: number };
  /** Whether a call is in flight or items wait (`groupBatchBy` drops idle batchers). */
  readonly idle: () => boolean;
};

/**
 * `call(items)` returns one answer per item, in order (a wrong count fails the batch); a write
 * answers each item with whether it was written, or with nothing. A failing batch of several is
 * tried again item by item, so one bad item fails only its own caller.
 *
 * @example
 * const read = groupBatch<string, Row | null>((ids) => rowsByIds(db, ids));
 * await Promise.all([read(a), read(b), read(c)]); // a alone, then b and c in one call
 */
export function groupBatch<T, R>(
  call: (items: readonly T[]) => Promise<readonly R[]>,
  options: { max?: number } = {},
): GroupBatcher<T, R> {
  const max = options.max ?? 64;
  const queue: {
    item: T;
    resolve: (value: R) => void;
    reject: (error: unknown) => void;
  }[] = [];
  const stats = { calls: 0, items: 0 };
  let busy = false;
  const run = async (items: readonly T[]): Promise<readonly R[]> => {
    stats.calls++;
    const answers = await call(items);
    if (answers.length !== items.length) {
      throw new Error(`a batch of ${items.length} got ${answers.length} answers`);
    }
    stats.items += items.length;
    return answers;
  };
  const failure = (error: unknown) => error ?? new Error('batch failed');
  const drain = async () => {
    busy = true;
    try {
      while (queue.length > 0) {
        const batch = queue.splice(0, max);
        try {
          const answers = await run(batch.map((b) => b.item));
          for (const [i, b] of batch.entries()) b.resolve(answers[i]!);
        } catch (error) {
          if (batch.length === 1) {
            batch[0]!.reject(failure(error));
            continue;
          }
          // nothing of the batch counts: each alone, so only the bad one fails
          for (const b of batch) {
            try {
              const [answer] = await run([b.item]);
              b.resolve(answer!);
            } catch (own) {
              b.reject(failure(own));
            }
          }
        }
      }
    } finally {
      busy = false;
    }
  };
  const batcher = (item: T) =>
    new Promise<R>((resolve, reject) => {
      // (the promise's own functions: no closure per item)
      queue.push({ item, resolve, reject });
      if (!busy) void drain();
    });
  return Object.assign(batcher, { stats, idle: () => !busy && queue.length === 0 });
}

/**
 * One `groupBatch` per key: items batch only with items of the same key (the same statement
 * text and parameters apart from the items). A key's batcher is dropped when it falls idle, so
 * the map holds only the keys in use.
 *
 * @example
 * const read = groupBatchBy<string, Row | null>((scope, ids) => rowsByIds(db, scope, ids));
 * await Promise.all([read('region:GD', a), read('all', b)]); // two calls, one per key
 */
export function groupBatchBy<T, R>(
  call: (key: string, items: readonly T[]) => Promise<readonly R[]>,
  options: { max?: number } = {},
): { (key: string, item: T): Promise<R>; readonly stats: { calls: number; items: number } } {
  const batchers = new Map<string, GroupBatcher<T, R>>();
  const stats = { calls: 0, items: 0 };
  const byKey = async (key: string, item: T): Promise<R> => {
    let batcher = batchers.get(key);
    if (!batcher) {
      batcher = groupBatch<T, R>(async (items) => {
        stats.calls++;
        const answers = await call(key, items);
        stats.items += items.length;
        return answers;
      }, options);
      batchers.set(key, batcher);
    }
    try {
      return await batcher(item);
    } finally {
      if (batcher.idle() && batchers.get(key) === batcher) batchers.delete(key);
    }
  };
  return Object.assign(byKey, { stats });
}
