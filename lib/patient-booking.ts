// Booking through a booking link (app/book/[token]): the link is the patient's credential. It
// offers the free slots of its appointment type at its practice and books one, once, before it
// expires. The slot's partial unique index keeps a slot to one booking, whoever books it.
import { randomUUID } from "node:crypto";

import { listFreeSlots } from "@/lib/booking";
import { bookingShownUntil, bookingTokenHash, DATABASE_NOW } from "@/lib/booking-links";
import { prisma, type Tx } from "@/lib/db";
import { isUniqueViolation } from "@/lib/db-errors";
import { isUuid } from "@/lib/domain-error";
import { buildIcs } from "@/lib/ics";
import { ukDate } from "@/lib/key-expiry";
import { DAY_MS } from "@/lib/limits";

const BOOKABLE_DAYS = 14;
/** A phone need not draw thousands of times (a large practice's fortnight): the earliest are enough. */
export const OFFERED_SLOTS_MAX = 200;
// bookingLink tokens are 32 random bytes in base64url: anything else is not worth a query.
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export type OfferedSlot = { id: string; startsAt: Date; endsAt: Date; clinician: string };
/** How a patient reaches the practice; address and phone are null when the practice has not given them. */
export type PracticeContact = { name: string; address: string | null; phone: string | null };
/** `past`: it has ended (a link shows its booking until the later of that and its own expiry). */
export type BookedAppointment = { startsAt: Date; endsAt: Date; clinician: string; appointmentType: string; cancelled: boolean; past: boolean };

export type BookingLinkView =
  | { state: "invalid" }
  // Stopped: no practice, as whoever holds it may not be the patient (a link sent to the wrong
  // person), and not "expired", as a stopped link's patient may still have its booking.
  | { state: "expired"; practice: PracticeContact }
  | { state: "stopped" }
  | { state: "booked"; practice: PracticeContact; appointment: BookedAppointment }
  | { state: "open"; practice: PracticeContact; firstName: string; appointmentType: string; expiresAt: Date; slots: OfferedSlot[]; moreSlots: boolean };

// The public action's arguments are whatever its caller sent: a token sent as an array passes the pattern.
const isToken = (token: unknown): token is string => typeof token === "string" && TOKEN.test(token);

async function findLink(token: string) {
  if (!isToken(token)) return null;
  const link = await prisma.bookingLink.findUnique({
    where: { tokenHash: bookingTokenHash(token) },
    include: { patient: { select: { firstName: true } }, appointment: { include: { slot: true } } },
  });
  if (!link) return null;
  // The practice whose slots are offered: the link's, which for a cross-organisational link
  // (a hub booking for a member's patient) is not the patient's own practice.
  const practice = await prisma.practiceGroup.findUniqueOrThrow({
    where: { id: link.practiceGroupId },
    select: { name: true, address: true, phone: true },
  });
  return { ...link, practice };
}

/** The slots a link offers: its practice group's, of its type, starting within the next 14 days. */
function offered(link: { practiceGroupId: string; appointmentType: string }, now: Date) {
  return {
    practiceGroupId: link.practiceGroupId,
    appointmentType: link.appointmentType,
    startsAt: { gt: now, lt: new Date(now.getTime() + BOOKABLE_DAYS * DAY_MS) },
  };
}

/**
 * The free slots a link offers, the earliest OFFERED_SLOTS_MAX of the next BOOKABLE_DAYS, through
 * the API's own listFreeSlots a page at a time; `more` when later ones were left out.
 */
async function freeSlots(link: { practiceGroupId: string; appointmentType: string }, now: Date): Promise<{ slots: OfferedSlot[]; more: boolean }> {
  const { practiceGroupId, appointmentType } = link;
  const range = { from: new Date(now.getTime() + 1), to: new Date(now.getTime() + BOOKABLE_DAYS * DAY_MS), appointmentType, limit: 100 };
  const slots: OfferedSlot[] = [];
  for (let cursor: string | undefined; ;) {
    const { items, nextCursor } = await listFreeSlots(practiceGroupId, { ...range, cursor });
    slots.push(...items.map(({ id, startsAt, endsAt, clinician }) => ({ id, startsAt, endsAt, clinician })));
    if (slots.length > OFFERED_SLOTS_MAX || (slots.length === OFFERED_SLOTS_MAX && nextCursor)) return { slots: slots.slice(0, OFFERED_SLOTS_MAX), more: true };
    if (!nextCursor) return { slots, more: false };
    cursor = nextCursor;
  }
}

