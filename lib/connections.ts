// One partner, one live key. A practice × partner connection is Connected with exactly one live
// key (possibly expired) or not connected with none, however the key was made (Connect, Generate
// API Key, Rotate API key). Every change takes the connection's row lock (after holding the
// partner's), so concurrent changes run one after another; the partial unique index on
// api_keys("connectionId") backs it. Locks go partner, connection, key, wherever they are taken.
import { ActionError } from "@/lib/action-error";
import { issueKey, revokeKeys } from "@/lib/api-keys";
import type { Actor } from "@/lib/audit";
import { prisma, type Tx } from "@/lib/db";
import type { Partner, Scope } from "@/lib/generated/prisma/client";
import { reloadRateLimitOverrides } from "@/lib/rate-limit-overrides";
import { grantedScopes, inScopeOrder, scopeLabels } from "@/lib/scopes";

/** What the practice chooses for a new key; anything left out keeps the default. */
export type KeyOptions = { name?: string; expiresAt?: Date | null; scopes?: Scope[] };

/**
 * `reason`: why Hero support acted (lib/support.ts), kept in each audit event. `replacing`: the
 * live key the user was shown (null: none), so a key someone else made since is never replaced
 * unseen; left out, whichever key is live.
 */
export type PartnerAction = {
  practiceGroupId: string;
  partnerId: string;
  actor: Actor;
  options?: KeyOptions;
  reason?: string;
  replacing?: string | null;
  /** The live key's scopes as the page showed them: a replacement chosen from them must not quietly undo Hero support's Change scopes. */
  shownScopes?: Scope[];
};

type LiveKey = { id: string; name: string; displayKey: string; scopes: Scope[]; expiresAt: Date | null; createdAt: Date };
export type Locked = { tx: Tx; partner: Partner; connection: { id: string; connected: boolean }; liveKey: LiveKey | null };

/**
 * Runs `change` in a transaction holding the connection's row lock (the row is created if new).
 * A connection with Hero support's higher limit reloads this instance's overrides once it commits:
 * a new key (Rotate API key) has the limit here at once, elsewhere at the next refresh.
 */
export async function withLockedConnection<T>(action: PartnerAction, change: (locked: Locked) => Promise<T>) {
  let override = false;
  const result = await prisma.$transaction(async (tx) => {
    const { practiceGroupId, partnerId } = action;
    // Held: a Suspend or Edit partner under way is waited for, then seen (a Connect read beside a
    // Suspend would leave a suspended partner Connected).
    await tx.$executeRaw`SELECT 1 FROM partners WHERE id = ${partnerId}::uuid FOR SHARE`;
    const partner = await tx.partner.findUnique({ where: { id: partnerId } });
    if (!partner) throw new ActionError("Select a partner from the list", "partnerId");
    await tx.$executeRaw`
      INSERT INTO partner_connections (id, "practiceGroupId", "partnerId", status, "updatedAt")
      VALUES (gen_random_uuid(), ${practiceGroupId}::uuid, ${partnerId}::uuid, 'DISCONNECTED', now() AT TIME ZONE 'UTC')
      ON CONFLICT ("practiceGroupId", "partnerId") DO NOTHING`;
    const [row] = await tx.$queryRaw<{ id: string; status: string; rateLimit: number | null }[]>`
      SELECT id, status::text AS status, "rateLimit" FROM partner_connections
      WHERE "practiceGroupId" = ${practiceGroupId}::uuid AND "partnerId" = ${partnerId}::uuid
      FOR UPDATE`;
    const liveKey = await tx.apiKey.findFirst({
      where: { connectionId: row.id, revokedAt: null },
      select: { id: true, name: true, displayKey: true, scopes: true, expiresAt: true, createdAt: true },
    });
    override = row.rateLimit !== null;
    return change({ tx, partner, connection: { id: row.id, connected: row.status === "CONNECTED" }, liveKey });
  });
  if (override) await reloadRateLimitOverrides();
  return result;
}

/**
 * The expiry a new key gets when none was chosen (Hero support's Rotate API key): the replaced
 * key's date, or, once that has passed, the same length of life from now. Never none in place of one.
 */
function keptExpiry(liveKey: LiveKey | null, now = new Date()): Date | null {
  if (!liveKey?.expiresAt) return null;
  if (liveKey.expiresAt > now) return liveKey.expiresAt;
  return new Date(now.getTime() + (liveKey.expiresAt.getTime() - liveKey.createdAt.getTime()));
}

