// Apps: the partners a practice can connect, Connect, Rotate API key, Disconnect and View API key.
// Every function takes the practice group from its caller's session, never from user input;
// the one-live-key rule itself is in lib/connections.ts.
import { cache } from "react";

import { ActionError } from "@/lib/action-error";
import { revealKey, VIEWABLE_AGAIN } from "@/lib/api-keys";
import { recordAudit } from "@/lib/audit";
import { closeConnection, refuseIfKeyChanged, replaceConnectionKey, withLockedConnection, type Locked, type PartnerAction } from "@/lib/connections";
import { prisma } from "@/lib/db";
import { keyLabel, keyStatus } from "@/lib/key-status";
import { grantedScopes } from "@/lib/scopes";
import { nameShownToPractice, SHOWN_USER_FIELDS } from "@/lib/support";
import { isStorable } from "@/lib/text";

const LIVE_KEY_FIELDS = { id: true, name: true, displayKey: true, scopes: true, createdAt: true, expiresAt: true, lastUsedAt: true, revokedAt: true } as const;

export async function listPartnersWithStatus(practiceGroupId: string) {
  const partners = await prisma.partner.findMany({
    orderBy: { name: "asc" },
    include: {
      connections: {
        where: { practiceGroupId },
        select: { status: true, connectedAt: true, apiKeys: { where: { revokedAt: null }, select: LIVE_KEY_FIELDS } },
      },
    },
  });
  return partners.map(({ connections, ...partner }) => {
    const connected = connections[0]?.status === "CONNECTED";
    const liveKey = connected ? (connections[0]?.apiKeys[0] ?? null) : null;
    return {
      ...partner,
      connected,
      connectedAt: connections[0]?.connectedAt ?? null,
      liveKey: liveKey && { ...liveKey, scopes: grantedScopes(liveKey.scopes, partner.scopes) },
    };
  });
}

/** A partner by its slug, read once per request: its page and its page's title both ask. */
const partnerBySlug = cache(async (slug: string) =>
  // /apps/%00 reaches here as a NUL, which PostgreSQL cannot even compare: no such partner.
  isStorable(slug) ? prisma.partner.findUnique({ where: { slug } }) : null,
);

/** A partner's name by its slug (null: none), for its page's title. */
export const partnerName = async (slug: string) => (await partnerBySlug(slug))?.name ?? null;

/** A partner's page: its connection, its live key and the keys it had before. */
export async function getPartnerPage(practiceGroupId: string, slug: string) {
  const partner = await partnerBySlug(slug);
  if (!partner) return null;
  const connection = await prisma.partnerConnection.findUnique({
    where: { practiceGroupId_partnerId: { practiceGroupId, partnerId: partner.id } },
    include: {
      apiKeys: {
        orderBy: { createdAt: "desc" },
        take: 50,
        select: {
          ...LIVE_KEY_FIELDS,
          revokedReason: true,
          createdBy: SHOWN_USER_FIELDS,
          revokedBy: SHOWN_USER_FIELDS,
        },
      },
    },
  });
  const connected = connection?.status === "CONNECTED";
  const keys = (connection?.apiKeys ?? []).map((key) => ({
    ...key,
    createdBy: nameShownToPractice(key.createdBy, practiceGroupId),
    revokedBy: nameShownToPractice(key.revokedBy, practiceGroupId, key.revokedReason),
  }));
  const live = connected ? (keys.find((key) => key.revokedAt === null) ?? null) : null;
  const liveKey = live && { ...live, scopes: grantedScopes(live.scopes, partner.scopes) };
  // Only whether a copy is stored: the ciphertext itself never leaves lib/api-keys.ts.
  const viewable = liveKey ? (await prisma.apiKey.count({ where: { id: liveKey.id, ...VIEWABLE_AGAIN } })) > 0 : false;
  return { partner, connected, connection, liveKey, viewable, history: keys.filter((key) => key.revokedAt !== null) };
}

function partnerTarget({ partner }: Locked) {
  return { type: "partner" as const, id: partner.id, label: partner.name };
}

/** Connect: sets up the integration, creates the API key, enables partner access. */
export function connectPartner(input: PartnerAction) {
  return withLockedConnection(input, async (locked) => {
    if (locked.connection.connected) throw new ActionError(`${locked.partner.name} is already connected`);
    const { record, plaintext } = await replaceConnectionKey(locked, input);
    await recordAudit(locked.tx, {
      actor: input.actor,
      action: "partner.connected",
      practiceGroupId: input.practiceGroupId,
      target: partnerTarget(locked),
      metadata: { keyId: record.id, key: keyLabel(record), scopes: record.scopes, reason: input.reason },
    });
    return { key: plaintext, displayKey: record.displayKey };
  });
}

