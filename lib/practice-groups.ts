// Practice groups and the Hero-configured networks that link them.
import { prisma } from "@/lib/db";

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
  const [connectedPartners, activeKeys] = await Promise.all([
    prisma.partnerConnection.count({ where: { practiceGroupId, status: "CONNECTED" } }),
    prisma.apiKey.count({ where: { practiceGroupId, kind: "PARTNER", revokedAt: null } }),
  ]);
  return { connectedPartners, activeKeys };
}
