// Hero support's "Share key" (seed 000: "securely share the key with you again"). A link holds
// a random 256-bit token in its fragment (#…), which browsers never send to a server, so it
// stays out of access logs and Referer headers; the page posts it to open the link. Only the
// token's SHA-256 is stored, and a link shows the key once: the first open marks it used.
import { randomBytes } from "node:crypto";

import { ActionError } from "@/lib/action-error";
import { holdKey, keyHashOf, revealKey } from "@/lib/api-keys";
import { recordAudit, type Actor } from "@/lib/audit";
import { prisma, type Tx } from "@/lib/db";
import { appOrigin } from "@/lib/env";
import { keyLabel, keyStatus } from "@/lib/key-status";
import { isSuperAdmin, type SessionUser } from "@/lib/session";
import { supportActor } from "@/lib/support";

export const SHARE_LINK_HOURS = 24;
export const SHARE_PATH = "/share";
export const SHARE_OPENER = "Someone with the share link";

/** Why Hero support cannot share a live key: on its page and, should the page be stale, from createKeyShare. */
export const NOT_SHAREABLE = {
  hashOnly:
    "This key was made by Generate API Key before 7 December 2026 and is stored as a hash only, so it cannot be shared. Rotate API key, then Share key.",
  expired: "This key has expired: nothing to share. Rotate API key to give the partner a new one.",
  unreadable: "This key was stored under an earlier server encryption key, so it cannot be shown or shared. Rotate API key, then Share key.",
} as const;

/** Null when the live key can be shared; else why not, in NOT_SHAREABLE's words. */
export function whyNotShareable(key: { revokedAt: Date | null; expiresAt: Date | null; encrypted: boolean }): string | null {
  if (keyStatus(key) === "Expired") return NOT_SHAREABLE.expired;
  return key.encrypted ? null : NOT_SHAREABLE.hashOnly;
}

// A share token is stored as a key is: its SHA-256 in hex.
const tokenHashOf = keyHashOf;

/**
 * Holds a partner key with its partner and connection, in the order a rotation takes them
 * (lib/connections.ts): a Suspend, or a Rotate API key or Disconnect from its start (before it
 * reaches the key), is waited for, then seen.
 */
async function holdPartnerKey(tx: Tx, keyId: string) {
  await tx.$executeRaw`SELECT 1 FROM partners p JOIN api_keys k ON k."partnerId" = p.id WHERE k.id = ${keyId}::uuid FOR SHARE OF p`;
  await tx.$executeRaw`SELECT 1 FROM partner_connections c JOIN api_keys k ON k."connectionId" = c.id WHERE k.id = ${keyId}::uuid FOR SHARE OF c`;
  await holdKey(tx, keyId);
}

type ShareInput = { practiceGroupId: string; keyId: string; actor: Actor; reason: string };

/** A one-time link to a live partner key of the practice; the token is returned once, here. */
export async function createKeyShare({ practiceGroupId, keyId, actor, reason }: ShareInput) {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(Date.now() + SHARE_LINK_HOURS * 3_600_000);
  await prisma.$transaction(async (tx) => {
    await holdPartnerKey(tx, keyId);
    const key = await tx.apiKey.findFirst({
      where: { id: keyId, practiceGroupId, kind: "PARTNER", revokedAt: null },
      select: {
        id: true,
        name: true,
        displayKey: true,
        revokedAt: true,
        expiresAt: true,
        partner: { select: { name: true, suspendedAt: true } },
      },
    });
    if (!key) throw new ActionError("This key is no longer live: nothing to share");
    // Suspend is the switch for a compromised partner: its keys are not handed out until it is resumed.
    if (key.partner?.suspendedAt)
      throw new ActionError(`${key.partner.name} is suspended: rotate its key first if it may have leaked, then resume it and share the key`);
    // Whether a copy is stored (a live key not viewable with `sharing` has none) and readable.
    const revealed = await revealKey(key.id, { practiceGroupId, kind: "PARTNER", sharing: true }, tx);
    const refusal = whyNotShareable({ ...key, encrypted: revealed.state !== "not_viewable" });
    if (refusal) throw new ActionError(refusal);
    // A link to a key nobody could be shown would only fail when the partner opens it.
    if (revealed.state === "unreadable") throw new ActionError(NOT_SHAREABLE.unreadable);
    const link = await tx.keyShareLink.create({ data: { apiKeyId: key.id, tokenHash: tokenHashOf(token), createdById: actor.id, expiresAt } });
    await recordAudit(tx, {
      actor,
      action: "api_key.share_created",
      practiceGroupId,
      target: { type: "api_key", id: key.id, label: `${key.partner?.name ?? "Partner"} ${keyLabel(key)}` },
      metadata: { linkId: link.id, expiresAt: expiresAt.toISOString(), reason },
    });
  });
  // On the app's configured address, as booking links are: never the one support's browser reached (an internal name).
  const path = `${SHARE_PATH}#${token}`;
  return { path, url: `${appOrigin()}${path}`, expiresAt };
}

