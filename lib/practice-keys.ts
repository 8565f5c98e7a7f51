// Settings > My Practice > API Key: keys generated for a chosen partner, shown once and
// stored only as a hash. Revoking one stops it at once.
import { issueKey, revokeKeys } from "@/lib/api-keys";
import { ActionError } from "@/lib/action-error";
import { recordAudit, type Actor } from "@/lib/audit";
import { lockConnection, markConnected } from "@/lib/connections";
import { prisma } from "@/lib/db";

export type KeyStatus = "Active" | "Revoked" | "Expired";

export function keyStatus(key: { revokedAt: Date | null; expiresAt: Date | null }): KeyStatus {
  if (key.revokedAt) return "Revoked";
  if (key.expiresAt && key.expiresAt <= new Date()) return "Expired";
  return "Active";
}

export async function listPracticeKeys(practiceGroupId: string) {
  const keys = await prisma.apiKey.findMany({
    where: { practiceGroupId, kind: "PARTNER" },
    orderBy: { createdAt: "desc" },
    take: 100,
    include: { partner: { select: { name: true } }, createdBy: { select: { name: true } } },
  });
  return keys.map((key) => ({ ...key, status: keyStatus(key), viewable: key.connectionId !== null }));
}

/**
 * Generate API Key for a chosen partner. A working key is access, so a partner that was not
 * connected becomes Connected (Apps shows what can reach the practice's data).
 */
export function generatePracticeKey({ practiceGroupId, partnerId, actor }: { practiceGroupId: string; partnerId: string; actor: Actor }) {
  return prisma.$transaction(async (tx) => {
    const partner = await tx.partner.findUnique({ where: { id: partnerId } });
    if (!partner) throw new ActionError("Select a partner from the list", "partnerId");
    const connection = await lockConnection(tx, practiceGroupId, partnerId);
    if (connection.status !== "CONNECTED") {
      await markConnected(tx, connection.id);
      await recordAudit(tx, {
        actor,
        action: "partner.connected",
        practiceGroupId,
        target: { type: "partner", id: partner.id, label: partner.name },
        metadata: { via: "Generate API Key" },
      });
    }
    const { record, plaintext } = await issueKey(tx, {
      kind: "PARTNER",
      practiceGroupId,
      partnerId,
      name: `${partner.name} API key`,
      scopes: partner.scopes,
      createdById: actor.id,
      viewable: false,
    });
    await recordAudit(tx, {
      actor,
      action: "api_key.generated",
      practiceGroupId,
      target: { type: "api_key", id: record.id, label: `${partner.name} ${record.displayKey}` },
      metadata: { partner: partner.name },
    });
    return { key: plaintext, displayKey: record.displayKey, partnerName: partner.name };
  });
}

export function revokePracticeKey({ practiceGroupId, keyId, actor }: { practiceGroupId: string; keyId: string; actor: Actor }) {
  return prisma.$transaction(async (tx) => {
    // Scoped by practice group in the where clause: another practice's key is simply not found.
    const key = await tx.apiKey.findFirst({
      where: { id: keyId, practiceGroupId, kind: "PARTNER" },
      include: { partner: { select: { name: true } } },
    });
    if (!key) throw new ActionError("API key not found");
    if (key.revokedAt) throw new ActionError("This key is already revoked");
    await revokeKeys(tx, { id: key.id }, "revoked");
    await recordAudit(tx, {
      actor,
      action: "api_key.revoked",
      practiceGroupId,
      target: { type: "api_key", id: key.id, label: `${key.partner?.name ?? "Partner"} ${key.displayKey}` },
    });
  });
}
