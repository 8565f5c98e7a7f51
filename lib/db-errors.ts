// Whether an error means PostgreSQL could not be reached or did not answer in time (as opposed to
// a bug or a constraint): the API answers 503 service_unavailable, the dashboard its error page.
// Codes are matched whole and phrases as words, so an id or an NHS number in a bug's message
// (a UUID holding "08123", a field named connectionId) never passes for an outage.
const UNAVAILABLE_CODE = /^(57014|57P0[1-3]|08[0-9A-Z]{3}|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|P1001|P1002|P1008|P1017|P2024)$/;
const UNAVAILABLE_MESSAGE =
  /\b(timeout|timed out|Connection terminated|ECONNREFUSED|ECONNRESET|ETIMEDOUT|connect|Unable to start a transaction|Transaction already closed|Can't reach database server)\b/i;

export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && depth < 5; depth++) {
    if (current instanceof Error) {
      const code = (current as { code?: unknown }).code;
      if (UNAVAILABLE_MESSAGE.test(current.message) || (typeof code === "string" && UNAVAILABLE_CODE.test(code))) return true;
      current = (current as { cause?: unknown }).cause;
    } else return false;
  }
  return false;
}
