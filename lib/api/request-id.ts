// Request ids (x-request-id) are UUIDv7 (RFC 9562): the first 48 bits are the time in ms, so Hero
// support finds a quoted id in the ledger by its time, without an index on the id (lib/request-lookup.ts).
// Edge-safe: the middleware names its own refusals with them.

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

export function newRequestId(now = Date.now()): string {
  // A UUIDv4's last 74 random bits and its variant, behind 48 bits of time and version 7: the
  // runtime's randomUUID draws from a pooled source, far cheaper than getRandomValues per call (BENCHMARKS.md).
  const time = now.toString(16).padStart(12, "0");
  return `${time.slice(0, 8)}-${time.slice(8)}-7${crypto.randomUUID().slice(15)}`;
}

/** When a request id of ours was made; null for anything else (an id from before 7 December 2026 was a UUIDv4). */
export function requestIdTime(id: string): Date | null {
  const text = id.trim().toLowerCase();
  return UUID_V7.test(text) ? new Date(parseInt(text.slice(0, 8) + text.slice(9, 13), 16)) : null;
}
