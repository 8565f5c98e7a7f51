// The audit trail: who did what, to which key or partner, when. Callers pass labels and ids
// only; nothing here ever receives a key, a hash or a password.
import { prisma, type Db, type Tx } from "@/lib/db";
import { formatDateTime, plural } from "@/lib/format";
import type { Prisma } from "@/lib/generated/prisma/client";
import { holdActingSession, type ActingSession } from "@/lib/sessions";

/** `session`: a signed-in user's, checked again when the event is written (lib/sessions.ts). */
export type Actor = { id: string; name: string; session?: ActingSession };

export const AUDIT_ACTIONS = {
  "partner.connected": "Connected",
  "partner.disconnected": "Disconnected",
  "partner_key.rotated": "Rotated API key",
  "partner_key.viewed": "Viewed API key",
  "api_key.generated": "Generated API key",
  "api_key.revoked": "Revoked API key",
  "user_key.created": "Created user API key",
  "user_key.viewed": "Viewed user API key",
  "user_key.updated": "Edited user API key",
  "user_key.deleted": "Deleted user API key",
  // Written by the database, when the owner moves or is deleted (migration 20261207070000).
  "user_key.revoked": "Revoked user API key",
  "partner.created": "Created partner",
  "partner.updated": "Edited partner",
  "partner.suspended": "Suspended partner",
  "partner.resumed": "Resumed partner",
  "partner_key.scopes_changed": "Changed API key scopes",
  "partner.rate_limit_changed": "Changed rate limit",
  "network.created": "Created network",
  "network.member_added": "Added to network",
  "network.member_removed": "Removed from network",
  "network.peer_added": "Added a practice to your network",
  "network.peer_removed": "Removed a practice from your network",
  "api_key.share_created": "Created a share link for API key",
  "api_key.share_opened": "API key share link opened",
  "practice.details_updated": "Edited practice details",
  "api_key.report_viewed": "Viewed key report",
  "booking_link.stopped": "Stopped booking link",
  "practice.created": "Added practice",
  "user.created": "Added user",
  "user.changed": "Changed user",
  "audit_log.exported": "Exported audit log",
} as const;

export type AuditAction = keyof typeof AUDIT_ACTIONS;

/** What a practice's Activity adds after an event's action and target: a key report's range and what it listed there. */
export function activityDetail(action: string, metadata: Prisma.JsonValue): string | null {
  if (action !== "api_key.report_viewed" || !metadata || typeof metadata !== "object" || Array.isArray(metadata)) return null;
  const { from, to, patients, requests, format } = metadata;
  const listed = typeof patients === "number" ? `${plural(patients, "patient")} of yours` : typeof requests === "number" ? plural(requests, "request") : null;
  return [`${from} to ${to}`, listed, format === "csv" ? "as CSV" : null].filter(Boolean).join(", ");
}

/**
 * Super admin > Audit log's Details: what an event's metadata says beyond its action and target
 * (the key as masked, its owner, what changed from what), so two keys of one name, or a role
 * given, can be told apart. Ids, the reason (a column of its own) and an opener's address (shown
 * with the actor) are left out.
 */
export function auditDetail({ action, metadata, targetLabel }: { action: string; metadata: Prisma.JsonValue; targetLabel: string | null }): string {
  if (!metadata || typeof metadata !== "object" || Array.isArray(metadata)) return "";
  const report = activityDetail(action, metadata);
  if (report !== null) return report;
  const m = metadata as Record<string, Prisma.JsonValue>;
  const text = (value: Prisma.JsonValue | undefined) => (typeof value === "string" || typeof value === "number" ? String(value) : null);
  const list = (value: Prisma.JsonValue | undefined) => (Array.isArray(value) ? value.join(", ") || "none" : null);
  if (action === "audit_log.exported") {
    // As the page's filters read: the action by its label.
    const shown = (name: string, value: string) => (name === "action" ? (AUDIT_ACTIONS[value as AuditAction] ?? value) : value);
    const filters = Object.entries(m).flatMap(([name, value]) => (name === "events" || text(value) === null ? [] : [`${name} ${shown(name, text(value)!)}`]));
    return [...filters, typeof m.events === "number" ? plural(m.events, "event") : null].filter(Boolean).join(", ");
  }
  const limit = (value: Prisma.JsonValue | undefined) => (typeof value === "number" ? value.toLocaleString("en-GB") : null);
  const rateLimit =
    m.rateLimit && typeof m.rateLimit === "object" && !Array.isArray(m.rateLimit) ? m.rateLimit : action === "partner.rate_limit_changed" ? m : null;
  const parts = [
    text(m.via) && `via ${text(m.via)}`,
    text(m.owner) && `user ${text(m.owner)}`,
    text(m.key) && `key ${text(m.key)}`,
    text(m.replacedKey) && `replacing ${text(m.replacedKey)}`,
    text(m.practice) && `practice ${text(m.practice)}`,
    text(m.code) && `code ${text(m.code)}`,
    text(m.previousName) && text(m.previousName) !== targetLabel && `renamed from ${text(m.previousName)}`,
    text(m.previousSlug) && `address /apps/${text(m.previousSlug)} → /apps/${text(m.slug)}`,
    Array.isArray(m.changed) && m.changed.includes("description") && "new description",
    rateLimit && `rate limit ${limit(rateLimit.from)} → ${limit(rateLimit.to)}`,
    list(m.previousScopes) !== list(m.scopes) && (list(m.previousScopes) ? `scopes ${list(m.previousScopes)} → ${list(m.scopes)}` : `scopes ${list(m.scopes)}`),
    text(m.role) && `role ${text(m.role)}`,
    typeof m.active === "boolean" && (m.active ? "active" : "inactive"),
    m.password === "set" && "new password",
    text(m.address) && `address ${text(m.address)}`,
    text(m.phone) && `phone ${text(m.phone)}`,
    typeof m.expiresAt === "string" && `until ${formatDateTime(new Date(m.expiresAt))}`,
    m.shown === false && "the key was not shown (it could not be decrypted)",
  ];
  return parts.filter(Boolean).join(", ");
}

