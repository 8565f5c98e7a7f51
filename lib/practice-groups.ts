// Practice groups and the Hero-configured networks that link them.
import { recordAudit, type Actor } from "@/lib/audit";
import { prisma } from "@/lib/db";
import { EXPIRY_WARNING_DAYS } from "@/lib/key-status";

export async function getPracticeGroupWithNetworks(practiceGroupId: string) {
  return prisma.practiceGroup.findUniqueOrThrow({
    where: { id: practiceGroupId },
    include: {
      networks: {
        include: { network: { include: { members: { include: { practiceGroup: { select: { id: true, name: true, code: true } } } } } } },
      },
    },
  });
}

export async function getDashboardSummary(practiceGroupId: string) {
  const warnUntil = new Date(Date.now() + EXPIRY_WARNING_DAYS * 86_400_000);
  const [connectedPartners, activeKeys, expiringKeys] = await Promise.all([
    prisma.partnerConnection.count({ where: { practiceGroupId, status: "CONNECTED" } }),
    prisma.apiKey.count({ where: { practiceGroupId, kind: "PARTNER", revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: new Date() } }] } }),
    // Live partner keys that have expired or expire within the warning period: each needs a rotation.
    prisma.apiKey.findMany({
      where: { practiceGroupId, kind: "PARTNER", revokedAt: null, expiresAt: { lte: warnUntil } },
      orderBy: { expiresAt: "asc" },
      select: { id: true, name: true, displayKey: true, expiresAt: true, revokedAt: true, partner: { select: { name: true, slug: true } } },
    }),
  ]);
  return { connectedPartners, activeKeys, expiringKeys };
}

/** My Practice > Practice details: the address and phone patients see when they book. */
export async function updatePracticeDetails(input: { practiceGroupId: string; actor: Actor; address: string | null; phone: string | null }) {
  const { practiceGroupId, actor, address, phone } = input;
  await prisma.$transaction(async (tx) => {
    const practice = await tx.practiceGroup.update({ where: { id: practiceGroupId }, data: { address, phone } });
    await recordAudit(tx, {
      actor,
      action: "practice.details_updated",
      practiceGroupId,
      target: { type: "practice_group", id: practiceGroupId, label: practice.name },
      metadata: { address, phone },
    });
  });
}
