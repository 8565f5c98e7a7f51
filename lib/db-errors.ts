// Whether an error means PostgreSQL could not be reached or did not answer in time (as opposed to
// a bug or a constraint): the API answers 503 service_unavailable, the dashboard its error page.
const UNAVAILABLE =
  /timeout|timed out|Connection terminated|ECONNREFUSED|ECONNRESET|connect|Unable to start a transaction|Transaction already closed|57014|57P0[1-3]|08\d{3}/i;

export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && depth < 5; depth++) {
    if (current instanceof Error) {
      const code = (current as { code?: unknown }).code;
      if (UNAVAILABLE.test(current.message) || (typeof code === "string" && UNAVAILABLE.test(code))) return true;
      current = (current as { cause?: unknown }).cause;
    } else return false;
  }
  return false;
}