export type AuditInput = {
  /** No id: nobody signed in (a share link opened by whoever holds it). */
  actor: { id: string | null; name: string; session?: ActingSession };
  action: AuditAction;
  practiceGroupId: string | null;
  target: { type: "partner" | "api_key" | "network" | "practice_group" | "booking_link" | "user" | "audit_log"; id: string | null; label: string };
  metadata?: Prisma.InputJsonObject;
  /** The partner the event concerns, when the caller has it; else found from the target (partnerOf). */
  partnerId?: string | null;
};

/** The partner an event concerns, so every event of a partner's keys can be found by it. */
async function partnerOf(db: Db | Tx, target: AuditInput["target"]) {
  if (target.type === "partner") return target.id;
  if (target.type !== "api_key" || !target.id) return null;
  return (await db.apiKey.findUnique({ where: { id: target.id }, select: { partnerId: true } }))?.partnerId ?? null;
}

/** Every change a signed-in user makes writes one, in its transaction: so their session is checked there too. */
export async function recordAudit(db: Db | Tx, input: AuditInput) {
  if (input.actor.id && input.actor.session) await holdActingSession(db, input.actor.id, input.actor.session);
  return db.auditEvent.create({
    data: {
      actorUserId: input.actor.id,
      actorName: input.actor.name,
      action: input.action,
      practiceGroupId: input.practiceGroupId,
      targetType: input.target.type,
      targetId: input.target.id,
      targetLabel: input.target.label,
      partnerId: input.partnerId !== undefined ? input.partnerId : await partnerOf(db, input.target),
      metadata: input.metadata,
    },
  });
}

/**
 * Names the partner of events written without it (npm run db:prune, daily): an instance of the
 * previous release, still running while the release that added the column rolls out, writes
 * them so, and the Audit log's Partner filter would never find them.
 */
export async function fillAuditPartners(): Promise<number> {
  const partners = await prisma.$executeRaw`UPDATE audit_events e SET "partnerId" = p.id FROM partners p
    WHERE e."partnerId" IS NULL AND e."targetType" = 'partner' AND e."targetId" = p.id::text`;
  const keys = await prisma.$executeRaw`UPDATE audit_events e SET "partnerId" = k."partnerId" FROM api_keys k
    WHERE e."partnerId" IS NULL AND e."targetType" = 'api_key' AND e."targetId" = k.id::text AND k."partnerId" IS NOT NULL`;
  return partners + keys;
}

/** Hero support's changes to a partner itself, which reach every practice connected to it (its keys' scopes, Suspend partner). */
const PARTNER_WIDE: AuditAction[] = ["partner.updated", "partner.suspended", "partner.resumed"];

/** My Practice > Activity shows this many, the newest; it says when there are more. */
export const ACTIVITY_SHOWN = 50;

/** A practice's Activity: its own events, and its partners' partner-wide ones since it first connected them. */
export async function listAuditEvents(practiceGroupId: string, take = ACTIVITY_SHOWN) {
  const connections = await prisma.partnerConnection.findMany({ where: { practiceGroupId }, select: { partnerId: true, createdAt: true } });
  const partnerWide = connections.map(({ partnerId, createdAt }) => ({
    practiceGroupId: null,
    partnerId,
    action: { in: PARTNER_WIDE },
    createdAt: { gte: createdAt },
  }));
  return prisma.auditEvent.findMany({
    where: { OR: [{ practiceGroupId }, ...partnerWide] },
    orderBy: { createdAt: "desc" },
    take,
  });
}
