// Where ledger rows wait to be written (lib/ledger.ts writes them). Edge-safe, so the middleware
// can record the 429s it answers. One buffer and one set of writes under way per process, shared
// by every bundle (middleware, route handlers, the writer) through a global.
export type LedgerEntry = {
  at: Date;
  requestId: string;
  /** The key, or, for what the middleware refused, only its SHA-256 (the writer looks it up). */
  keyId: string | null;
  keyHash?: string;
  /** The practice group the call acted for; null when refused before it was known. */
  actingPracticeGroupId: string | null;
  method: string;
  /** The endpoint's path template, e.g. /appointments/{id}: never the raw path or query. */
  route: string;
  status: number;
  errorCode: string | null;
  /** A retried write answered with what the first request created (lib/idempotency.ts): nothing was created. */
  replayed?: boolean;
  durationMs: number;
  patientIds: string[];
};

const BUFFER = Symbol.for("hero.ledgerBuffer");
const WRITES = Symbol.for("hero.ledgerWrites");
type Registry = { [BUFFER]?: LedgerEntry[]; [WRITES]?: Set<Promise<number>> };

export const ledgerBuffer = () => ((globalThis as Registry)[BUFFER] ??= []);
export const ledgerWrites = () => ((globalThis as Registry)[WRITES] ??= new Set());

/**
 * Refusals known only by a key's hash are kept while the buffer is short: a flood of invented
 * keys (most name no key, and the writer drops those) must not grow it without end.
 */
export const HASH_ONLY_BUFFER_LIMIT = 10_000;

export function bufferRefusalByHash(entry: Omit<LedgerEntry, "keyId" | "actingPracticeGroupId"> & { keyHash: string }) {
  const buffer = ledgerBuffer();
  if (buffer.length < HASH_ONLY_BUFFER_LIMIT) buffer.push({ ...entry, keyId: null, actingPracticeGroupId: null });
}
