// Settings > Super admin > Partners: Hero support creates and edits partners and the scopes they
// may be granted, narrows the scopes of one connection's key (seed 002: "configure the correct
// level of access"), and suspends a compromised partner everywhere at once. Key verification
// reads these on every request (lib/api-keys.ts), so each change applies on the next request.
import { cache } from "react";

import { ActionError } from "@/lib/action-error";
import { recordAudit, type Actor } from "@/lib/audit";
import { checkChosenScopes, refuseIfKeyChanged, withLockedConnection } from "@/lib/connections";
import { prisma } from "@/lib/db";
import { isUniqueViolation } from "@/lib/db-errors";
import type { Scope } from "@/lib/generated/prisma/client";
import { keyLabel } from "@/lib/key-status";
import { pageOf } from "@/lib/pagination";
import { grantedScopes } from "@/lib/scopes";

export type PartnerFields = { name: string; slug: string; description: string; scopes: Scope[] };
type SupportAction = { actor: Actor; reason: string };

export function listPartnersForSupport() {
  return prisma.partner.findMany({
    orderBy: { name: "asc" },
    include: { _count: { select: { connections: { where: { status: "CONNECTED" } } } } },
  });
}

export const PARTNER_CONNECTIONS_PAGE_SIZE = 50;

/** A partner with one page of the practices connected to it (most recent first) and each connection's live key; once per request (the page and its title). */
export const getPartnerForSupport = cache(async (partnerId: string, page = 1) => {
  const connected = { partnerId, status: "CONNECTED" } as const;
  const total = await prisma.partnerConnection.count({ where: connected });
  const { offset, ...connectionsPage } = pageOf(total, page, PARTNER_CONNECTIONS_PAGE_SIZE);
  const partner = await prisma.partner.findUnique({
    where: { id: partnerId },
    include: {
      connections: {
        where: connected,
        orderBy: [{ connectedAt: "desc" }, { id: "desc" }],
        skip: offset,
        take: PARTNER_CONNECTIONS_PAGE_SIZE,
        include: {
          practiceGroup: { select: { id: true, name: true, code: true } },
          apiKeys: { where: { revokedAt: null }, select: { id: true, name: true, displayKey: true, scopes: true, expiresAt: true } },
        },
      },
    },
  });
  if (!partner) return null;
  const connections = partner.connections.map(({ apiKeys, ...connection }) => ({
    ...connection,
    apiKeys: apiKeys.map((key) => ({ ...key, scopes: grantedScopes(key.scopes, partner.scopes) })),
  }));
  return { ...partner, connections, connectionsPage };
});

/** The unique index decides, so two super admins choosing one slug at once are told so too. */
async function withSlugChecked<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error)) throw new ActionError("Another partner already uses this slug", "slug");
    throw error;
  }
}

export async function createPartner({ fields, actor, reason }: SupportAction & { fields: PartnerFields }) {
  return withSlugChecked(() =>
    prisma.$transaction(async (tx) => {
      const partner = await tx.partner.create({ data: fields });
      await recordAudit(tx, {
        actor,
        action: "partner.created",
        practiceGroupId: null,
        target: { type: "partner", id: partner.id, label: partner.name },
        metadata: { scopes: fields.scopes, reason },
      });
      return partner;
    }),
  );
}

/**
 * Edit partner, over the partner as its form was loaded (`loadedAt`, its updatedAt then) only: a
 * form left open while someone else removed a scope would otherwise give it back to every key.
 */
export async function updatePartner({
  partnerId,
  loadedAt,
  fields,
  actor,
  reason,
}: SupportAction & { partnerId: string; loadedAt: Date; fields: PartnerFields }) {
  return withSlugChecked(() =>
    prisma.$transaction(async (tx) => {
      // Locked first, so the read below sees a change committed while this waited.
      await tx.$executeRaw`SELECT 1 FROM partners WHERE id = ${partnerId}::uuid FOR UPDATE`;
      const before = await tx.partner.findUnique({ where: { id: partnerId } });
      if (!before) throw new ActionError("Partner not found");
      if (before.updatedAt.getTime() !== loadedAt.getTime())
        throw new ActionError(
          `${before.name} was changed by someone else since this page was loaded. Nothing was saved: reload the page, check it and try again.`,
        );
      const partner = await tx.partner.update({ where: { id: partnerId }, data: fields });
      await recordAudit(tx, {
        actor,
        action: "partner.updated",
        practiceGroupId: null,
        target: { type: "partner", id: partner.id, label: partner.name },
        metadata: {
          previousScopes: before.scopes,
          scopes: fields.scopes,
          previousName: before.name,
          // A new slug moves every practice's /apps/<slug> address.
          ...(before.slug !== partner.slug ? { previousSlug: before.slug, slug: partner.slug } : {}),
          ...(before.description !== partner.description ? { changed: ["description"] } : {}),
          reason,
        },
      });
      return partner;
    }),
  );
}

/** Suspend partner: every key of the partner is refused (401) until it is resumed. */
export async function setPartnerSuspended({ partnerId, suspended, actor, reason }: SupportAction & { partnerId: string; suspended: boolean }) {
  return prisma.$transaction(async (tx) => {
    // Locked first: two super admins' Suspend at once would both pass the check below, and the second move the date practices see.
    await tx.$queryRaw`SELECT 1 FROM partners WHERE id = ${partnerId}::uuid FOR UPDATE`;
    const partner = await tx.partner.findUnique({ where: { id: partnerId } });
    if (!partner) throw new ActionError("Partner not found");
    if ((partner.suspendedAt !== null) === suspended) throw new ActionError(`${partner.name} is already ${suspended ? "suspended" : "active"}`);
    await tx.partner.update({ where: { id: partnerId }, data: { suspendedAt: suspended ? new Date() : null } });
    await recordAudit(tx, {
      actor,
      action: suspended ? "partner.suspended" : "partner.resumed",
      practiceGroupId: null,
      target: { type: "partner", id: partner.id, label: partner.name },
      metadata: { reason },
    });
  });
}

/** Narrows (or widens, within the partner's scopes) what one connection's live key may do. */
export async function setConnectionScopes({
  practiceGroupId,
  partnerId,
  scopes,
  actor,
  reason,
  replacing,
  shown,
}: SupportAction & { practiceGroupId: string; partnerId: string; scopes: Scope[]; replacing?: string | null; shown?: Scope[] }) {
  return withLockedConnection({ practiceGroupId, partnerId, actor }, async (locked) => {
    const { tx, partner, connection, liveKey } = locked;
    if (!connection.connected || !liveKey) throw new ActionError(`${partner.name} is not connected to this practice`);
    // From a page that showed another key, or other scopes (another super admin's change, a rotation):
    // saving its choice would quietly undo that change.
    refuseIfKeyChanged(locked, replacing, shown);
    checkChosenScopes(partner, scopes);
    // A save that changes nothing is no change: the practice's Activity would show one.
    if (scopes.length === liveKey.scopes.length && scopes.every((scope) => liveKey.scopes.includes(scope)))
      throw new ActionError("Nothing to save: the key already has these scopes.", "scopes");
    await tx.apiKey.update({ where: { id: liveKey.id }, data: { scopes } });
    await recordAudit(tx, {
      actor,
      action: "partner_key.scopes_changed",
      practiceGroupId,
      target: { type: "partner", id: partner.id, label: partner.name },
      metadata: { keyId: liveKey.id, key: keyLabel(liveKey), previousScopes: liveKey.scopes, scopes, reason },
    });
  });
}
