// Booking links (scope booking_links): a link a patient follows to book an appointment type at
// the acting practice group before it expires. Every query is scoped by practice group. The
// link's token is the patient's credential: stored as its SHA-256, for the booking page to find
// the link by, and encrypted with the server secret, for the API to list the link's url.
import { randomBytes } from "node:crypto";

import { ActionError } from "@/lib/action-error";
import { keyHashOf } from "@/lib/api-keys";
import { recordAudit, type Actor } from "@/lib/audit";
import { prisma, type Tx } from "@/lib/db";
import { DomainError, notFound } from "@/lib/domain-error";
import { appOrigin } from "@/lib/env";
import { formatDateTime, formatLongDateTime } from "@/lib/format";
import { Prisma } from "@/lib/generated/prisma/client";
import { claimIdempotencyKey } from "@/lib/idempotency";
import { decryptKey, encryptKey } from "@/lib/key-crypto";
import { recordWrite } from "@/lib/ledger";
import { BOOKING_LINK_DEFAULT_DAYS, BOOKING_LINK_MAX_DAYS, DAY_MS } from "@/lib/limits";
import { after, decodeCursor, toPage } from "@/lib/pagination";
import { apiWrite, getPatientOrThrow, visibleRecords, type ApiWriter, type PatientRef, type PatientScope } from "@/lib/patients";

/** A token's stored form: its SHA-256 in hex, as a key's. */
export const bookingTokenHash = keyHashOf;
// Bound to its purpose as well as its hash: an API key's ciphertext copied onto a link does not decrypt as a token.
const authenticatedData = (tokenHash: string) => `booking_link:${tokenHash}`;

/**
 * The patient-facing address of a link (the dashboard's public URL when configured), or null
 * when this server cannot show it: a link made before tokens were encrypted, or a token
 * encrypted under another server secret. The link works for its patient either way.
 */
export function bookingLinkUrl(link: { tokenHash: string; tokenEncrypted: string | null }): string | null {
  if (!link.tokenEncrypted) return null;
  let token: string;
  try {
    token = decryptKey(link.tokenEncrypted, authenticatedData(link.tokenHash));
  } catch {
    return null;
  }
  // Never the request's own address: behind the proxy that is an internal host, or the API's.
  return `${appOrigin()}/book/${token}`;
}

/**
 * Which of `links` the caller made, with any of its keys (its connection's, across Rotate API
 * key, or a user key's owner's): the API shows only their url. A url is a patient's credential;
 * another partner, or the practice, sent theirs, and only the sender needs it again.
 */
export async function linksMadeBy(callerId: string, links: { id: string; createdByKeyId: string | null }[], db: Tx = prisma): Promise<Set<string>> {
  const keyIds = [...new Set(links.flatMap((link) => (link.createdByKeyId ? [link.createdByKeyId] : [])))];
  if (keyIds.length === 0) return new Set();
  const keys = await db.apiKey.findMany({
    where: { id: { in: keyIds }, OR: [{ connectionId: callerId }, { ownerUserId: callerId }] },
    select: { id: true },
  });
  const mine = new Set(keys.map((key) => key.id));
  return new Set(links.filter((link) => link.createdByKeyId !== null && mine.has(link.createdByKeyId)).map((link) => link.id));
}

/** Whether the caller made this one link (linksMadeBy). */
export async function madeByCaller(callerId: string, link: { id: string; createdByKeyId: string | null }, db: Tx = prisma) {
  return (await linksMadeBy(callerId, [link], db)).has(link.id);
}

const OFFERED_TYPES_NAMED = 20;

type CreateInput = PatientRef & { appointment_type: string; expires_at?: string };

/**
 * A link can only book slots of its type, so the type must be one the practice has slots of
 * (any, past or future). A partner with only booking_links cannot list slots: the error names the types.
 */
