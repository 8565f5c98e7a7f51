// Settings > My Practice > API Key: keys generated for a chosen partner, shown once (then only
// Hero support's Share key shows them again, seed 000). A partner has one live key
// (lib/connections.ts), so generating for a connected partner replaces its key, and revoking a
// partner's live key disconnects the partner.
import { ActionError } from "@/lib/action-error";
import { recordAudit } from "@/lib/audit";
import { closeConnection, replaceConnectionKey, withLockedConnection, type PartnerAction } from "@/lib/connections";
import { prisma } from "@/lib/db";
import { keyLabel, keyStatus } from "@/lib/key-status";
import { grantedScopes } from "@/lib/scopes";
import { nameShownToPractice, SHOWN_USER_FIELDS } from "@/lib/support";

/** Revoked keys shown below the live ones: the newest, enough for a long history. */
const REVOKED_SHOWN = 100;

/** Every live key (one per connected partner), newest first, then the newest revoked ones. */
export async function listPracticeKeys(practiceGroupId: string) {
  const shown = { partner: { select: { name: true, scopes: true, suspendedAt: true } }, createdBy: SHOWN_USER_FIELDS } as const;
  const newestFirst = { createdAt: "desc" } as const;
  // One snapshot for both reads: a Revoke committing between them would list its key twice.
  const [live, revoked] = await prisma.$transaction(
    [
      prisma.apiKey.findMany({ where: { practiceGroupId, kind: "PARTNER", revokedAt: null }, orderBy: newestFirst, include: shown }),
      prisma.apiKey.findMany({
        where: { practiceGroupId, kind: "PARTNER", revokedAt: { not: null } },
        orderBy: newestFirst,
        take: REVOKED_SHOWN,
        include: shown,
      }),
    ],
    { isolationLevel: "RepeatableRead" },
  );
  return [...live, ...revoked].map((key) => ({
    ...key,
    // A revoked key shows what it was issued with; a live one what it may do now.
    scopes: key.revokedAt ? key.scopes : grantedScopes(key.scopes, key.partner?.scopes ?? []),
    createdBy: nameShownToPractice(key.createdBy, practiceGroupId),
    status: keyStatus(key),
  }));
}

/**
 * Generate API Key for a chosen partner. A partner that is not connected is connected with this
 * key; a connected partner's current key is replaced by it and stops working at once.
 */
export function generatePracticeKey(input: PartnerAction) {
  return withLockedConnection(input, async (locked) => {
    const wasConnected = locked.connection.connected;
    const { record, plaintext, replaced } = await replaceConnectionKey(locked, input, { shownOnce: true });
    const target = { type: "partner" as const, id: locked.partner.id, label: locked.partner.name };
    const audit = { actor: input.actor, practiceGroupId: input.practiceGroupId };
    if (!wasConnected)
      await recordAudit(locked.tx, {
        ...audit,
        action: "partner.connected",
        target,
        metadata: { via: "Generate API Key", keyId: record.id, key: keyLabel(record) },
      });
    if (replaced) {
      await recordAudit(locked.tx, {
        ...audit,
        action: "partner_key.rotated",
        target,
        metadata: {
          via: "Generate API Key",
          keyId: record.id,
          key: keyLabel(record),
          replacedKeyId: replaced.id,
          replacedKey: keyLabel(replaced),
          previousScopes: replaced.scopes,
          scopes: record.scopes,
        },
      });
    }
    await recordAudit(locked.tx, {
      ...audit,
      action: "api_key.generated",
      target: { type: "api_key", id: record.id, label: `${locked.partner.name} ${keyLabel(record)}` },
      metadata: { partner: locked.partner.name, scopes: record.scopes, expiresAt: record.expiresAt?.toISOString() ?? null },
    });
    return { key: plaintext, displayKey: record.displayKey, partnerName: locked.partner.name, replacedKey: replaced?.displayKey ?? null };
  });
}

/** Revoke: a partner's live key is its access, so revoking it disconnects the partner. */
export async function revokePracticeKey({
  practiceGroupId,
  keyId,
  actor,
  reason,
}: {
  practiceGroupId: string;
  keyId: string;
  actor: PartnerAction["actor"];
  reason?: string;
}) {
  // Scoped by practice group in the where clause: another practice's key is simply not found.
  const key = await prisma.apiKey.findFirst({ where: { id: keyId, practiceGroupId, kind: "PARTNER" }, select: { partnerId: true } });
  if (!key?.partnerId) throw new ActionError("API key not found");
  return withLockedConnection({ practiceGroupId, partnerId: key.partnerId, actor }, async (locked) => {
    if (locked.liveKey?.id !== keyId) {
      // Replaced since the page loaded: "already revoked" alone would read as done, with the partner still connected.
      if (locked.connection.connected && locked.liveKey) {
        throw new ActionError(
          `This key was replaced by ${keyLabel(locked.liveKey)} since this page was loaded, and ${locked.partner.name} is still connected. Nothing was changed: close this, check the key and try again.`,
        );
      }
      throw new ActionError("This key is already revoked");
    }
    await closeConnection(locked, actor, "revoked");
    const label = `${locked.partner.name} ${keyLabel(locked.liveKey)}`;
    await recordAudit(locked.tx, { actor, action: "api_key.revoked", practiceGroupId, target: { type: "api_key", id: keyId, label }, metadata: { reason } });
    await recordAudit(locked.tx, {
      actor,
      action: "partner.disconnected",
      practiceGroupId,
      target: { type: "partner", id: locked.partner.id, label: locked.partner.name },
      metadata: { via: "Revoke", keyId, key: keyLabel(locked.liveKey), reason },
    });
  });
}