/**
 * A link that booked shows its booking (and serves its calendar file) until the appointment has
 * ended or the link has expired, whichever is later: not for ever to whoever finds the message;
 * and not at all once stopped.
 */
function bookingShown(link: { expiresAt: Date; stoppedAt: Date | null; appointment: { slot: { endsAt: Date } } | null }, now: Date) {
  return !!link.appointment && !link.stoppedAt && bookingShownUntil(link.expiresAt, link.appointment.slot.endsAt) > now;
}

/** What the patient sees for a link. An unknown token and a malformed one look the same. */
export async function viewBookingLink(token: string, now = new Date()): Promise<BookingLinkView> {
  const link = await findLink(token);
  if (!link) return { state: "invalid" };
  const { practice } = link;
  if (link.stoppedAt) return { state: "stopped" };
  const expired = { state: "expired" as const, practice };
  if (link.appointment && !bookingShown(link, now)) return expired;
  if (link.appointment) {
    const { slot, status } = link.appointment;
    return {
      state: "booked",
      practice,
      appointment: {
        startsAt: slot.startsAt,
        endsAt: slot.endsAt,
        clinician: slot.clinician,
        appointmentType: slot.appointmentType,
        cancelled: status === "CANCELLED",
        past: slot.endsAt <= now,
      },
    };
  }
  if (link.expiresAt <= now) return expired;
  const { slots, more } = await freeSlots(link, now);
  return {
    state: "open",
    practice,
    firstName: link.patient.firstName,
    appointmentType: link.appointmentType,
    expiresAt: link.expiresAt,
    slots,
    moreSlots: more,
  };
}

/**
 * `stale`: the link exists and changed under the patient (booked from another tab, a slot taken):
 * show it as it is now. `bookedElsewhere`: what it shows then is a booking this Book did not make.
 */
export type BookThroughLinkResult = { ok: true } | { error: string; stale?: true; bookedElsewhere?: true };

const ALREADY_USED = "This booking link has already been used.";
/** The refusal of a Book after the link had booked another time (another tab or device). */
const BOOKED_BEFORE = { error: ALREADY_USED, stale: true, bookedElsewhere: true } as const;
/** The page's query after such a refusal: it says the booking shown is not the one just asked for. */
export const BOOKED_ELSEWHERE = "booked-elsewhere";

const EXPIRED_OR_USED = "This booking link has expired or has already been used.";
const SLOT_GONE = "That appointment is no longer available. Choose another.";

class LinkUnavailable extends Error {
  constructor(
    message: string,
    readonly stale = true,
    readonly bookedElsewhere = false,
  ) {
    super(message);
  }
}

/**
 * The link booked before this Book: the slot asked for (a Book sent twice, its first answer lost)
 * is the patient's own booking; another is a booking this Book did not make, which the page shows next.
 */
const alreadyBooked = (bookedSlotId: string | undefined, slotId: string): BookThroughLinkResult => (bookedSlotId === slotId ? { ok: true } : BOOKED_BEFORE);

const bookedSlotOf = async (db: Tx, appointmentId: string | null) =>
  appointmentId ? (await db.appointment.findUnique({ where: { id: appointmentId }, select: { slotId: true } }))?.slotId : undefined;

