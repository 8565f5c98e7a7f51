// Booking through a booking link against real PostgreSQL: the link offers free slots of its type
// at its practice, books once, refuses after expiry, and two tabs racing leave one appointment.
// The confirmation names the practice and how to reach it; its calendar file is the link's only.
import { randomBytes } from "node:crypto";

import { afterAll, describe, expect, it } from "vitest";

import { bookingTokenHash, stopLinkNow } from "@/lib/booking-links";
import { prisma, type Tx } from "@/lib/db";
import { bookedAppointmentIcs, bookThroughLink, groupByUkDay, OFFERED_SLOTS_MAX, viewBookingLink, type BookThroughLinkResult } from "@/lib/patient-booking";

import { backendPid, waitForLockWaiter } from "./support/locks";
import { createPatient, createPracticeGroup, createSlot } from "./support/records";

afterAll(() => prisma.$disconnect());

async function linkFor(practiceGroupId: string, expiresInMs = 86_400_000) {
  const patient = await createPatient(practiceGroupId);
  const token = randomBytes(32).toString("base64url");
  await prisma.bookingLink.create({
    data: {
      practiceGroupId,
      patientId: patient.id,
      appointmentType: "GP consultation",
      tokenHash: bookingTokenHash(token),
      expiresAt: new Date(Date.now() + expiresInMs),
    },
  });
  return token;
}

