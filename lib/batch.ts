// One query for the lookups that arrive in the same turn of the event loop (after Prisma's
// findUnique batching and DataLoader): under load, several API requests reach the key lookup
// together, and each round trip to PostgreSQL costs ~100–200 µs of CPU on the server's one
// thread, more than the lookup itself (BENCHMARKS.md). Nothing is cached: every caller's answer
// comes from a query sent after its call, so a revoked key still fails on its very next request.

type Waiting<V> = Array<{ resolve: (value: V | undefined) => void; reject: (error: unknown) => void }>;

/** `load(key)`: `run` answers every key of a turn in one go; a key it leaves out is undefined. */
export function batched<K, V>(run: (keys: K[]) => Promise<Map<K, V>>): (key: K) => Promise<V | undefined> {
  let pending: Map<K, Waiting<V>> | null = null;

  async function flush(batch: Map<K, Waiting<V>>) {
    try {
      const found = await run([...batch.keys()]);
      for (const [key, waiting] of batch) for (const { resolve } of waiting) resolve(found.get(key));
    } catch (error) {
      for (const waiting of batch.values()) for (const { reject } of waiting) reject(error);
    }
  }

  return (key) =>
    new Promise((resolve, reject) => {
      if (!pending) {
        const batch = (pending = new Map());
        // After every callback of this turn (the other sockets' requests) has had its chance to join.
        setImmediate(() => {
          pending = null;
          void flush(batch);
        });
      }
      const waiting = pending.get(key);
      if (waiting) waiting.push({ resolve, reject });
      else pending.set(key, [{ resolve, reject }]);
    });
}

/** The array-parameter length PostgreSQL's generic plans assume (10). */
const GENERIC_ARRAY_LENGTH = 10;

/**
 * `values` padded with `filler` (which must match nothing) to at least the length a generic plan
 * assumes: with fewer, each custom plan looks cheaper than the generic one, and PostgreSQL plans
 * the prepared statement again on every execution.
 */
export function padArray<T>(values: T[], filler: T): T[] {
  return values.length >= GENERIC_ARRAY_LENGTH ? values : [...values, ...Array<T>(GENERIC_ARRAY_LENGTH - values.length).fill(filler)];
}