async function requireOfferedType(practiceGroupId: string, appointmentType: string) {
  const offered = await prisma.appointmentSlot.findFirst({ where: { practiceGroupId, appointmentType }, select: { id: true } });
  if (offered) return;
  const types = await prisma.$queryRaw<{ type: string }[]>`SELECT DISTINCT "appointmentType" AS type FROM appointment_slots
    WHERE "practiceGroupId" = ${practiceGroupId}::uuid ORDER BY 1 LIMIT ${OFFERED_TYPES_NAMED + 1}`;
  const named = types.slice(0, OFFERED_TYPES_NAMED).map(({ type }) => type);
  if (types.length > OFFERED_TYPES_NAMED) named.push("…");
  throw new DomainError(
    "invalid",
    named.length ? `Not an appointment type this practice offers: one of ${named.join(", ")}` : "This practice has no appointments to book",
    "appointment_type",
  );
}

export async function createBookingLink(scope: ApiWriter, input: CreateInput) {
  const expiresAt = input.expires_at ? Date.parse(input.expires_at) : null;
  if (expiresAt !== null && expiresAt <= Date.now()) throw new DomainError("invalid", "Must be in the future", "expires_at");
  if (expiresAt !== null && expiresAt > Date.now() + BOOKING_LINK_MAX_DAYS * DAY_MS)
    throw new DomainError("invalid", `Must be within ${BOOKING_LINK_MAX_DAYS} days`, "expires_at");
  const patient = await getPatientOrThrow(input, scope);
  await requireOfferedType(scope.actingPracticeGroupId, input.appointment_type);
  return apiWrite(scope, async (tx) => {
    // Taken once the caller is held: a write that waited on a lock is not dated before the wait.
    const now = new Date();
    // 32 random bytes: the link itself is the patient's credential for booking.
    const token = randomBytes(32).toString("base64url");
    const tokenHash = bookingTokenHash(token);
    const link = await tx.bookingLink.create({
      data: {
        practiceGroupId: scope.actingPracticeGroupId,
        patientId: patient.id,
        appointmentType: input.appointment_type,
        tokenHash,
        tokenEncrypted: encryptKey(token, authenticatedData(tokenHash)),
        expiresAt: new Date(expiresAt ?? now.getTime() + BOOKING_LINK_DEFAULT_DAYS * DAY_MS),
        createdByKeyId: scope.keyId,
        createdAt: now,
      },
    });
    await claimIdempotencyKey(tx, scope.access?.idempotency, link.id);
    await recordWrite(tx, scope.access, [patient.id]);
    return link;
  });
}

// The database's clock, not this server's: a stop and a booking (lib/patient-booking.ts) read one
// clock, and a booking that waited for a stop's row lock reads it after the wait. UTC, as stored.
export const DATABASE_NOW = Prisma.sql`(clock_timestamp() AT TIME ZONE 'UTC')`;

/**
 * Stops a link now: an open one's expiry moves to now, and a used one no longer shows what it
 * booked. 1 if it stopped it, 0 if there was nothing to stop (already stopped, or expired unused).
 */
export function stopLinkNow(tx: Tx, linkId: string): Promise<number> {
  return tx.$executeRaw`UPDATE booking_links SET "expiresAt" = LEAST("expiresAt", ${DATABASE_NOW}), "stoppedAt" = ${DATABASE_NOW}
    WHERE id = ${linkId}::uuid AND "stoppedAt" IS NULL AND ("expiresAt" > ${DATABASE_NOW} OR "appointmentId" IS NOT NULL)`;
}

/**
 * DELETE /booking-links/{id}: the link stops now (its expiry moved to now), e.g. one sent to the
 * wrong person; one already expired keeps its expiry, so stopping it twice changes nothing. An
 * appointment booked through it stays booked (DELETE /appointments/{id} cancels it), but the
 * link no longer shows it: whoever holds the link may not be the patient. `mine`: whether
 * `callerId` made it, read before the commit, so that nothing can fail between the recorded stop
 * and its answer.
 */
