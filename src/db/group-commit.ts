/**
 * Group commit (issue 5 "Performance"): writes that arrive while one is in flight wait and go
 * together in the next call — one statement, one commit for all of them — instead of one commit
 * each. One call runs at a time; the first write after a quiet moment goes at once, alone, so a
 * lone request waits for nothing. Each caller's promise settles after the commit of its batch (a
 * 201 is only sent for what is committed). `write` must be atomic (one statement or one
 * transaction): when a batch of several fails, nothing of it was written, and each item is tried
 * again alone, so one refused item fails only its own request.
 */
export type GroupWriter<T> = {
  (item: T): Promise<void>;
  /** Statements run and items written so far (for benchmarks and logs). */
  readonly stats: { calls: number; items: number };
};

/**
 * @example
 * const write = groupCommit<Row>((rows) => insertRows(db, rows));
 * await Promise.all([write(a), write(b), write(c)]); // a alone, then b and c in one call
 */
export function groupCommit<T>(
  write: (items: readonly T[]) => Promise<void>,
  options: { max?: number } = {},
): GroupWriter<T> {
  const max = options.max ?? 64;
  const queue: { item: T; settle: (error?: unknown) => void }[] = [];
  const stats = { calls: 0, items: 0 };
  let busy = false;
  const run = async (items: readonly T[]) => {
    stats.calls++;
    await write(items);
    stats.items += items.length;
  };
  const drain = async () => {
    busy = true;
    try {
      while (queue.length > 0) {
        const batch = queue.splice(0, max);
        try {
          await run(batch.map((b) => b.item));
          for (const b of batch) b.settle();
        } catch (error) {
          if (batch.length === 1) {
            batch[0]!.settle(error ?? new Error('write failed'));
            continue;
          }
          // nothing of the batch was written: each alone, so only the refused one fails
          for (const b of batch) {
            try {
              await run([b.item]);
              b.settle();
            } catch (own) {
              b.settle(own ?? new Error('write failed'));
            }
          }
        }
      }
    } finally {
      busy = false;
    }
  };
  const writer = (item: T) =>
    new Promise<void>((resolve, reject) => {
      queue.push({ item, settle: (error) => (error === undefined ? resolve() : reject(error)) });
      if (!busy) void drain();
    });
  return Object.assign(writer, { stats });
}