/** Books through the link while a transaction holds the link's row, running `during` once the booking waits on it. */
async function bookWhileLinkHeld(token: string, slotId: string, during: (tx: Tx, linkId: string) => Promise<unknown>) {
  const { id } = await prisma.bookingLink.findUniqueOrThrow({ where: { tokenHash: bookingTokenHash(token) } });
  let booking!: Promise<BookThroughLinkResult>;
  await prisma.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT 1 FROM booking_links WHERE id = ${id}::uuid FOR UPDATE`;
      booking = bookThroughLink(token, slotId);
      await waitForLockWaiter(await backendPid(tx));
      await during(tx, id);
    },
    { timeout: 30_000 },
  );
  return booking;
}

/** A new practice with `count` free GP consultations a minute apart from `first`; its id. */
async function practiceWithSlots(count: number, first: number) {
  const practice = await createPracticeGroup();
  await prisma.appointmentSlot.createMany({
    data: Array.from({ length: count }, (_, i) => ({
      practiceGroupId: practice.id,
      startsAt: new Date(first + i * 60_000),
      endsAt: new Date(first + i * 60_000 + 15 * 60_000),
      appointmentType: "GP consultation",
      clinician: "Dr Test",
    })),
  });
  return practice.id;
}

describe("booking through a link", () => {
  it("offers the earliest OFFERED_SLOTS_MAX free slots and says there are more, not a large practice's whole fortnight", async () => {
    const first = Date.now() + 3_600_000;
    const open = await viewBookingLink(await linkFor(await practiceWithSlots(OFFERED_SLOTS_MAX + 5, first)));
    expect(open).toMatchObject({ state: "open", moreSlots: true });
    if (open.state !== "open") return;
    expect(open.slots).toHaveLength(OFFERED_SLOTS_MAX);
    expect(open.slots[0].startsAt.getTime()).toBe(first);

    // Exactly as many as shown: nothing left out.
    expect(await viewBookingLink(await linkFor(await practiceWithSlots(OFFERED_SLOTS_MAX, first)))).toMatchObject({
      state: "open",
      moreSlots: false,
      slots: { length: OFFERED_SLOTS_MAX },
    });
  });

  it("offers the practice's free slots of the link's type, books one, then shows it as booked", async () => {
    const practice = await createPracticeGroup();
    const slot = await createSlot(practice.id);
    const other = await createPracticeGroup();
    await createSlot(other.id);
    const token = await linkFor(practice.id);

    const open = await viewBookingLink(token);
    expect(open.state).toBe("open");
    if (open.state !== "open") return;
    expect(open.slots.map((offered) => offered.id)).toEqual([slot.id]);

    expect(await bookThroughLink(token, slot.id)).toEqual({ ok: true });
    const booked = await viewBookingLink(token);
    expect(booked).toMatchObject({ state: "booked", appointment: { cancelled: false } });
    expect(await prisma.appointment.count({ where: { slotId: slot.id, status: "BOOKED" } })).toBe(1);

    const second = await createSlot(practice.id, 2 * 86_400_000);
    // The page then shows the booking the link made, which this Book did not: the refusal says so.
    expect(await bookThroughLink(token, second.id)).toEqual({ error: "This booking link has already been used.", stale: true, bookedElsewhere: true });
  });

  it("shows a booking, and its calendar file, until the appointment has ended or the link has expired, whichever is later", async () => {
    const practice = await createPracticeGroup();
    const slot = await createSlot(practice.id);
    const token = await linkFor(practice.id, 3_600_000);
    expect(await bookThroughLink(token, slot.id)).toEqual({ ok: true });
    const link = await prisma.bookingLink.findFirstOrThrow({
      where: { tokenHash: bookingTokenHash(token) },
      include: { appointment: { include: { slot: true } } },
    });
    const until = Math.max(link.expiresAt.getTime(), link.appointment!.slot.endsAt.getTime());
    expect(await viewBookingLink(token, new Date(until - 1_000))).toMatchObject({ state: "booked" });
    expect(await bookedAppointmentIcs(token, new Date(until - 1_000))).not.toBeNull();
    expect(await viewBookingLink(token, new Date(until + 1_000))).toEqual({ state: "expired", practice: expect.objectContaining({ name: practice.name }) });
    expect(await bookedAppointmentIcs(token, new Date(until + 1_000))).toBeNull();
  });

  it("offers every free slot of the next 14 days, however many", async () => {
    const practice = await createPracticeGroup();
    // 15 a day for 5 days: more than one page of the API's listing.
    const made = [];
    for (let i = 0; i < 75; i++) made.push(await createSlot(practice.id, 3_600_000 + Math.floor(i / 15) * 86_400_000 + (i % 15) * 900_000));
    const view = await viewBookingLink(await linkFor(practice.id));
    expect(view.state === "open" && view.slots.map((slot) => slot.id)).toEqual(made.map((slot) => slot.id));
  });

  it("refuses a slot of another practice, an expired link, and tokens that are not links", async () => {
    const practice = await createPracticeGroup();
    const elsewhere = await createSlot((await createPracticeGroup()).id);
    const token = await linkFor(practice.id);
    expect(await bookThroughLink(token, elsewhere.id)).toEqual({ error: "That appointment is no longer available. Choose another.", stale: true });
    expect(await bookThroughLink(token, "'; DROP TABLE appointments; --")).toEqual({ error: "Choose an appointment from the list." });

    const expired = await linkFor(practice.id, -1000);
    expect(await viewBookingLink(expired)).toMatchObject({ state: "expired" });
    expect(await bookThroughLink(expired, (await createSlot(practice.id)).id)).toEqual({
      error: "This booking link has expired or has already been used.",
      stale: true,
    });

    expect(await viewBookingLink("not-a-token")).toEqual({ state: "invalid" });
    // The public action passes on what its caller sent, which need not be a string.
    const asArray = [token] as unknown as string;
    expect(await viewBookingLink(asArray)).toEqual({ state: "invalid" });
    expect(await bookThroughLink(asArray, (await createSlot(practice.id)).id)).toEqual({ error: "This booking link is not valid." });
    expect(await viewBookingLink(randomBytes(32).toString("base64url"))).toEqual({ state: "invalid" });
    // A token that is no link is never stale: the public action refreshes (and caches) nothing for it.
    expect(await bookThroughLink(randomBytes(32).toString("base64url"), (await createSlot(practice.id)).id)).toEqual({
      error: "This booking link has expired or has already been used.",
    });
  });

  it("two tabs booking different slots at once: one appointment, the link used once", async () => {
    const practice = await createPracticeGroup();
    const slots = await Promise.all([createSlot(practice.id), createSlot(practice.id, 2 * 86_400_000)]);
    const token = await linkFor(practice.id);
    const results = await Promise.all(slots.map((slot) => bookThroughLink(token, slot.id)));
    expect(results.filter((result) => "ok" in result)).toHaveLength(1);
    const link = await prisma.bookingLink.findUniqueOrThrow({ where: { tokenHash: bookingTokenHash(token) } });
    expect(await prisma.appointment.count({ where: { practiceGroupId: practice.id } })).toBe(1);
    expect(link.appointmentId).not.toBeNull();
  });

  // Not "someone else took it", nor that the time chosen was not booked: it was, by this link.
  it("the same slot booked twice, at once or again after an answer lost: both told it is booked, one appointment", async () => {
    const practice = await createPracticeGroup();
    const slot = await createSlot(practice.id);
    const token = await linkFor(practice.id);
    expect(await Promise.all([bookThroughLink(token, slot.id), bookThroughLink(token, slot.id)])).toEqual([{ ok: true }, { ok: true }]);
    expect(await bookThroughLink(token, slot.id)).toEqual({ ok: true });
    expect(await prisma.appointment.count({ where: { slotId: slot.id } })).toBe(1);
    expect(await viewBookingLink(token)).toMatchObject({ state: "booked" });
  });

  it("a link stopped while its booking is under way does not book: the stop is what the practice was told", async () => {
    const practice = await createPracticeGroup();
    const slot = await createSlot(practice.id);
    const token = await linkFor(practice.id);
    // The booking starts first (its own clock reads earlier than the stop's), reads the open link,
    // and waits on the link's row while the stop (My Practice's Stop, DELETE /booking-links/{id}) commits.
    const booking = await bookWhileLinkHeld(token, slot.id, async (tx, id) => expect(await stopLinkNow(tx, id)).toBe(1));
    expect(booking).toEqual({ error: "This booking link has expired or has already been used.", stale: true });
    expect(await prisma.appointment.count({ where: { slotId: slot.id } })).toBe(0);
    expect(await viewBookingLink(token)).toEqual({ state: "stopped" });
  });

  it("a slot that starts while its booking waits on the link's row is refused, not booked after it started", async () => {
    const practice = await createPracticeGroup();
    // Room for a busy machine's set-up before the lock is taken; then the wait outlasts the start.
    const slot = await createSlot(practice.id, 2_500);
    const token = await linkFor(practice.id);
    const booking = await bookWhileLinkHeld(
      token,
      slot.id,
      () => new Promise((resolve) => setTimeout(resolve, Math.max(0, slot.startsAt.getTime() - Date.now() + 100))),
    );
    expect(booking).toEqual({ error: "That appointment is no longer available. Choose another.", stale: true });
    expect(await prisma.appointment.count({ where: { slotId: slot.id } })).toBe(0);
    expect(await viewBookingLink(token)).toMatchObject({ state: "open" });
  });

  it("a slot booked by someone else is refused with a clear message", async () => {
    const practice = await createPracticeGroup();
    const slot = await createSlot(practice.id);
    const [first, second] = [await linkFor(practice.id), await linkFor(practice.id)];
    expect(await bookThroughLink(first, slot.id)).toEqual({ ok: true });
    expect(await bookThroughLink(second, slot.id)).toEqual({ error: "Someone has just booked that appointment. Choose another.", stale: true });
    expect(await viewBookingLink(second)).toMatchObject({ state: "open", slots: [] });
  });
});

describe("what a link offers is all it books", () => {
  it("refuses a slot beyond the 14 days the link offers, even by its id", async () => {
    const practice = await createPracticeGroup();
    const far = await createSlot(practice.id, 25 * 86_400_000);
    const token = await linkFor(practice.id, 30 * 86_400_000);
    const open = await viewBookingLink(token);
    expect(open.state === "open" && open.slots.map((slot) => slot.id)).not.toContain(far.id);
    expect(await bookThroughLink(token, far.id)).toEqual({ error: "That appointment is no longer available. Choose another.", stale: true });
    expect(await prisma.appointment.count({ where: { slotId: far.id } })).toBe(0);
  });

  // No network here: a link outlives the network it was made through, as it outlives its key (README).
  it("names the practice whose slots it offers, not the patient's own (a cross-organisational link), and books there", async () => {
    const member = await createPracticeGroup("member");
    const hub = await createPracticeGroup("hub");
    const patient = await createPatient(member.id);
    const token = randomBytes(32).toString("base64url");
    await prisma.bookingLink.create({
      data: {
        practiceGroupId: hub.id,
        patientId: patient.id,
        appointmentType: "GP consultation",
        tokenHash: bookingTokenHash(token),
        expiresAt: new Date(Date.now() + 86_400_000),
      },
    });
    const slot = await createSlot(hub.id);
    const open = await viewBookingLink(token);
    expect(open).toMatchObject({ state: "open", practice: { name: hub.name } });
    expect(await bookThroughLink(token, slot.id)).toEqual({ ok: true });
    expect(await viewBookingLink(token)).toMatchObject({ state: "booked", practice: { name: hub.name } });
  });
});

describe("the confirmation and its calendar file", () => {
  it("names the practice with its address and phone, and the booked time", async () => {
    const practice = await createPracticeGroup("practice", { address: "12 River Street\nRiverside\nRS1 2AB", phone: "01632 960111" });
    const slot = await createSlot(practice.id);
    const token = await linkFor(practice.id);
    await bookThroughLink(token, slot.id);
    expect(await viewBookingLink(token)).toEqual({
      state: "booked",
      practice: { name: practice.name, address: "12 River Street\nRiverside\nRS1 2AB", phone: "01632 960111" },
      appointment: { startsAt: slot.startsAt, endsAt: slot.endsAt, clinician: "Dr Test", appointmentType: "GP consultation", cancelled: false, past: false },
    });
  });

  it("serves the booked appointment as a calendar file to the link that booked it, and to nothing else", async () => {
    const practice = await createPracticeGroup("practice", { address: "12 River Street\nRiverside", phone: "01632 960111" });
    const slot = await createSlot(practice.id);
    const token = await linkFor(practice.id);
    expect(await bookedAppointmentIcs(token)).toBeNull();
    await bookThroughLink(token, slot.id);
    const appointment = await prisma.appointment.findFirstOrThrow({ where: { slotId: slot.id } });

    const now = new Date("2026-12-03T10:00:00Z");
    const lines = (await bookedAppointmentIcs(token, now))!.replace(/\r\n /g, "").split("\r\n");
    expect(lines).toEqual(
      expect.arrayContaining([
        `UID:${appointment.id}`,
        "DTSTAMP:20261203T100000Z",
        `DTSTART:${slot.startsAt.toISOString().replace(/[-:]/g, "").slice(0, 15)}Z`,
        `DTEND:${slot.endsAt.toISOString().replace(/[-:]/g, "").slice(0, 15)}Z`,
        `SUMMARY:GP consultation at ${practice.name}`,
        `LOCATION:${practice.name}\\, 12 River Street\\, Riverside`,
        `DESCRIPTION:GP consultation with Dr Test.\\nTo change or cancel it\\, call ${practice.name} on 01632 960111.`,
      ]),
    );
    // The patient is not named in a file that calendars sync elsewhere, and the link is not in it.
    expect(lines.join("\n")).not.toMatch(/Test Patient|Patient|book\//);

    // Another link of the same practice, an unknown token, a malformed one: nothing.
    expect(await bookedAppointmentIcs(await linkFor(practice.id))).toBeNull();
    expect(await bookedAppointmentIcs(randomBytes(32).toString("base64url"))).toBeNull();
    expect(await bookedAppointmentIcs("../../etc/passwd")).toBeNull();

    // A cancelled appointment has no calendar file.
    await prisma.appointment.update({ where: { id: appointment.id }, data: { status: "CANCELLED", cancelledAt: new Date() } });
    expect(await bookedAppointmentIcs(token)).toBeNull();
  });

  it("says how to reach a practice that gave no phone: contact it by name", async () => {
    const practice = await createPracticeGroup();
    const slot = await createSlot(practice.id);
    const token = await linkFor(practice.id);
    await bookThroughLink(token, slot.id);
    expect(await viewBookingLink(token)).toMatchObject({ practice: { name: practice.name, address: null, phone: null } });
    const ics = (await bookedAppointmentIcs(token))!.replace(/\r\n /g, "");
    expect(ics).toContain(`\r\nLOCATION:${practice.name}\r\n`);
    expect(ics).toContain(`To change or cancel it\\, contact ${practice.name}.`);
  });
});

describe("groupByUkDay", () => {
  const at = (iso: string) => ({ startsAt: new Date(iso) });

  it("puts times on their UK day, in the order given: BST moves 23:30 UTC to the next day, GMT does not", () => {
    const slots = [at("2026-06-30T08:00:00Z"), at("2026-06-30T22:59:00Z"), at("2026-06-30T23:30:00Z"), at("2026-12-01T23:30:00Z"), at("2026-12-02T00:00:00Z")];
    expect(groupByUkDay(slots).map((day) => [day.date, day.slots.length])).toEqual([
      ["2026-06-30", 2],
      ["2026-07-01", 1],
      ["2026-12-01", 1],
      ["2026-12-02", 1],
    ]);
  });

  it("has no days without slots", () => {
    expect(groupByUkDay([])).toEqual([]);
  });
});