export async function stopBookingLink(id: string, scope: ApiWriter, callerId: string) {
  const where = { id, ...visibleRecords(scope) };
  return apiWrite(scope, async (tx) => {
    const visible = await tx.bookingLink.findFirst({ where, select: { id: true } });
    if (!visible) throw notFound("Booking link");
    await stopLinkNow(tx, id);
    const link = await tx.bookingLink.findUniqueOrThrow({ where: { id } });
    const mine = await madeByCaller(callerId, link, tx);
    await recordWrite(tx, scope.access, [link.patientId]);
    return { link, mine };
  });
}

export async function getBookingLinkOrThrow(id: string, scope: PatientScope) {
  const link = await prisma.bookingLink.findFirst({ where: { id, ...visibleRecords(scope) } });
  if (!link) throw notFound("Booking link");
  return link;
}

export async function listBookingLinks(scope: PatientScope, { limit, cursor }: { limit: number; cursor?: string }) {
  const rows = await prisma.bookingLink.findMany({
    where: { ...visibleRecords(scope), ...after<Prisma.BookingLinkWhereInput>("createdAt", decodeCursor(cursor), "desc") },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
  });
  return toPage(rows, limit, (row) => row.createdAt);
}

/** A link that can still book, or whose page still shows what it booked, as My Practice lists it. */
export type OpenBookingLink = {
  id: string;
  appointmentType: string;
  practiceGroupId: string;
  practiceName: string;
  madeBy: string;
  createdAt: Date;
  expiresAt: Date;
  /** The appointment a used link booked, which its page still shows until `shownUntil`: the later of its end and the link's expiry. */
  booked: { startsAt: Date; shownUntil: Date; cancelled: boolean } | null;
};

/** Until when a link that booked shows its booking: the later of the appointment's end and the link's expiry (lib/patient-booking.ts). */
export const bookingShownUntil = (expiresAt: Date, endsAt: Date) => new Date(Math.max(expiresAt.getTime(), endsAt.getTime()));

/** How the dashboard and its Activity name a link: two of one type from one partner differ by when they were made. */
export const bookingLinkLabel = (link: { appointmentType: string; madeBy: string; createdAt: Date }) =>
  `${link.appointmentType} link made by ${link.madeBy} on ${formatDateTime(link.createdAt)}`;

// A link names its key only: by its partner's name, or a user key's own name, or this once that key was deleted.
const DELETED_KEY = "a deleted key";

type LinkRow = Omit<OpenBookingLink, "booked"> & {
  madeBy: string | null;
  partnerId: string | null;
  appointmentId: string | null;
  bookedStartsAt: Date | null;
  bookedEndsAt: Date | null;
  bookedStatus: "BOOKED" | "CANCELLED" | null;
};

/** The links of the practice's patients that `where` names, each with who made it (its key's partner or name). */
async function patientLinks(db: Tx | typeof prisma, practiceGroupId: string, where: Prisma.Sql): Promise<LinkRow[]> {
  return db.$queryRaw<LinkRow[]>`
    SELECT l.id, l."appointmentType", l."appointmentId", g.id AS "practiceGroupId", g.name AS "practiceName",
      COALESCE(p.name, k.name) AS "madeBy", k."partnerId", l."createdAt", l."expiresAt", s."startsAt" AS "bookedStartsAt", s."endsAt" AS "bookedEndsAt", a.status AS "bookedStatus"
    FROM booking_links l JOIN patients pt ON pt.id = l."patientId" JOIN practice_groups g ON g.id = l."practiceGroupId"
    LEFT JOIN api_keys k ON k.id = l."createdByKeyId" LEFT JOIN partners p ON p.id = k."partnerId"
    LEFT JOIN appointments a ON a.id = l."appointmentId" LEFT JOIN appointment_slots s ON s.id = a."slotId"
    WHERE pt."practiceGroupId" = ${practiceGroupId}::uuid AND ${where}
    ORDER BY l."createdAt" DESC, l.id DESC`;
}

