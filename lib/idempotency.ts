// Writes a partner can retry safely (the rules: REQUEST_HEADERS.idempotencyKey). The first
// request with an Idempotency-Key that succeeds stores what it created, in the transaction that
// created it; a retry is answered with that record as it is now. Nothing of the response is
// stored: the record itself is read again, so no copy of patient data is kept here. Keys belong
// to the caller (VerifiedKey.callerId), so a retry still matches after Rotate API key.
import { hash } from "node:crypto";

import type { VerifiedKey } from "@/lib/api-keys";
import { ApiError } from "@/lib/api/errors";
import { IDEMPOTENCY_KEY_PATTERN, REQUEST_HEADERS } from "@/lib/api/headers";
import { prisma, type Tx } from "@/lib/db";
import { DomainError } from "@/lib/domain-error";
import { IDEMPOTENCY_WINDOW_HOURS } from "@/lib/limits";

/** The key a request sent, with what it must match: one per write that sent one. */
export type Idempotency = { callerId: string; keyHash: string; fingerprint: string };

const KEY_SHAPE = new RegExp(IDEMPOTENCY_KEY_PATTERN);

/** The request's Idempotency-Key and its fingerprint; null when it sent none; 400 for one of the wrong shape. */
export function readIdempotency(
  request: Request,
  { callerId }: VerifiedKey,
  what: { route: string; practiceGroupId: string; body: unknown },
): Idempotency | null {
  const key = request.headers.get(REQUEST_HEADERS.idempotencyKey.name);
  if (key === null) return null;
  if (!KEY_SHAPE.test(key))
    throw new ApiError({
      code: "invalid_request",
      message: `${REQUEST_HEADERS.idempotencyKey.name} must match ${IDEMPOTENCY_KEY_PATTERN} (1 to 255 visible ASCII characters), e.g. a UUID.`,
    });
  return { callerId, keyHash: hash("sha256", key, "hex"), fingerprint: hash("sha256", JSON.stringify([what.route, what.practiceGroupId, what.body]), "hex") };
}

const cutoff = () => new Date(Date.now() - IDEMPOTENCY_WINDOW_HOURS * 3_600_000);

/** The id of what an earlier request with this key created, while it is kept; 400 if that request was another one. */
async function earlierResult({ callerId, keyHash, fingerprint }: Idempotency): Promise<string | null> {
  const earlier = await prisma.idempotencyKey.findFirst({ where: { callerId, keyHash, createdAt: { gt: cutoff() } } });
  if (!earlier) return null;
  if (earlier.fingerprint !== fingerprint)
    throw new ApiError({
      code: "invalid_request",
      message: `This ${REQUEST_HEADERS.idempotencyKey.name} was used in the last ${IDEMPOTENCY_WINDOW_HOURS} hours for a different request (another endpoint, practice group or body). Use a new key for each operation.`,
    });
  return earlier.resourceId;
}

/**
 * Forgets every caller's keys past the window (npm run db:prune, daily). A write forgets its own
 * caller's old keys (claimIdempotencyKey), but a caller that stops writing would keep its last
 * day's keys for good. In batches, so no statement holds many rows at once.
 */
export async function pruneIdempotencyKeys(batch = 10_000): Promise<number> {
  for (let total = 0; ;) {
    const deleted = await prisma.$executeRaw`DELETE FROM idempotency_keys WHERE ("callerId", "keyHash") IN (
      SELECT "callerId", "keyHash" FROM idempotency_keys WHERE "createdAt" <= ${cutoff()} LIMIT ${batch})`;
    total += deleted;
    if (deleted < batch) return total;
  }
}

/** Thrown in a write's transaction when a request with the same key committed first: the write is rolled back. */
class AlreadyDone extends Error {}

/**
 * In the write's transaction: stores what it created under the request's key. If a request with
 * the same key committed meanwhile (PostgreSQL makes this insert wait for it), this write is
 * rolled back and answered as that one was (runIdempotent).
 */
export async function claimIdempotencyKey(tx: Tx, idempotency: Idempotency | undefined, resourceId: string) {
  if (!idempotency) return;
  const { callerId, keyHash, fingerprint } = idempotency;
  // Keys past their window are forgotten here (an index on callerId and createdAt finds them).
  await tx.idempotencyKey.deleteMany({ where: { callerId, createdAt: { lte: cutoff() } } });
  // Stored as UTC without a zone, as Prisma writes it.
  const claimed = await tx.$executeRaw`INSERT INTO idempotency_keys ("callerId", "keyHash", fingerprint, "resourceId", "createdAt")
    VALUES (${callerId}::uuid, ${keyHash}, ${fingerprint}, ${resourceId}::uuid, ${new Date().toISOString()}::timestamptz AT TIME ZONE 'UTC')
    ON CONFLICT DO NOTHING`;
  if (claimed === 0) throw new AlreadyDone();
}

/** The failures that mean a copy of the same request got there first: its key claimed, or its booking of the slot. */
const lostToACopy = (error: unknown) => error instanceof AlreadyDone || (error instanceof DomainError && error.kind === "slot_unavailable");

/**
 * Runs a write, or answers with what an earlier request with the same key created: `run(null)`
 * creates, `run(id)` answers with the record `id` (the caller marks that answer, 404 included,
 * with REPLAYED_HEADER). A write that lost to a copy of itself is answered as that copy was.
 * A replay checks its caller again first (`hold`, as the write's transaction does): a key that
 * died while the request ran gets the refusal, not what its live twin created.
 */
export async function runIdempotent(
  idempotency: Idempotency | null,
  run: (replayOf: string | null) => Promise<Response>,
  hold: (tx: Tx) => Promise<void>,
): Promise<Response> {
  if (!idempotency) return run(null);
  const replay = async (id: string) => {
    await prisma.$transaction(hold);
    return run(id);
  };
  const earlier = await earlierResult(idempotency);
  if (earlier) return replay(earlier);
  try {
    return await run(null);
  } catch (error) {
    if (!lostToACopy(error)) throw error;
    // A failed lookup is the database's 503, which a retry replays: the loss was to this very request.
    const winner = await earlierResult(idempotency);
    if (winner) return replay(winner);
    throw error;
  }
}