export type OpenedShare =
  | { ok: true; key: string; partnerName: string; practiceName: string; practiceGroupId: string; displayKey: string }
  // retry: the link was not used, so the button stays (a refusal before the link was looked at).
  | { ok: false; error: string; retry?: true };

const DEAD_LINK = "This link has already been opened, has expired or does not exist. Ask Hero support for a new one.";

const UNREADABLE = "This key cannot be shown. The link has not been used up: ask Hero support for a new key.";

/** Rolls back the opening: the key is live but this server cannot decrypt it (lib/api-keys.ts revealKey). */
class KeepLinkUnused extends Error {}

/**
 * Who opened a link, as far as the server knows: the address it came from and, if someone signed
 * in opened it (support opening its own link, say), who.
 */
export type ShareOpener = { user?: Pick<SessionUser, "id" | "name" | "role" | "practiceGroupId" | "session">; address?: string };

/** Named to the practice as its Activity names anyone (lib/support.ts): support as Hero support, its own staff by name, anyone else not. */
function openerActor({ user }: ShareOpener, practiceGroupId: string): Actor | { id: null; name: string } {
  if (!user) return { id: null, name: SHARE_OPENER };
  if (isSuperAdmin(user)) return supportActor(user);
  return { id: user.id, name: user.practiceGroupId === practiceGroupId ? user.name : SHARE_OPENER, session: user.session };
}

/** Opens a link once: marking it used and reading the key happen in one transaction, under the key's lock. */
export async function openKeyShare(token: string, opener: ShareOpener = {}): Promise<OpenedShare> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return { ok: false, error: DEAD_LINK };
  try {
    return await openLink(token, opener);
  } catch (error) {
    if (!(error instanceof KeepLinkUnused)) throw error;
    console.warn("A shared key could not be decrypted: it was stored under an earlier API_KEY_ENCRYPTION_KEY. The link was left unused.");
    return { ok: false, error: UNREADABLE };
  }
}

function openLink(token: string, opener: ShareOpener): Promise<OpenedShare> {
  return prisma.$transaction(async (tx) => {
    const [link] = await tx.$queryRaw<{ id: string; apiKeyId: string }[]>`
      UPDATE key_share_links SET "openedAt" = now() AT TIME ZONE 'UTC'
      WHERE "tokenHash" = ${tokenHashOf(token)} AND "openedAt" IS NULL AND "expiresAt" > now() AT TIME ZONE 'UTC'
      RETURNING id, "apiKeyId"`;
    if (!link) return { ok: false, error: DEAD_LINK };
    await holdPartnerKey(tx, link.apiKeyId);
    const key = await tx.apiKey.findUniqueOrThrow({
      where: { id: link.apiKeyId },
      select: {
        name: true,
        displayKey: true,
        practiceGroupId: true,
        revokedAt: true,
        expiresAt: true,
        partner: { select: { name: true, suspendedAt: true } },
        practiceGroup: { select: { name: true } },
      },
    });
    // An expired key, or a suspended partner's, is not shown either: it would be refused.
    const suspended = Boolean(key.partner?.suspendedAt);
    const revealed = keyStatus(key) === "Expired" || suspended ? null : await revealKey(link.apiKeyId, { kind: "PARTNER", sharing: true }, tx);
    // It still works: spending the link on a key nobody could see would leave the partner without it.
    if (revealed?.state === "unreadable") throw new KeepLinkUnused();
    const partnerName = key.partner?.name ?? "Partner";
    await recordAudit(tx, {
      actor: openerActor(opener, key.practiceGroupId),
      action: "api_key.share_opened",
      practiceGroupId: key.practiceGroupId,
      target: { type: "api_key", id: link.apiKeyId, label: `${partnerName} ${keyLabel(key)}` },
      metadata: { linkId: link.id, shown: revealed?.state === "shown", ...(opener.address ? { openedFrom: opener.address } : {}) },
    });
    // A key revoked, rotated or expired since the link was made, or its partner suspended, is not shown: the link is spent all the same.
    if (suspended) return { ok: false, error: `${partnerName} is suspended, so its key is not shown. Ask Hero support for a new link once it is resumed.` };
    if (revealed?.state !== "shown") return { ok: false, error: "The key this link was made for no longer works. Ask Hero support for a new one." };
    return { ok: true, key: revealed.key, partnerName, practiceName: key.practiceGroup.name, practiceGroupId: key.practiceGroupId, displayKey: key.displayKey };
  });
}
