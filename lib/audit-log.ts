// Settings > Super admin > Audit log: every audit event of every practice, filtered and paged,
// and the same as CSV. Filters come from the URL and are read defensively.
import { z } from "zod";

import { AUDIT_ACTIONS, auditDetail, recordAudit, type Actor } from "@/lib/audit";
import { csvFile } from "@/lib/csv";
import { prisma } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { endOfUkDay, startOfUkDay } from "@/lib/key-expiry";
import { AUDIT_LOG_EXPORT_MAX, SEARCH_MAX_LENGTH } from "@/lib/limits";
import { pageOf } from "@/lib/pagination";
import { practiceByCode } from "@/lib/practice-groups";
import { supportActor } from "@/lib/support";
import { isStorable } from "@/lib/text";
import { escapeLike } from "@/lib/users";

export const AUDIT_LOG_PAGE_SIZE = 50;

const text = z.string().trim().max(SEARCH_MAX_LENGTH).refine(isStorable).catch("");
const date = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .catch("");
const filtersSchema = z.object({
  /** A practice code, as support hear it on the phone. */
  practice: text,
  partner: z.uuid().catch(""),
  actor: text,
  action: z.enum(Object.keys(AUDIT_ACTIONS) as [string, ...string[]]).catch(""),
  from: date,
  to: date,
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
  /** The pages' moment: their links carry it, so events recorded meanwhile do not shift them. */
  until: z.iso
    .datetime()
    .refine((until) => new Date(until).getUTCFullYear() >= 1) // PostgreSQL has no year 0
    .catch(""),
});

export type AuditLogFilters = z.infer<typeof filtersSchema>;

export function parseAuditLogParams(params: Record<string, string | string[] | undefined>): AuditLogFilters {
  const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) ?? "";
  return filtersSchema.parse(
    Object.fromEntries(["practice", "partner", "actor", "action", "from", "to", "page", "until"].map((name) => [name, first(params[name])])),
  );
}

/** Whose events the actor filter finds (the people matching it who have acted); past this, the page says so. */
export const ACTOR_MATCH_MAX = 1_000;

async function whereFor(filters: AuditLogFilters): Promise<{ where: Prisma.AuditEventWhereInput; actorsCut: boolean }> {
  const and: Prisma.AuditEventWhereInput[] = [];
  let actorsCut = false;
  let practiceId: string | null = null;
  if (filters.practice) {
    const practice = await practiceByCode(prisma, filters.practice);
    practiceId = practice?.id ?? "00000000-0000-0000-0000-000000000000";
    and.push({ practiceGroupId: practiceId });
  }
  // The partner itself and its keys' events (recorded with the partner: lib/audit.ts).
  if (filters.partner) and.push({ partnerId: filters.partner });
  if (filters.actor) {
    // Prisma hands `contains` to ILIKE as it is: a typed % or _ would match anything.
    const contains = { contains: escapeLike(filters.actor), mode: "insensitive" as const };
    const pattern = `%${escapeLike(filters.actor)}%`;
    // Only people with events (at the practice filtered by): a search as broad as one letter matches
    // every user, most of whom never acted. By name, so every page and the export keep the same ones.
    const users = await prisma.$queryRaw<{ id: string }[]>`
      SELECT u.id FROM users u
      WHERE (u.name ILIKE ${pattern} OR u.email ILIKE ${pattern})
        AND EXISTS (SELECT 1 FROM audit_events e WHERE e."actorUserId" = u.id AND (${practiceId}::uuid IS NULL OR e."practiceGroupId" = ${practiceId}::uuid))
      ORDER BY u.name, u.id
      LIMIT ${ACTOR_MATCH_MAX + 1}`;
    actorsCut = users.length > ACTOR_MATCH_MAX;
    and.push({ OR: [{ actorName: contains }, { actorUserId: { in: users.slice(0, ACTOR_MATCH_MAX).map((user) => user.id) } }] });
  }
  if (filters.action) and.push({ action: filters.action });
  // From the start of `from` to the end of `to`, UK time (clock-change days are 23 or 25 hours long).
  const from = filters.from ? startOfUkDay(filters.from) : null;
  const to = filters.to ? endOfUkDay(filters.to) : null;
  if (from) and.push({ createdAt: { gte: from } });
  if (to) and.push({ createdAt: { lt: to } });
  return { where: { AND: and }, actorsCut };
}

/**
 * One page of `pageSize` events up to `until` (now, if not given; a page past the last shows the
 * last); the export asks for page 1 of AUDIT_LOG_EXPORT_MAX. `newer`: events recorded after `until`.
 */
