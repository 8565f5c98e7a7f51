// Where ledger rows wait to be written (lib/ledger.ts writes them). Edge-safe, so the middleware
// can record the 429s it answers. One buffer per process, shared by every bundle (middleware,
// route handlers, the writer) through a global.
export type LedgerEntry = {
  at: Date;
  requestId: string;
  /** The key, or, for what the middleware refused, only its SHA-256 (the writer looks it up). */
  keyId: string | null;
  keyHash?: string;
  /** The practice group the call acted for; null when refused before it was known (but see requestedPracticeGroupId). */
  actingPracticeGroupId: string | null;
  /**
   * Refused before the key was known: the x-practice-group-id it sent. The writer takes it as the
   * acting practice group when the key may act for it (its own, or one of its networks).
   */
  requestedPracticeGroupId?: string;
  method: string;
  /** The endpoint's path template, e.g. /appointments/{id}: never the raw path or query. */
  route: string;
  status: number;
  errorCode: string | null;
  /** A retried write answered with what the first request created (lib/idempotency.ts): nothing was created. */
  replayed?: boolean;
  durationMs: number;
  patientIds: string[];
  /** Sent in a write PostgreSQL did not answer, which may have committed: written again only if not in already. */
  sent?: true;
};

const BUFFER = Symbol.for("hero.ledgerBuffer");
const HASH_ONLY = Symbol.for("hero.ledgerHashOnly");
const DROPPED = Symbol.for("hero.ledgerDropped");
const DROPPED_HASH_ONLY = Symbol.for("hero.ledgerDroppedHashOnly");
type Registry = {
  [BUFFER]?: LedgerEntry[];
  [HASH_ONLY]?: LedgerEntry[];
  [DROPPED]?: number;
  [DROPPED_HASH_ONLY]?: number;
};
const registry = globalThis as Registry;

export const ledgerBuffer = () => (registry[BUFFER] ??= []);
const hashOnlyBuffer = () => (registry[HASH_ONLY] ??= []);

/**
 * Rows of known keys a server keeps while PostgreSQL cannot take them (minutes of an outage at
 * full load); past it new rows are dropped and counted (takeDroppedCounts), so memory stays bounded.
 */
export const LEDGER_BUFFER_LIMIT = 100_000;

/** Refusals known only by a key's hash, kept apart: a flood of invented keys (the writer drops those) must not crowd out real rows. */
export const HASH_ONLY_BUFFER_LIMIT = 10_000;

/** Adds a row of a known key; returns how many wait, or 0 when the buffer is full and the row was dropped. */
export function bufferRow(entry: LedgerEntry): number {
  const buffer = ledgerBuffer();
  if (buffer.length < LEDGER_BUFFER_LIMIT) return buffer.push(entry);
  registry[DROPPED] = (registry[DROPPED] ?? 0) + 1;
  return 0;
}

export function bufferRefusalByHash(entry: Omit<LedgerEntry, "keyId" | "actingPracticeGroupId"> & { keyHash: string }) {
  const buffer = hashOnlyBuffer();
  if (buffer.length < HASH_ONLY_BUFFER_LIMIT) buffer.push({ ...entry, keyId: null, actingPracticeGroupId: null });
  else registry[DROPPED_HASH_ONLY] = (registry[DROPPED_HASH_ONLY] ?? 0) + 1;
}

/** How many rows wait to be written. */
export function waitingLedgerRows(): number {
  return ledgerBuffer().length + hashOnlyBuffer().length;
}

/** Of the waiting rows, those a write sent that PostgreSQL did not answer: they may be stored already. */
export function waitingSentRows(): number {
  const sent = (rows: LedgerEntry[]) => rows.filter((row) => row.sent).length;
  return sent(ledgerBuffer()) + sent(hashOnlyBuffer());
}

/** Every waiting row, taken for writing. */
export function takeLedgerRows(): LedgerEntry[] {
  return ledgerBuffer().splice(0).concat(hashOnlyBuffer().splice(0));
}

/**
 * Rows a write could not store, back in front of those that came since (concat: no spread, whatever
 * their number), within the limits: while a write is under way the buffers fill again, so up to
 * twice each limit is held until it ends; past the limit the newest are dropped and counted.
 */
export function putBackLedgerRows(rows: LedgerEntry[]) {
  const keep = (kept: LedgerEntry[], limit: number, dropped: typeof DROPPED | typeof DROPPED_HASH_ONLY) => {
    if (kept.length > limit) registry[dropped] = (registry[dropped] ?? 0) + kept.length - limit;
    return kept.length > limit ? kept.slice(0, limit) : kept;
  };
  registry[BUFFER] = keep(rows.filter((row) => row.keyId !== null).concat(ledgerBuffer()), LEDGER_BUFFER_LIMIT, DROPPED);
  registry[HASH_ONLY] = keep(rows.filter((row) => row.keyId === null).concat(hashOnlyBuffer()), HASH_ONLY_BUFFER_LIMIT, DROPPED_HASH_ONLY);
}

/** Rows dropped since the last call, for the writer's log: of known keys, and refusals known only by a key's hash. */
export function takeDroppedCounts(): { known: number; hashOnly: number } {
  const dropped = { known: registry[DROPPED] ?? 0, hashOnly: registry[DROPPED_HASH_ONLY] ?? 0 };
  registry[DROPPED] = 0;
  registry[DROPPED_HASH_ONLY] = 0;
  return dropped;
}
