// Practice groups and the Hero-configured networks that link them.
import { notExpired } from "@/lib/api-keys";
import { recordAudit, type Actor } from "@/lib/audit";
import { batched, padArray } from "@/lib/batch";
import { prisma, sqlPool, type Db, type Tx } from "@/lib/db";
import { isUuid, notFound } from "@/lib/domain-error";
import { EXPIRY_WARNING_DAYS } from "@/lib/key-status";
import { DAY_MS } from "@/lib/limits";
import { escapeLike } from "@/lib/users";

type PracticeGroupRef = { id: string; name: string; code: string };
export type PracticeGroupWithNetworks = PracticeGroupRef & {
  address: string | null;
  phone: string | null;
  networks: Array<PracticeGroupRef & { members: PracticeGroupRef[] }>;
};

// The practice groups of a turn's calls in one statement (lib/batch.ts), on pg's pool, prepared.
const PRACTICE_GROUP_WITH_NETWORKS = `SELECT g.id, g.name, g.code, g.address, g.phone, COALESCE((
    SELECT json_agg(json_build_object('id', n.id, 'name', n.name, 'code', n.code, 'members', (
      SELECT json_agg(json_build_object('id', p.id, 'name', p.name, 'code', p.code) ORDER BY p.name, p.id)
      FROM network_members pm JOIN practice_groups p ON p.id = pm."practiceGroupId" WHERE pm."networkId" = n.id)) ORDER BY n.name, n.id)
    FROM network_members m JOIN networks n ON n.id = m."networkId" WHERE m."practiceGroupId" = g.id), '[]') AS networks
  FROM practice_groups g`;
/** One practice group's listing; scripts/bench-data-access.ts measures this very statement. */
export const PRACTICE_GROUP_BY_ID = `${PRACTICE_GROUP_WITH_NETWORKS} WHERE g.id = $1`;
const NO_SUCH_ID = "00000000-0000-0000-0000-000000000000";

const lookUpPracticeGroups = batched(async (ids: string[]) => {
  const { rows } =
    ids.length === 1
      ? await sqlPool().query<PracticeGroupWithNetworks>({
          name: "practice-group-with-networks",
          text: PRACTICE_GROUP_BY_ID,
          values: ids,
        })
      : await sqlPool().query<PracticeGroupWithNetworks>({
          name: "practice-groups-with-networks",
          text: `${PRACTICE_GROUP_WITH_NETWORKS} WHERE g.id = ANY($1::uuid[])`,
          values: [padArray(ids, NO_SUCH_ID)],
        });
  return new Map(rows.map((row) => [row.id, row]));
});

/**
 * A practice group, its networks and each network's members, by name. GET /api/v1/practice-groups
 * runs this on every call: one statement, where Prisma's nested include made five round trips
 * at ~30× the CPU (scripts/bench-data-access.ts, BENCHMARKS.md).
 */
export async function getPracticeGroupWithNetworks(practiceGroupId: string): Promise<PracticeGroupWithNetworks> {
  // Anything but a UUID would fail the whole turn's statement, not only its own call.
  const group = isUuid(practiceGroupId) ? await lookUpPracticeGroups(practiceGroupId.toLowerCase()) : undefined;
  if (!group) throw notFound("Practice group");
  return group;
}

export async function getDashboardSummary(practiceGroupId: string) {
  const warnUntil = new Date(Date.now() + EXPIRY_WARNING_DAYS * DAY_MS);
  const [connectedPartners, activeKeys, expiringKeys] = await Promise.all([
    prisma.partnerConnection.count({ where: { practiceGroupId, status: "CONNECTED" } }),
    // Working keys: live, not expired, and not of a partner Hero support has suspended.
    prisma.apiKey.count({
      where: {
        practiceGroupId,
        kind: "PARTNER",
        revokedAt: null,
        partner: { is: { suspendedAt: null } },
        ...notExpired(),
      },
    }),
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
    const before = await tx.practiceGroup.findUniqueOrThrow({ where: { id: practiceGroupId }, select: { address: true, phone: true } });
    // Save with nothing changed: no event in the practice's Activity saying it was.
    if (before.address === address && before.phone === phone) return;
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

/** A Prisma filter for a code in any case. Prisma hands a case-blind `equals` to ILIKE as it is: a typed _ or % would match any character. */
export const codeInAnyCase = (code: string) => ({ equals: escapeLike(code), mode: "insensitive" as const });

/**
 * A practice by the code someone typed, as support hears it on the phone: the exact code, else
 * the one practice whose code it is in another case (a81001 for A81001). Null for none, or for a
 * case-blind match of two.
 */
export async function practiceByCode(db: Db | Tx, code: string): Promise<{ id: string; name: string; code: string } | null> {
  const select = { id: true, name: true, code: true } as const;
  const exact = await db.practiceGroup.findUnique({ where: { code }, select });
  if (exact) return exact;
  const matches = await db.practiceGroup.findMany({ where: { code: codeInAnyCase(code) }, select, take: 2 });
  return matches.length === 1 ? matches[0] : null;
}