export async function listAuditLog(filters: AuditLogFilters, pageSize = AUDIT_LOG_PAGE_SIZE) {
  const { where: filtered, actorsCut } = await whereFor(filters);
  const until = filters.until ? new Date(filters.until) : new Date();
  const where = { AND: [filtered, { createdAt: { lte: until } }] };
  const [total, newer] = await Promise.all([
    prisma.auditEvent.count({ where }),
    filters.until ? prisma.auditEvent.findFirst({ where: { AND: [filtered, { createdAt: { gt: until } }] }, select: { id: true } }) : null,
  ]);
  const { offset, ...shown } = pageOf(total, filters.page, pageSize);
  const events = await prisma.auditEvent.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: pageSize, skip: offset });
  // Names of the practices and of the real users behind "Hero support", in two queries.
  const [practices, actors] = await Promise.all([
    prisma.practiceGroup.findMany({
      where: { id: { in: [...new Set(events.flatMap((event) => (event.practiceGroupId ? [event.practiceGroupId] : [])))] } },
      select: { id: true, name: true },
    }),
    prisma.user.findMany({
      where: { id: { in: [...new Set(events.flatMap((event) => (event.actorUserId ? [event.actorUserId] : [])))] } },
      select: { id: true, name: true, email: true },
    }),
  ]);
  const practiceName = new Map(practices.map((practice) => [practice.id, practice.name]));
  const actor = new Map(actors.map((user) => [user.id, user]));
  const rows = events.map((event) => {
    const metadata = (event.metadata ?? {}) as Record<string, unknown>;
    const user = event.actorUserId ? actor.get(event.actorUserId) : undefined;
    return {
      id: event.id,
      createdAt: event.createdAt,
      practice: event.practiceGroupId ? (practiceName.get(event.practiceGroupId) ?? "—") : "All practices",
      actor: event.actorName,
      // The person behind "Hero support", and where a share link was opened from.
      actorUser: [user ? `${user.name} <${user.email}>` : "", typeof metadata.openedFrom === "string" ? `from ${metadata.openedFrom}` : ""]
        .filter(Boolean)
        .join(", "),
      action: AUDIT_ACTIONS[event.action as keyof typeof AUDIT_ACTIONS] ?? event.action,
      target: event.targetLabel ?? "",
      detail: auditDetail(event),
      reason: typeof metadata.reason === "string" ? metadata.reason : "",
    };
  });
  return { rows, actorsCut, until: until.toISOString(), newer: newer !== null, ...shown };
}

export type AuditLogRow = Awaited<ReturnType<typeof listAuditLog>>["rows"][number];

/** The export: `rows` of `total` matching events, newest first; `actorsCut`: the actor filter matched more people than it takes. */
export function auditLogCsv(rows: AuditLogRow[], total = rows.length, actorsCut = false): string {
  const header = ["Time (UTC)", "Practice", "Actor", "Actor user", "Action", "Target", "Details", "Reason"];
  const cells = rows.map((row) => [row.createdAt.toISOString(), row.practice, row.actor, row.actorUser, row.action, row.target, row.detail, row.reason]);
  const cuts = [
    total > rows.length &&
      `Only the newest ${rows.length.toLocaleString("en-GB")} of ${total.toLocaleString("en-GB")} events: narrow the dates (From, To) to export the rest.`,
    actorsCut &&
      `More than ${ACTOR_MATCH_MAX.toLocaleString("en-GB")} people match the actor filter: these are the events of ${ACTOR_MATCH_MAX.toLocaleString("en-GB")} of them. Type more of a name or email.`,
  ].filter((cut) => cut !== false);
  return csvFile(header, cells, cuts.join(" ") || undefined);
}

/**
 * Export CSV: every practice's events, people's emails and addresses among them, so the export is
 * itself an event (with its filters), as opening a key report is.
 */
export async function exportAuditLog(user: Pick<Actor, "id" | "session">, filters: AuditLogFilters): Promise<string> {
  const { rows, total, actorsCut } = await listAuditLog({ ...filters, page: 1 }, AUDIT_LOG_EXPORT_MAX);
  await recordAudit(prisma, {
    actor: supportActor(user),
    action: "audit_log.exported",
    practiceGroupId: null,
    target: { type: "audit_log", id: null, label: "Audit log" },
    partnerId: null,
    metadata: { ...Object.fromEntries(Object.entries(filters).filter(([name, value]) => name !== "page" && value)), events: rows.length },
  });
  return auditLogCsv(rows, total, actorsCut);
}
