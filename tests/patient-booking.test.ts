// Booking through a booking link against real PostgreSQL: the link offers free slots of its type
// at its practice, books once, refuses after expiry, and two tabs racing leave one appointment.
import { randomBytes } from "node:crypto";

import { afterAll, describe, expect, it } from "vitest";

import { prisma } from "@/lib/db";
import { bookThroughLink, viewBookingLink } from "@/lib/patient-booking";

import { createPatient, createPracticeGroup, createSlot } from "./support/records";

afterAll(() => prisma.$disconnect());

async function linkFor(practiceGroupId: string, expiresInMs = 86_400_000) {
  const patient = await createPatient(practiceGroupId);
  const token = randomBytes(32).toString("base64url");
  await prisma.bookingLink.create({
    data: { practiceGroupId, patientId: patient.id, appointmentType: "GP consultation", token, expiresAt: new Date(Date.now() + expiresInMs) },
  });
  return token;
}

describe("booking through a link", () => {
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
    expect(await bookThroughLink(token, second.id)).toEqual({ error: "This booking link has expired or has already been used." });
  });

  it("refuses a slot of another practice, an expired link, and tokens that are not links", async () => {
    const practice = await createPracticeGroup();
    const elsewhere = await createSlot((await createPracticeGroup()).id);
    const token = await linkFor(practice.id);
    expect(await bookThroughLink(token, elsewhere.id)).toEqual({ error: "That appointment is no longer available. Choose another." });
    expect(await bookThroughLink(token, "'; DROP TABLE appointments; --")).toEqual({ error: "Choose an appointment from the list." });

    const expired = await linkFor(practice.id, -1000);
    expect(await viewBookingLink(expired)).toMatchObject({ state: "expired" });
    expect(await bookThroughLink(expired, (await createSlot(practice.id)).id)).toEqual({ error: "This booking link has expired or has already been used." });

    expect(await viewBookingLink("not-a-token")).toEqual({ state: "invalid" });
    expect(await viewBookingLink(randomBytes(32).toString("base64url"))).toEqual({ state: "invalid" });
  });

  it("two tabs booking different slots at once: one appointment, the link used once", async () => {
    const practice = await createPracticeGroup();
    const slots = await Promise.all([createSlot(practice.id), createSlot(practice.id, 2 * 86_400_000)]);
    const token = await linkFor(practice.id);
    const results = await Promise.all(slots.map((slot) => bookThroughLink(token, slot.id)));
    expect(results.filter((result) => "ok" in result)).toHaveLength(1);
    const link = await prisma.bookingLink.findUniqueOrThrow({ where: { token } });
    expect(await prisma.appointment.count({ where: { practiceGroupId: practice.id } })).toBe(1);
    expect(link.appointmentId).not.toBeNull();
  });

  it("a slot booked by someone else is refused with a clear message", async () => {
    const practice = await createPracticeGroup();
    const slot = await createSlot(practice.id);
    const [first, second] = [await linkFor(practice.id), await linkFor(practice.id)];
    expect(await bookThroughLink(first, slot.id)).toEqual({ ok: true });
    expect(await bookThroughLink(second, slot.id)).toEqual({ error: "Someone has just booked that appointment. Choose another." });
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
    expect(await bookThroughLink(token, far.id)).toEqual({ error: "That appointment is no longer available. Choose another." });
    expect(await prisma.appointment.count({ where: { slotId: far.id } })).toBe(0);
  });

  it("names the practice whose slots it offers, not the patient's own (a cross-organisational link)", async () => {
    const member = await createPracticeGroup("member");
    const hub = await createPracticeGroup("hub");
    const patient = await createPatient(member.id);
    const token = randomBytes(32).toString("base64url");
    await prisma.bookingLink.create({
      data: { practiceGroupId: hub.id, patientId: patient.id, appointmentType: "GP consultation", token, expiresAt: new Date(Date.now() + 86_400_000) },
    });
    const slot = await createSlot(hub.id);
    const open = await viewBookingLink(token);
    expect(open).toMatchObject({ state: "open", practiceName: hub.name });
    expect(await bookThroughLink(token, slot.id)).toEqual({ ok: true });
    expect(await viewBookingLink(token)).toMatchObject({ state: "booked", practiceName: hub.name });
  });
});
