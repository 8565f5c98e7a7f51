// Request ids (x-request-id) are UUIDv7 (RFC 9562): the first 48 bits are the time in ms, so Hero
// support finds a quoted id in the ledger by its time, without an index on the id (lib/request-lookup.ts).
// Edge-safe: the middleware names its own refusals with them.

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

export function newRequestId(now = Date.now()): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  for (let i = 5, ms = now; i >= 0; i--, ms = Math.floor(ms / 256)) bytes[i] = ms % 256;
  bytes[6] = (bytes[6] & 0x0f) | 0x70;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  let hex = "";
  for (const byte of bytes) hex += byte.toString(16).padStart(2, "0");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** When a request id of ours was made; null for anything else (an id from before 7 December 2026 was a UUIDv4). */
export function requestIdTime(id: string): Date | null {
  const text = id.trim().toLowerCase();
  return UUID_V7.test(text) ? new Date(parseInt(text.slice(0, 8) + text.slice(9, 13), 16)) : null;
}