/** Books the slot for the link's patient and marks the link used, in one transaction. */
export async function bookThroughLink(token: string, slotId: string, now = new Date()): Promise<BookThroughLinkResult> {
  if (!isToken(token)) return { error: "This booking link is not valid." };
  if (!isUuid(slotId)) return { error: "Choose an appointment from the list." };
  const tokenHash = bookingTokenHash(token);
  try {
    return await prisma.$transaction(async (tx): Promise<BookThroughLinkResult> => {
      const link = await tx.bookingLink.findUnique({ where: { tokenHash } });
      if (!link) throw new LinkUnavailable(EXPIRED_OR_USED, false);
      if (link.stoppedAt || (link.expiresAt <= now && !link.appointmentId)) throw new LinkUnavailable(EXPIRED_OR_USED);
      if (link.appointmentId) return alreadyBooked(await bookedSlotOf(tx, link.appointmentId), slotId);
      // Only what the link offers: a forged id of a slot outside it is refused.
      const slot = await tx.appointmentSlot.findFirst({ where: { id: slotId, ...offered(link, now) } });
      if (!slot) throw new LinkUnavailable(SLOT_GONE);
      const appointmentId = randomUUID();
      await tx.appointment.create({ data: { id: appointmentId, practiceGroupId: link.practiceGroupId, slotId: slot.id, patientId: link.patientId } });
      // A link books once: of two tabs booking at the same moment, only the first claims it. And
      // not after it was stopped (My Practice's Stop, DELETE /booking-links/{id}) while this ran.
      const claimed = await tx.$executeRaw`UPDATE booking_links SET "appointmentId" = ${appointmentId}::uuid
        WHERE id = ${link.id}::uuid AND "appointmentId" IS NULL AND "stoppedAt" IS NULL AND "expiresAt" > ${DATABASE_NOW}`;
      if (claimed !== 1) {
        const used = await tx.bookingLink.findUnique({ where: { id: link.id }, select: { appointmentId: true } });
        if (!used?.appointmentId) throw new LinkUnavailable(EXPIRED_OR_USED);
        // Another tab's booking of another slot (the same slot would have clashed on its index): this one is rolled back.
        throw new LinkUnavailable(ALREADY_USED, true, true);
      }
      // The waits above (the stop's or another tab's lock, a rival booking of the slot) can outlast its start.
      if (slot.startsAt <= new Date()) throw new LinkUnavailable(SLOT_GONE);
      return { ok: true };
    });
  } catch (error) {
    if (error instanceof LinkUnavailable) {
      if (!error.stale) return { error: error.message };
      return error.bookedElsewhere ? BOOKED_BEFORE : { error: error.message, stale: true };
    }
    if (isUniqueViolation(error)) {
      // The slot went first to this very link, booked from another tab: the patient's own booking of this very slot.
      const link = await prisma.bookingLink.findUnique({ where: { tokenHash }, select: { appointmentId: true } });
      if (link?.appointmentId) return alreadyBooked(await bookedSlotOf(prisma, link.appointmentId), slotId);
      return { error: "Someone has just booked that appointment. Choose another.", stale: true };
    }
    throw error;
  }
}

/** Free slots by day, in UK time (a slot at 00:30 BST is on the next day), in the order given. */
export function groupByUkDay<T extends { startsAt: Date }>(slots: T[]): { date: string; slots: T[] }[] {
  const days: { date: string; slots: T[] }[] = [];
  for (const slot of slots) {
    const date = ukDate(slot.startsAt);
    if (days.at(-1)?.date !== date) days.push({ date, slots: [] });
    days.at(-1)!.slots.push(slot);
  }
  return days;
}

/**
 * The booked appointment as an iCalendar file, for whoever holds the link that booked it; null
 * for anything else (no booking, a cancelled one, an unknown token). It names the practice, never
 * the patient, and carries no link back: calendars sync to other services.
 */
export async function bookedAppointmentIcs(token: string, now = new Date()): Promise<string | null> {
  const link = await findLink(token);
  if (!link?.appointment || link.appointment.status !== "BOOKED" || !bookingShown(link, now) || link.appointment.slot.endsAt <= now) return null;
  const { appointment, practice } = link;
  const { slot } = appointment;
  const reach = practice.phone ? `call ${practice.name} on ${practice.phone}` : `contact ${practice.name}`;
  return buildIcs({
    // A UUID on its own, as RFC 7986 recommends: no host name to leak.
    uid: appointment.id,
    stamp: now,
    start: slot.startsAt,
    end: slot.endsAt,
    summary: `${slot.appointmentType} at ${practice.name}`,
    location: [practice.name, ...(practice.address ?? "").split(/\r?\n/)]
      .map((line) => line.trim())
      .filter(Boolean)
      .join(", "),
    description: `${slot.appointmentType} with ${slot.clinician}.\nTo change or cancel it, ${reach}.`,
  });
}
