// Settings > Super admin > Networks: the Hero-configured networks (e.g. a PCN) whose members may
// make cross-organisational calls for each other. The API reads membership on every request
// (lib/api/auth.ts), so adding or removing a practice applies on the next request everywhere.
import { cache } from "react";

import { ActionError } from "@/lib/action-error";
import { recordAudit, type Actor } from "@/lib/audit";
import { prisma, sqlPool, type Tx } from "@/lib/db";
import { isUniqueViolation } from "@/lib/db-errors";
import { practiceByCode } from "@/lib/practice-groups";

type SupportAction = { actor: Actor; reason: string };

/** The membership check; scripts/bench-data-access.ts measures this very statement. */
export const NETWORK_PEER = `SELECT g.id, g.name, g.code FROM practice_groups g
  WHERE g.id = $1 AND EXISTS (SELECT 1 FROM network_members a JOIN network_members b ON b."networkId" = a."networkId"
                              WHERE a."practiceGroupId" = g.id AND b."practiceGroupId" = $2)`;

/**
 * `practiceGroupId` if it shares a network with `memberOf`, else null. The API asks this on every
 * call made for another practice group: one prepared statement on pg's pool (Prisma took two
 * round trips at ~15× the CPU: scripts/bench-data-access.ts).
 */
export async function getNetworkPeer(practiceGroupId: string, memberOf: string): Promise<{ id: string; name: string; code: string } | null> {
  const { rows } = await sqlPool().query<{ id: string; name: string; code: string }>({
    name: "network-peer",
    text: NETWORK_PEER,
    values: [practiceGroupId, memberOf],
  });
  return rows[0] ?? null;
}

/**
 * Whether two practice groups share a network, inside a write's transaction: the memberships that
 * say so are held until it commits, so a practice removed from the network meanwhile either
 * refuses the write here or waits for it.
 */
export async function holdNetworkPeer(tx: Tx, practiceGroupId: string, memberOf: string): Promise<boolean> {
  const held = await tx.$executeRaw`SELECT 1 FROM network_members a JOIN network_members b ON b."networkId" = a."networkId"
    WHERE a."practiceGroupId" = ${practiceGroupId}::uuid AND b."practiceGroupId" = ${memberOf}::uuid FOR SHARE`;
  return held > 0;
}

export function listNetworks() {
  return prisma.network.findMany({ orderBy: { name: "asc" }, include: { _count: { select: { members: true } } } });
}

/** Once per request (React cache): the page and its title share it. */
export const getNetwork = cache((networkId: string) =>
  prisma.network.findUnique({
    where: { id: networkId },
    include: { members: { include: { practiceGroup: { select: { id: true, name: true, code: true } } }, orderBy: { practiceGroup: { name: "asc" } } } },
  }),
);

export async function createNetwork({ name, code, actor, reason }: SupportAction & { name: string; code: string }) {
  try {
    return await prisma.$transaction(async (tx) => {
      const network = await tx.network.create({ data: { name, code } });
      await recordAudit(tx, {
        actor,
        action: "network.created",
        practiceGroupId: null,
        target: { type: "network", id: network.id, label: network.name },
        metadata: { code, reason },
      });
      return network;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ActionError("Another network already uses this code", "code");
    throw error;
  }
}

/** Adds a practice (by its practice code) to a network; the practice's Activity records it. */
export async function addNetworkMember({ networkId, practiceCode, actor, reason }: SupportAction & { networkId: string; practiceCode: string }) {
  return prisma.$transaction(async (tx) => {
    const network = await lockNetwork(tx, networkId);
    if (!network) throw new ActionError("Network not found");
    const practice = await practiceByCode(tx, practiceCode);
    if (!practice) throw new ActionError("No practice has this practice code", "practiceCode");
    const added = await tx.networkMember.createMany({ data: [{ networkId, practiceGroupId: practice.id }], skipDuplicates: true });
    if (added.count === 0) throw new ActionError(`${practice.name} is already in ${network.name}`, "practiceCode");
    await recordAudit(tx, {
      actor,
      action: "network.member_added",
      practiceGroupId: practice.id,
      target: { type: "network", id: network.id, label: network.name },
      metadata: { practice: practice.name, reason },
    });
    await tellOtherMembers(tx, "network.peer_added", { id: network.id, name: network.name }, practice, actor, reason);
    return practice;
  });
}

export async function removeNetworkMember({ networkId, practiceGroupId, actor, reason }: SupportAction & { networkId: string; practiceGroupId: string }) {
  return prisma.$transaction(async (tx) => {
    await lockNetwork(tx, networkId);
    const member = await tx.networkMember.findUnique({
      where: { networkId_practiceGroupId: { networkId, practiceGroupId } },
      include: { network: { select: { name: true } }, practiceGroup: { select: { name: true } } },
    });
    if (!member) throw new ActionError("This practice is not in the network");
    // A colleague's Remove that committed since the read above deletes nothing here.
    const { count } = await tx.networkMember.deleteMany({ where: { networkId, practiceGroupId } });
    if (count === 0) throw new ActionError("This practice is not in the network");
    await recordAudit(tx, {
      actor,
      action: "network.member_removed",
      practiceGroupId,
      target: { type: "network", id: networkId, label: member.network.name },
      metadata: { practice: member.practiceGroup.name, reason },
    });
    await tellOtherMembers(
      tx,
      "network.peer_removed",
      { id: networkId, name: member.network.name },
      { id: practiceGroupId, name: member.practiceGroup.name },
      actor,
      reason,
    );
  });
}

/** One change to a network's members at a time: each sees the others' members when it tells them. */
async function lockNetwork(tx: Tx, networkId: string) {
  const [network] = await tx.$queryRaw<{ id: string; name: string }[]>`SELECT id, name FROM networks WHERE id = ${networkId}::uuid FOR UPDATE`;
  return network ?? null;
}

/**
 * A practice that joins a network can be acted for by the other members' partners, and its
 * partners can act for them: each other member's Activity says who joined or left, too.
 */
async function tellOtherMembers(
  tx: Tx,
  action: "network.peer_added" | "network.peer_removed",
  network: { id: string; name: string },
  practice: { id: string; name: string },
  actor: Actor,
  reason: string,
) {
  const others = await tx.networkMember.findMany({
    where: { networkId: network.id, practiceGroupId: { not: practice.id } },
    select: { practiceGroupId: true },
  });
  for (const { practiceGroupId } of others)
    await recordAudit(tx, {
      actor,
      action,
      practiceGroupId,
      target: { type: "network", id: network.id, label: `${practice.name} in ${network.name}` },
      metadata: { practice: practice.name, reason },
    });
}
