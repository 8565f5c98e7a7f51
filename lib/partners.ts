// Apps: connecting a partner, rotating its key, disconnecting it, and viewing its key.
// Every function takes the practice group from its caller's session, never from user input.
import { issueKey, revealKey, revokeKeys } from "@/lib/api-keys";
import { ActionError } from "@/lib/action-error";
import { recordAudit, type Actor } from "@/lib/audit";
import { type LockedConnection, lockConnection, markConnected } from "@/lib/connections";
import { type Db, prisma, type Tx } from "@/lib/db";
import type { Partner } from "@/lib/generated/prisma/client";

type PartnerAction = { practiceGroupId: string; partnerId: string; actor: Actor };

export async function listPartnersWithStatus(practiceGroupId: string) {
  const partners = await prisma.partner.findMany({
    orderBy: { name: "asc" },
    include: { connections: { where: { practiceGroupId }, select: { status: true, connectedAt: true } } },
  });
  return partners.map(({ connections, ...partner }) => ({
    ...partner,
    connected: connections[0]?.status === "CONNECTED",
    connectedAt: connections[0]?.connectedAt ?? null,
  }));
}

export async function getPartnerBySlugOrThrow(slug: string) {
  const partner = await prisma.partner.findUnique({ where: { slug } });
  if (!partner) throw new ActionError("Partner not found");
  return partner;
}

export async function getPartnerPage(practiceGroupId: string, slug: string) {
  const partner = await prisma.partner.findUnique({ where: { slug } });
  if (!partner) return null;
  const connection = await prisma.partnerConnection.findUnique({
    where: { practiceGroupId_partnerId: { practiceGroupId, partnerId: partner.id } },
  });
  const connectionKey = connection
    ? await prisma.apiKey.findFirst({
        where: { connectionId: connection.id, revokedAt: null },
        select: { id: true, displayKey: true, createdAt: true, lastUsedAt: true, scopes: true },
      })
    : null;
  return { partner, connected: connection?.status === "CONNECTED", connection, connectionKey };
}

async function getPartnerOrThrow(db: Db | Tx, partnerId: string) {
  const partner = await db.partner.findUnique({ where: { id: partnerId } });
  if (!partner) throw new ActionError("Partner not found");
  return partner;
}

type Locked = { tx: Tx; partner: Partner; connection: LockedConnection };

/** Runs `change` in a transaction holding the connection's row lock, so changes to one partner's access queue up. */
function withLockedConnection<T>({ practiceGroupId, partnerId }: PartnerAction, change: (locked: Locked) => Promise<T>) {
  return prisma.$transaction(async (tx) => {
    const partner = await getPartnerOrThrow(tx, partnerId);
    const connection = await lockConnection(tx, practiceGroupId, partnerId);
    return change({ tx, partner, connection });
  });
}

/** Issues the connection's viewable key and records why (connected or rotated). */
async function issueConnectionKey({ tx, partner, connection }: Locked, { practiceGroupId, actor }: PartnerAction, action: "partner.connected" | "partner_key.rotated") {
  const { record, plaintext } = await issueKey(tx, {
    kind: "PARTNER",
    practiceGroupId,
    partnerId: partner.id,
    connectionId: connection.id,
    name: `${partner.name} connection`,
    scopes: partner.scopes,
    createdById: actor.id,
    viewable: true,
  });
  await recordAudit(tx, {
    actor,
    action,
    practiceGroupId,
    target: { type: "partner", id: partner.id, label: partner.name },
    metadata: { keyId: record.id, key: record.displayKey },
  });
  return { key: plaintext, displayKey: record.displayKey };
}

/** Connect: sets up the integration, creates the API key, enables partner access. */
export function connectPartner(input: PartnerAction) {
  return withLockedConnection(input, async (locked) => {
    if (locked.connection.status === "CONNECTED") throw new ActionError(`${locked.partner.name} is already connected`);
    await markConnected(locked.tx, locked.connection.id);
    return issueConnectionKey(locked, input, "partner.connected");
  });
}

/** Rotate API key: generates a new key, invalidates the old one, keeps the integration active. */
export function rotatePartnerKey(input: PartnerAction) {
  return withLockedConnection(input, async (locked) => {
    if (locked.connection.status !== "CONNECTED") throw new ActionError(`${locked.partner.name} is not connected`);
    // Revoke and issue under the connection's row lock: never two live keys, never none.
    await revokeKeys(locked.tx, { connectionId: locked.connection.id }, "rotated");
    return issueConnectionKey(locked, input, "partner_key.rotated");
  });
}

/** Disconnect: disables the integration and all associated access, invalidates the API key. */
export function disconnectPartner(input: PartnerAction) {
  return withLockedConnection(input, async ({ tx, partner, connection }) => {
    if (connection.status !== "CONNECTED") throw new ActionError(`${partner.name} is not connected`);
    await tx.partnerConnection.update({
      where: { id: connection.id },
      data: { status: "DISCONNECTED", disconnectedAt: new Date() },
    });
    // "All associated access": the connection's key and any key generated for this partner.
    const { count } = await revokeKeys(tx, { practiceGroupId: input.practiceGroupId, partnerId: partner.id, kind: "PARTNER" }, "disconnected");
    await recordAudit(tx, {
      actor: input.actor,
      action: "partner.disconnected",
      practiceGroupId: input.practiceGroupId,
      target: { type: "partner", id: partner.id, label: partner.name },
      metadata: { keysRevoked: count },
    });
  });
}

/** The partner's connection key, decrypted; every view is written to the audit trail. */
export async function viewPartnerKey({ practiceGroupId, partnerId, actor }: PartnerAction) {
  const partner = await getPartnerOrThrow(prisma, partnerId);
  const key = await prisma.apiKey.findFirst({
    where: { practiceGroupId, partnerId, kind: "PARTNER", connectionId: { not: null }, revokedAt: null },
    select: { id: true, displayKey: true },
  });
  const plaintext = key ? await revealKey(key.id, { practiceGroupId, kind: "PARTNER" }) : null;
  if (!key || !plaintext) throw new ActionError(`${partner.name} has no viewable key. Rotate the API key to issue one.`);
  await recordAudit(prisma, {
    actor,
    action: "partner_key.viewed",
    practiceGroupId,
    target: { type: "partner", id: partner.id, label: partner.name },
    metadata: { keyId: key.id, key: key.displayKey },
  });
  return { key: plaintext };
}
