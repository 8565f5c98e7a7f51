// Settings > Super admin > Audit log: every audit event of every practice, filtered and paged,
// and the same as CSV. Filters come from the URL and are read defensively.
import { z } from "zod";

import { AUDIT_ACTIONS } from "@/lib/audit";
import { prisma } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { endOfUkDay, startOfUkDay } from "@/lib/key-expiry";
import { isStorable } from "@/lib/text";

export const AUDIT_LOG_PAGE_SIZE = 50;
export const AUDIT_LOG_EXPORT_MAX = 50_000;

const text = z.string().trim().max(100).refine(isStorable).catch("");
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
});

export type AuditLogFilters = z.infer<typeof filtersSchema>;

export function parseAuditLogParams(params: Record<string, string | string[] | undefined>): AuditLogFilters {
  const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) ?? "";
  return filtersSchema.parse(Object.fromEntries(["practice", "partner", "actor", "action", "from", "to", "page"].map((name) => [name, first(params[name])])));
}

async function whereFor(filters: AuditLogFilters): Promise<Prisma.AuditEventWhereInput> {
  const and: Prisma.AuditEventWhereInput[] = [];
  if (filters.practice) {
    const practice = await prisma.practiceGroup.findUnique({ where: { code: filters.practice }, select: { id: true } });
    and.push({ practiceGroupId: practice?.id ?? "00000000-0000-0000-0000-000000000000" });
  }
  // The partner itself and its keys' events (recorded with the partner: lib/audit.ts).
  if (filters.partner) and.push({ partnerId: filters.partner });
  if (filters.actor) {
    const users = await prisma.user.findMany({
      where: { OR: [{ name: { contains: filters.actor, mode: "insensitive" } }, { email: { contains: filters.actor, mode: "insensitive" } }] },
      select: { id: true },
      take: 200,
    });
    and.push({ OR: [{ actorName: { contains: filters.actor, mode: "insensitive" } }, { actorUserId: { in: users.map((user) => user.id) } }] });
  }
  if (filters.action) and.push({ action: filters.action });
  // From the start of `from` to the end of `to`, UK time (clock-change days are 23 or 25 hours long).
  const from = filters.from ? startOfUkDay(filters.from) : null;
  const to = filters.to ? endOfUkDay(filters.to) : null;
  if (from) and.push({ createdAt: { gte: from } });
  if (to) and.push({ createdAt: { lt: to } });
  return { AND: and };
}

export async function listAuditLog(filters: AuditLogFilters, take = AUDIT_LOG_PAGE_SIZE, skip = (filters.page - 1) * AUDIT_LOG_PAGE_SIZE) {
  const where = await whereFor(filters);
  const [events, total] = await Promise.all([
    prisma.auditEvent.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take, skip }),
    prisma.auditEvent.count({ where }),
  ]);
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
      reason: typeof metadata.reason === "string" ? metadata.reason : "",
    };
  });
  return { rows, total, page: filters.page, pageCount: Math.max(1, Math.ceil(total / AUDIT_LOG_PAGE_SIZE)) };
}

export type AuditLogRow = Awaited<ReturnType<typeof listAuditLog>>["rows"][number];

/** One CSV cell: quoted, and a leading = + - @ neutralised so a spreadsheet never runs it as a formula. */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${safe.replace(/"/g, '""')}"`;
}

export function auditLogCsv(rows: AuditLogRow[]): string {
  const header = ["Time (UTC)", "Practice", "Actor", "Actor user", "Action", "Target", "Reason"];
  const lines = rows.map((row) =>
    [row.createdAt.toISOString(), row.practice, row.actor, row.actorUser, row.action, row.target, row.reason].map(csvCell).join(","),
  );
  return `${[header.map(csvCell).join(","), ...lines].join("\r\n")}\r\n`;
}
