// Row locks on a practice × partner connection. Every change to a partner's access takes the
// lock first, so concurrent connects, rotations and disconnects run one after another.
import type { Tx } from "@/lib/db";

export type LockedConnection = { id: string; status: "CONNECTED" | "DISCONNECTED" };

export async function lockConnection(tx: Tx, practiceGroupId: string, partnerId: string): Promise<LockedConnection> {
  await tx.$executeRaw`
    INSERT INTO partner_connections (id, "practiceGroupId", "partnerId", status, "updatedAt")
    VALUES (gen_random_uuid(), ${practiceGroupId}::uuid, ${partnerId}::uuid, 'DISCONNECTED', now())
    ON CONFLICT ("practiceGroupId", "partnerId") DO NOTHING`;
  const [row] = await tx.$queryRaw<LockedConnection[]>`
    SELECT id, status::text AS status FROM partner_connections
    WHERE "practiceGroupId" = ${practiceGroupId}::uuid AND "partnerId" = ${partnerId}::uuid
    FOR UPDATE`;
  return row;
}

export function markConnected(tx: Tx, connectionId: string) {
  return tx.partnerConnection.update({
    where: { id: connectionId },
    data: { status: "CONNECTED", connectedAt: new Date(), disconnectedAt: null },
  });
}