/** Rotate API key: generates a new key, invalidates the old one, keeps the integration active. */
export function rotatePartnerKey(input: PartnerAction) {
  return withLockedConnection(input, async (locked) => {
    if (!locked.connection.connected) throw new ActionError(`${locked.partner.name} is not connected`);
    const { record, plaintext, replaced } = await replaceConnectionKey(locked, input);
    await recordAudit(locked.tx, {
      actor: input.actor,
      action: "partner_key.rotated",
      practiceGroupId: input.practiceGroupId,
      target: partnerTarget(locked),
      metadata: {
        keyId: record.id,
        key: keyLabel(record),
        replacedKeyId: replaced?.id ?? null,
        replacedKey: replaced ? keyLabel(replaced) : null,
        previousScopes: replaced?.scopes ?? [],
        scopes: record.scopes,
        expiresAt: record.expiresAt?.toISOString() ?? null,
        reason: input.reason,
      },
    });
    return { key: plaintext, displayKey: record.displayKey };
  });
}

/** Disconnect: disables the integration and all associated access, invalidates the API key. */
export function disconnectPartner(input: PartnerAction) {
  return withLockedConnection(input, async (locked) => {
    if (!locked.connection.connected) throw new ActionError(`${locked.partner.name} is not connected`);
    refuseIfKeyChanged(locked, input.replacing);
    await closeConnection(locked, input.actor, "disconnected");
    await recordAudit(locked.tx, {
      actor: input.actor,
      action: "partner.disconnected",
      practiceGroupId: input.practiceGroupId,
      target: partnerTarget(locked),
      metadata: { keyId: locked.liveKey?.id ?? null, key: locked.liveKey ? keyLabel(locked.liveKey) : null, reason: input.reason },
    });
  });
}

/** The partner's live key, decrypted; every view is written to the audit trail. */
export function viewPartnerKey({ practiceGroupId, partnerId, actor }: PartnerAction) {
  return prisma.$transaction(async (tx) => {
    // Held, as withLockedConnection holds it: a Suspend under way is waited for, then seen.
    await tx.$executeRaw`SELECT 1 FROM partners WHERE id = ${partnerId}::uuid FOR SHARE`;
    const partner = await tx.partner.findUnique({ where: { id: partnerId } });
    if (!partner) throw new ActionError("Partner not found");
    // As Share key: a suspended partner's key is handed out to no one (Rotate API key replaces it).
    if (partner.suspendedAt) {
      throw new ActionError(
        `Hero support has suspended ${partner.name}: View API key is off until Hero resumes it. A key from Rotate API key is refused too until then.`,
      );
    }
    // Held: a Rotate API key or Disconnect under way (it locks the connection from its start) is waited for, then seen.
    await tx.$executeRaw`SELECT 1 FROM partner_connections WHERE "practiceGroupId" = ${practiceGroupId}::uuid AND "partnerId" = ${partnerId}::uuid FOR SHARE`;
    const key = await tx.apiKey.findFirst({
      where: { practiceGroupId, partnerId, kind: "PARTNER", revokedAt: null, connection: { status: "CONNECTED" } },
      select: { id: true, name: true, displayKey: true },
    });
    if (!key) throw new ActionError(`${partner.name}'s key cannot be shown again. Rotate the API key to issue a new one.`);
    const revealed = await revealKey(key.id, { practiceGroupId, kind: "PARTNER" }, tx);
    if (revealed.state === "unreadable") {
      throw new ActionError(
        `${partner.name}'s key cannot be shown: it was stored under an earlier server encryption key. It still works; Rotate API key issues a new one you can view.`,
      );
    }
    if (revealed.state === "not_viewable") {
      // As it is now: revealKey waited for a change to the key itself (a Revoke made in SQL, say).
      const now = await tx.apiKey.findUniqueOrThrow({ where: { id: key.id }, select: { revokedAt: true, expiresAt: true } });
      if (now.revokedAt) throw new ActionError(`${partner.name}'s key has changed since this page was loaded. Reload the page to see the current key.`);
      if (keyStatus(now) === "Expired") throw new ActionError(`${partner.name}'s key has expired and no longer works. Rotate the API key to issue a new one.`);
      throw new ActionError(
        `${partner.name}'s key cannot be shown again here. Rotate the API key to issue a new one, or ask Hero support to share it with you again.`,
      );
    }
    await recordAudit(tx, {
      actor,
      action: "partner_key.viewed",
      practiceGroupId,
      target: { type: "partner", id: partner.id, label: partner.name },
      metadata: { keyId: key.id, key: keyLabel(key) },
    });
    return { key: revealed.key };
  });
}
