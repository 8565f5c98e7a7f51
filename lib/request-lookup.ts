// Hero support's "Find a request": the ledger's row for an x-request-id a partner quotes (the
// developer docs ask them to). The id is a UUIDv7 (lib/api/request-id.ts), so its time bounds the
// search to a few minutes, which the BRIN index on "at" finds without reading the month.
import { ROW_FIELDS, ROW_JOINS, type LedgerRow } from "@/lib/api-activity";
import { requestIdTime } from "@/lib/api/request-id";
import { instant, prisma } from "@/lib/db";

// The id is made as the request arrives and the row is dated as it is answered, on the same
// instance's clock: later by at most the request's own time (Node's 300 s requestTimeout bounds a
// slow body). Before: a minute, for a clock the system stepped back meanwhile.
const EARLIER_MS = 60_000;
const LATER_MS = 10 * 60_000;

export type FoundRequest =
  { state: "not_an_id" } | { state: "not_found"; at: Date } | { state: "found"; row: LedgerRow & { keyId: string; practiceGroupId: string } };

export async function findRequest(requestId: string): Promise<FoundRequest> {
  const at = requestIdTime(requestId);
  if (!at) return { state: "not_an_id" };
  // Not made yet (or past what PostgreSQL can hold: a UUIDv7 reaches the year 10889).
  if (at.getTime() > Date.now() + EARLIER_MS) return { state: "not_found", at };
  const [row] = await prisma.$queryRawUnsafe<(LedgerRow & { keyId: string; practiceGroupId: string })[]>(
    `SELECT ${ROW_FIELDS}, r."keyId", r."keyPracticeGroupId" AS "practiceGroupId" FROM api_requests r ${ROW_JOINS}
     WHERE r.at >= $1::timestamptz AND r.at < $2::timestamptz AND r."requestId" = $3 LIMIT 1`,
    instant(new Date(at.getTime() - EARLIER_MS)),
    instant(new Date(at.getTime() + LATER_MS)),
    requestId.trim().toLowerCase(),
  );
  return row ? { state: "found", row } : { state: "not_found", at };
}
