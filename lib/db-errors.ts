// Whether an error means PostgreSQL could not be reached or did not answer in time (as opposed to
// a bug or a constraint): the API answers 503 service_unavailable, the dashboard its error page
// (a form whose session could not be read says so in the form, lib/actions.ts).
// Codes are matched whole and phrases as words, so an id or an NHS number in a bug's message
// (a UUID holding "08123", a field named connectionId) never passes for an outage. Through
// Prisma's driver adapter the code can sit in a plain-object cause (kind, originalCode) or, for a
// raw query, only in the message ("Raw query failed. Code: `57P01`"). A Prisma error with a code
// of its own is judged by that code alone: its message quotes the query's arguments and, outside
// production, the calling file, and a query Prisma refused to build is always a bug.
const CODES = "57014|57P0[1-3]|08[0-9A-Z]{3}|53300";
const UNAVAILABLE_CODE = new RegExp(`^(${CODES}|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|ENOTFOUND|EAI_AGAIN|P1001|P1002|P1008|P1017|P2024|P2028|P2037)$`);
const UNAVAILABLE_MESSAGE =
  /\b(timeout|timed out|connect|connection|connections|ECONNREFUSED|ECONNRESET|ETIMEDOUT|Unable to start a transaction|Transaction already closed|Can't reach database server|not yet accepting|shutting down|starting up)\b/i;
const RAW_QUERY_CODE = new RegExp(`Code: \`(${CODES})\``);
/** The driver adapter's kinds of error (@prisma/adapter-pg) that mean the database is out of reach. */
const UNAVAILABLE_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections", "TransactionAlreadyClosed"]);

type Described = { message?: unknown; code?: unknown; originalCode?: unknown; originalMessage?: unknown; kind?: unknown };

function saysUnavailable({ message, code, originalCode, originalMessage, kind }: Described): boolean {
  const matches = (value: unknown, pattern: RegExp) => typeof value === "string" && pattern.test(value);
  return (
    matches(message, UNAVAILABLE_MESSAGE) ||
    matches(originalMessage, UNAVAILABLE_MESSAGE) ||
    matches(code, UNAVAILABLE_CODE) ||
    matches(originalCode, UNAVAILABLE_CODE) ||
    (typeof kind === "string" && UNAVAILABLE_KINDS.has(kind))
  );
}

export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && typeof current === "object" && depth < 5; depth++) {
    const { name, code, message, cause, meta } = current as Described & { name?: unknown; cause?: unknown; meta?: { driverAdapterError?: unknown } };
    if (name === "PrismaClientValidationError") return false;
    const prismaCode = typeof code === "string" && /^P\d{4}$/.test(code) ? code : null;
    if (prismaCode) {
      // P2010, a raw query's failure, names the database's own code: in its message and its cause.
      if (UNAVAILABLE_CODE.test(prismaCode) || (prismaCode === "P2010" && typeof message === "string" && RAW_QUERY_CODE.test(message))) return true;
      if (prismaCode !== "P2010") return false;
    } else if (saysUnavailable(current as Described)) return true;
    current = cause ?? meta?.driverAdapterError;
  }
  return false;
}

/**
 * An error as the server log keeps it: its name and code, and its message's first and last lines.
 * A Prisma message quotes the query's arguments between them (patient details, hashes, ciphertext),
 * which no log should hold; the last line says what was wrong.
 */
export function loggableError(error: unknown): string {
  if (!(error instanceof Error)) return "unknown error";
  const code = (error as { code?: unknown }).code;
  const lines = error.message
    .split("\n")
    .map((line) => line.trim().slice(0, 200))
    .filter(Boolean);
  const text = lines.length > 1 ? `${lines[0]} … ${lines[lines.length - 1]}` : (lines[0] ?? "");
  return `${error.name}${typeof code === "string" ? ` ${code}` : ""}: ${text}`;
}

/** A unique index refused the write (Prisma's P2002): the value is taken, perhaps by a write of the same moment. */
export const isUniqueViolation = (error: unknown) => error instanceof Error && (error as { code?: unknown }).code === "P2002";