/**
 * The scopes a new key gets: the practice's choice (within the partner's), else the previous
 * key's that the partner still offers, else the partner's (a first key). Never more than the
 * practice granted: with none of its grant still offered (Hero support narrowed the partner),
 * the new key keeps the grant as it was and, like the old one, may use none of it.
 */
function scopesFor({ partner, liveKey }: Locked, chosen: Scope[] | undefined): Scope[] {
  if (chosen) {
    checkChosenScopes(partner, chosen);
    return grantedScopes(chosen, partner.scopes);
  }
  if (!liveKey) return partner.scopes;
  const kept = grantedScopes(liveKey.scopes, partner.scopes);
  return kept.length ? kept : liveKey.scopes;
}

/**
 * Scopes chosen on a page: at least one, all of them still the partner's. One it no longer offers
 * means Hero support changed the partner since the page loaded: said for the whole form, which
 * reloads the page as it closes (at the scopes field, the stale choices stayed on reopening).
 */
export function checkChosenScopes(partner: Pick<Partner, "name" | "scopes">, chosen: Scope[]) {
  if (chosen.length === 0) throw new ActionError(`Choose at least one of ${partner.name}'s scopes`, "scopes");
  const gone = chosen.filter((scope) => !partner.scopes.includes(scope));
  if (gone.length)
    throw new ActionError(
      `${partner.name} no longer offers ${scopeLabels(gone)}: its scopes were changed since this page was loaded. Nothing was changed: close this, check them and try again.`,
    );
}

/**
 * Issues the connection's key, revoking the live one first (a rotation), and marks the
 * partner Connected. Generate API Key's is marked `shownOnce`: only Share key shows it again.
 */
export async function replaceConnectionKey(
  locked: Locked,
  { actor, practiceGroupId, options = {}, replacing, shownScopes }: PartnerAction,
  { shownOnce = false }: { shownOnce?: boolean } = {},
) {
  const { tx, partner, connection, liveKey } = locked;
  refuseIfKeyChanged(locked, replacing, shownScopes);
  // Its key would be refused from the first request. A connected partner's key may still be
  // replaced while it is suspended (a key thought leaked), to work once it is resumed.
  if (partner.suspendedAt && !connection.connected) {
    throw new ActionError(`Hero support has suspended ${partner.name}: it cannot be connected until it is resumed. Nothing was changed.`);
  }
  if (options.expiresAt && options.expiresAt <= new Date()) throw new ActionError("Choose an expiry date after today", "expiryDate");
  const scopes = scopesFor(locked, options.scopes);
  if (liveKey) await revokeKeys(tx, { id: liveKey.id }, "rotated", actor.id);
  if (!connection.connected) {
    await tx.partnerConnection.update({ where: { id: connection.id }, data: { status: "CONNECTED", connectedAt: new Date(), disconnectedAt: null } });
  }
  const { record, plaintext } = await issueKey(tx, {
    kind: "PARTNER",
    practiceGroupId,
    partnerId: partner.id,
    connectionId: connection.id,
    // Left out (Hero support's Rotate API key): the replaced key's name and expiry.
    name: (options.name ?? liveKey?.name ?? "").trim(),
    scopes,
    createdById: actor.id,
    shownOnce,
    expiresAt: options.expiresAt === undefined ? keptExpiry(liveKey) : options.expiresAt,
  });
  return { record, plaintext, replaced: liveKey };
}

/**
 * Refuses a change made from a page that showed another live key than the one now (PartnerAction's
 * `replacing`), or the same key with other scopes (`shownScopes`: another super admin's Change
 * scopes, which a choice made from the page's would quietly undo).
 */
export function refuseIfKeyChanged({ partner, liveKey }: Locked, replacing: string | null | undefined, shownScopes?: Scope[]) {
  if (replacing !== undefined && replacing !== (liveKey?.id ?? null)) {
    throw new ActionError(`${partner.name}'s key has changed since this page was loaded. Nothing was changed: close this, check the key and try again.`);
  }
  if (shownScopes && liveKey && inScopeOrder(grantedScopes(liveKey.scopes, partner.scopes)).join() !== inScopeOrder(shownScopes).join()) {
    throw new ActionError(
      `The scopes of ${partner.name}'s key have changed since this page was loaded. Nothing was changed: close this, check them and try again.`,
    );
  }
}

/** Disconnects the partner: its live key stops at once and the connection is closed. */
export async function closeConnection({ tx, connection }: Locked, actor: Actor, reason: "disconnected" | "revoked") {
  const { count } = await revokeKeys(tx, { connectionId: connection.id }, reason, actor.id);
  await tx.partnerConnection.update({ where: { id: connection.id }, data: { status: "DISCONNECTED", disconnectedAt: new Date() } });
  return count;
}