/**
 * A practice's patient's links that still do something, wherever they book (a network's hub too,
 * since the patient is the practice's): those that can book (unused, unexpired), and those whose
 * page still shows what they booked (lib/patient-booking.ts). For a link sent to the wrong person.
 */
export async function listOpenBookingLinks(practiceGroupId: string, patientId: string, now = new Date()): Promise<OpenBookingLink[]> {
  const rows = await patientLinks(
    prisma,
    practiceGroupId,
    Prisma.sql`l."patientId" = ${patientId}::uuid AND l."stoppedAt" IS NULL
      AND (l."appointmentId" IS NULL AND l."expiresAt" > ${now} OR l."appointmentId" IS NOT NULL AND GREATEST(l."expiresAt", s."endsAt") > ${now})`,
  );
  return rows.map(({ id, appointmentType, practiceGroupId, practiceName, madeBy, createdAt, expiresAt, bookedStartsAt, bookedEndsAt, bookedStatus }) => ({
    id,
    appointmentType,
    practiceGroupId,
    practiceName,
    madeBy: madeBy ?? DELETED_KEY,
    createdAt,
    expiresAt,
    booked:
      bookedStartsAt && bookedEndsAt
        ? { startsAt: bookedStartsAt, shownUntil: bookingShownUntil(expiresAt, bookedEndsAt), cancelled: bookedStatus === "CANCELLED" }
        : null,
  }));
}

// Names the appointment, since a link the wrong person used is one whose booking must be undone.
function usedLinkNotice({ status, slot }: { status: "BOOKED" | "CANCELLED"; slot: { startsAt: Date } }) {
  const booked = `Stopped. This link had booked the appointment on ${formatLongDateTime(slot.startsAt)}`;
  return status === "CANCELLED"
    ? `${booked}, since cancelled.`
    : `${booked}: whoever has the link no longer sees it, but it is still booked. Cancel the appointment itself if it was not the patient's.`;
}

/**
 * My Practice's Stop: the link of one of the practice's patients stops now, as DELETE
 * /booking-links/{id} stops it, with an audit event that names neither patient nor token (at the
 * hub too, for a link that would have booked there).
 */
export async function stopPatientBookingLink({
  practiceGroupId,
  linkId,
  actor,
}: {
  practiceGroupId: string;
  linkId: string;
  actor: Actor;
}): Promise<{ notice: string | null }> {
  return prisma.$transaction(async (tx) => {
    const [link] = await patientLinks(tx, practiceGroupId, Prisma.sql`l.id = ${linkId}::uuid`);
    if (!link) throw new ActionError("Booking link not found");
    if (!(await stopLinkNow(tx, linkId))) throw new ActionError("This link has already expired or been stopped.");
    // Read after the stop: a booking that claimed the link while the stop waited committed after the read above.
    const { appointment } = await tx.bookingLink.findUniqueOrThrow({
      where: { id: linkId },
      select: { appointment: { select: { status: true, slot: { select: { startsAt: true } } } } },
    });
    const event = {
      action: "booking_link.stopped",
      target: { type: "booking_link", id: linkId, label: bookingLinkLabel({ ...link, madeBy: link.madeBy ?? DELETED_KEY }) },
      partnerId: link.partnerId,
    } as const;
    await recordAudit(tx, { ...event, actor, practiceGroupId });
    if (link.practiceGroupId !== practiceGroupId) {
      // The hub it would have booked at: by practice, as a hub knows its network's practices but not their staff.
      const { name } = await tx.practiceGroup.findUniqueOrThrow({ where: { id: practiceGroupId }, select: { name: true } });
      await recordAudit(tx, { ...event, actor: { id: actor.id, name: `An admin of ${name}` }, practiceGroupId: link.practiceGroupId });
    }
    return { notice: appointment ? usedLinkNotice(appointment) : null };
  });
}
