// Hero support's higher rate limits (seed 001/003: "Contact Hero support if your integration
// requires a higher limit"). Set per connection, so a rotated key keeps it, or per user key (Edit). Each instance loads
// every override every RATE_LIMIT_OVERRIDE_REFRESH_MS (default 15 s) into lib/ratelimit.ts's
// registry, which the middleware reads: a change holds everywhere within that time, and no
// request waits on the database for it.
import { ActionError } from "@/lib/action-error";
import { recordAudit, type Actor } from "@/lib/audit";
import { prisma } from "@/lib/db";
import { isDatabaseUnavailable } from "@/lib/db-errors";
import { positiveIntegerEnv } from "@/lib/env";
import { OVERRIDE_REFRESH_MS, RATE_LIMIT, RATE_LIMIT_OVERRIDE_MAX } from "@/lib/limits";
import { setRateLimitOverrides, startOverrideLoad } from "@/lib/ratelimit";

export function overrideRefreshMs(): number {
  return positiveIntegerEnv("RATE_LIMIT_OVERRIDE_REFRESH_MS", OVERRIDE_REFRESH_MS);
}

/** `key:<hash>` of every live key with an override, to its limit: a partner key's from its connection, a user key's its own. */
export async function loadRateLimitOverrides(): Promise<Map<string, number>> {
  const rows = await prisma.$queryRaw<{ keyHash: string; rateLimit: number }[]>`
    SELECT k."keyHash", c."rateLimit" FROM partner_connections c
    JOIN api_keys k ON k."connectionId" = c.id AND k."revokedAt" IS NULL
    WHERE c."rateLimit" IS NOT NULL AND c.status = 'CONNECTED'
    UNION ALL
    SELECT k."keyHash", k."rateLimit" FROM api_keys k WHERE k."rateLimit" IS NOT NULL AND k."revokedAt" IS NULL`;
  return new Map(rows.map((row) => [`key:${row.keyHash}`, row.rateLimit]));
}

/** Loads and applies the overrides; an older read never replaces a newer one (setRateLimitOverrides). */
export async function refreshRateLimitOverrides() {
  const load = startOverrideLoad();
  setRateLimitOverrides(await loadRateLimitOverrides(), load);
}

/** Reloads after a change has committed: a failure keeps the last overrides until the next refresh. */
export function reloadRateLimitOverrides(): Promise<void> {
  return refreshRateLimitOverrides().catch((error: unknown) => {
    const why = isDatabaseUnavailable(error) ? "PostgreSQL unavailable or too slow" : error instanceof Error ? error.name : "error";
    console.warn(`Rate-limit overrides not refreshed (${why}); the last ones stay until the next refresh`);
  });
}

let started = false;

/** Called once per server process (instrumentation.ts). A failed load keeps the last overrides. */
export function startRateLimitOverrideRefresh() {
  if (started) return;
  started = true;
  void reloadRateLimitOverrides();
  setInterval(reloadRateLimitOverrides, overrideRefreshMs()).unref();
}

type SetLimit = { practiceGroupId: string; partnerId: string; rateLimit: number | null; actor: Actor; reason: string };

/** Refuses a limit that is not a whole number above the default and within the maximum; null (the default) passes. */
export function checkRateLimit(rateLimit: number | null) {
  if (rateLimit !== null && (!Number.isInteger(rateLimit) || rateLimit <= RATE_LIMIT || rateLimit > RATE_LIMIT_OVERRIDE_MAX)) {
    throw new ActionError(
      `Enter a whole number from ${RATE_LIMIT + 1} to ${RATE_LIMIT_OVERRIDE_MAX.toLocaleString("en-GB")}, or clear the field for the default ${RATE_LIMIT}`,
      "rateLimit",
    );
  }
}

/**
 * Sets (or, with null, removes) a connection's override; in the practice's Activity as Hero support.
 * This instance has it at once, the others at their next refresh.
 */
export async function setConnectionRateLimit({ practiceGroupId, partnerId, rateLimit, actor, reason, shown }: SetLimit & { shown?: number | null }) {
  checkRateLimit(rateLimit);
  await prisma.$transaction(async (tx) => {
    // Locked first, so the read below sees a change committed while this waited: the audit's "from" is true.
    await tx.$executeRaw`SELECT 1 FROM partner_connections WHERE "practiceGroupId" = ${practiceGroupId}::uuid AND "partnerId" = ${partnerId}::uuid FOR UPDATE`;
    const connection = await tx.partnerConnection.findUnique({
      where: { practiceGroupId_partnerId: { practiceGroupId, partnerId } },
      select: { id: true, rateLimit: true, partner: { select: { id: true, name: true } } },
    });
    if (!connection) throw new ActionError("This partner has never been connected to this practice");
    // From a page that showed another limit (another super admin's change): saving would quietly replace it.
    if (shown !== undefined && shown !== connection.rateLimit)
      throw new ActionError(
        `The rate limit of ${connection.partner.name} here has changed since this page was loaded. Nothing was changed: close this, check it and try again.`,
      );
    // A save that changes nothing is no change: the practice's Activity would show one.
    if (rateLimit === connection.rateLimit)
      throw new ActionError(`Nothing to save: the rate limit is already ${(rateLimit ?? RATE_LIMIT).toLocaleString("en-GB")} a minute.`, "rateLimit");
    await tx.partnerConnection.update({ where: { id: connection.id }, data: { rateLimit } });
    await recordAudit(tx, {
      actor,
      action: "partner.rate_limit_changed",
      practiceGroupId,
      target: { type: "partner", id: connection.partner.id, label: connection.partner.name },
      metadata: { from: connection.rateLimit ?? RATE_LIMIT, to: rateLimit ?? RATE_LIMIT, reason },
    });
  });
  await reloadRateLimitOverrides();
}
