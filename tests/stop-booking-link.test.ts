// My Practice's open booking links of a patient and their Stop, against real PostgreSQL: the
// practice's own patient's links wherever they book, nothing of another practice's patients,
// and a stop that holds (a used link's page no longer shows what it booked), is audited without
// the patient or the token, and says why it cannot.
import { randomBytes } from "node:crypto";

import { afterAll, describe, expect, it } from "vitest";

import { bookingTokenHash, listOpenBookingLinks, stopPatientBookingLink } from "@/lib/booking-links";
import { prisma } from "@/lib/db";
import { formatLongDateTime } from "@/lib/format";
import { connectPartner } from "@/lib/partners";
import { bookThroughLink, viewBookingLink } from "@/lib/patient-booking";

import { actorOf, createNetwork, createPartner, createPatient, createPracticeGroup, createSlot, createUser } from "./support/records";

afterAll(() => prisma.$disconnect());

/** A practice with an admin, a patient and a connected partner whose key made the links. */
async function practiceWithPartner() {
  const practice = await createPracticeGroup();
  const admin = actorOf(await createUser(practice.id));
  const partner = await createPartner();
  await connectPartner({ practiceGroupId: practice.id, partnerId: partner.id, actor: admin });
  const key = await prisma.apiKey.findFirstOrThrow({ where: { practiceGroupId: practice.id, partnerId: partner.id, revokedAt: null } });
  return { practice, admin, partner, keyId: key.id, patient: await createPatient(practice.id) };
}

async function link(practiceGroupId: string, patientId: string, createdByKeyId: string, expiresInMs = 86_400_000) {
  const token = randomBytes(32).toString("base64url");
  const row = await prisma.bookingLink.create({
    data: {
      practiceGroupId,
      patientId,
      createdByKeyId,
      appointmentType: "GP consultation",
      tokenHash: bookingTokenHash(token),
      expiresAt: new Date(Date.now() + expiresInMs),
    },
  });
  return { id: row.id, token };
}

describe("a patient's open booking links", () => {
  it("lists the patient's links that can still book or still show what they booked, at the practice and at its network's hub, newest first", async () => {
    const { practice, partner, keyId, patient } = await practiceWithPartner();
    const hub = await createPracticeGroup("hub");
    await createNetwork([practice.id, hub.id]);
    const own = await link(practice.id, patient.id, keyId);
    await prisma.bookingLink.update({ where: { id: own.id }, data: { createdAt: new Date(Date.now() - 3_600_000) } });
    const atHub = await link(hub.id, patient.id, keyId);
    await link(practice.id, patient.id, keyId, -1_000);
    const used = await link(practice.id, patient.id, keyId);
    const slot = await createSlot(practice.id);
    expect(await bookThroughLink(used.token, slot.id)).toEqual({ ok: true });
    // Expired, but its appointment is still to come: the page shows it until the later of the two.
    await prisma.bookingLink.update({ where: { id: used.id }, data: { expiresAt: new Date(Date.now() - 1_000) } });

    // Used, and its appointment long over: its page shows nothing any more.
    const spent = await link(practice.id, patient.id, keyId);
    expect(await bookThroughLink(spent.token, (await createSlot(practice.id, 3_600_000)).id)).toEqual({ ok: true });
    await prisma.bookingLink.update({ where: { id: spent.id }, data: { expiresAt: new Date(Date.now() - 1_000) } });
    const { appointmentId } = await prisma.bookingLink.findUniqueOrThrow({ where: { id: spent.id } });
    const { slotId } = await prisma.appointment.findUniqueOrThrow({ where: { id: appointmentId! } });
    await prisma.appointmentSlot.update({
      where: { id: slotId },
      data: { startsAt: new Date(Date.now() - 7_200_000), endsAt: new Date(Date.now() - 3_600_000) },
    });

    const links = await listOpenBookingLinks(practice.id, patient.id);
    expect(links.map(({ id }) => id)).toEqual([used.id, atHub.id, own.id]);
    // Its page shows the booking until the appointment ends, past the link's own expiry.
    expect(links[0]).toMatchObject({ booked: { startsAt: slot.startsAt, shownUntil: slot.endsAt, cancelled: false } });
    expect(links[0].booked!.shownUntil.getTime()).toBeGreaterThan(links[0].expiresAt.getTime());
    expect(links[1]).toMatchObject({ practiceGroupId: hub.id, practiceName: hub.name, madeBy: partner.name, appointmentType: "GP consultation", booked: null });
    // The hub's admin does not reach the member's patient by this list.
    expect(await listOpenBookingLinks(hub.id, patient.id)).toEqual([]);
  });
});

describe("Stop", () => {
  it("stops the link at once, and the Activity names the link's type and partner, not the patient or the token", async () => {
    const { practice, admin, partner, keyId, patient } = await practiceWithPartner();
    const { id, token } = await link(practice.id, patient.id, keyId);
    await createSlot(practice.id);

    await stopPatientBookingLink({ practiceGroupId: practice.id, linkId: id, actor: admin });

    // Not even which practice: whoever holds a stopped link may not be the patient.
    expect(await viewBookingLink(token)).toEqual({ state: "stopped" });
    expect(await listOpenBookingLinks(practice.id, patient.id)).toEqual([]);
    const event = await prisma.auditEvent.findFirstOrThrow({ where: { practiceGroupId: practice.id, action: "booking_link.stopped" } });
    expect(event).toMatchObject({
      actorUserId: admin.id,
      targetType: "booking_link",
      targetId: id,
      targetLabel: expect.stringMatching(new RegExp(`^GP consultation link made by ${partner.name} on \\d`)),
      partnerId: partner.id,
    });
    expect(JSON.stringify(event)).not.toContain(token);
    expect(JSON.stringify(event)).not.toContain(patient.nhsNumber);
  });

  it("tells the hub a link would have booked at, naming the member practice rather than its admin", async () => {
    const { practice, admin, partner, keyId, patient } = await practiceWithPartner();
    const hub = await createPracticeGroup("hub");
    await createNetwork([practice.id, hub.id]);
    const { id, token } = await link(hub.id, patient.id, keyId);

    await stopPatientBookingLink({ practiceGroupId: practice.id, linkId: id, actor: admin });

    const events = await prisma.auditEvent.findMany({ where: { targetId: id, action: "booking_link.stopped" }, orderBy: { practiceGroupId: "asc" } });
    expect(events.map((event) => event.practiceGroupId).sort()).toEqual([hub.id, practice.id].sort());
    const atHub = events.find((event) => event.practiceGroupId === hub.id)!;
    expect(atHub).toMatchObject({
      actorUserId: admin.id,
      actorName: `An admin of ${practice.name}`,
      targetLabel: expect.stringMatching(new RegExp(`^GP consultation link made by ${partner.name} on \\d`)),
      partnerId: partner.id,
    });
    expect(JSON.stringify(atHub)).not.toContain(token);
    expect(JSON.stringify(atHub)).not.toContain(patient.nhsNumber);
  });

  it("stops a used link's page from showing what it booked, naming the appointment, which stays booked", async () => {
    const { practice, admin, keyId, patient } = await practiceWithPartner();
    const stopUsed = async (cancel: boolean) => {
      const used = await link(practice.id, patient.id, keyId);
      const slot = await createSlot(practice.id);
      expect(await bookThroughLink(used.token, slot.id)).toEqual({ ok: true });
      const { appointmentId } = await prisma.bookingLink.findUniqueOrThrow({ where: { id: used.id } });
      if (cancel) await prisma.appointment.update({ where: { id: appointmentId! }, data: { status: "CANCELLED", cancelledAt: new Date() } });
      const { notice } = await stopPatientBookingLink({ practiceGroupId: practice.id, linkId: used.id, actor: admin });
      expect(await viewBookingLink(used.token)).toEqual({ state: "stopped" });
      expect((await prisma.appointment.findUniqueOrThrow({ where: { id: appointmentId! } })).status).toBe(cancel ? "CANCELLED" : "BOOKED");
      return { notice, when: formatLongDateTime(slot.startsAt) };
    };
    const booked = await stopUsed(false);
    expect(booked.notice).toBe(
      `Stopped. This link had booked the appointment on ${booked.when}: whoever has the link no longer sees it, but it is still booked. Cancel the appointment itself if it was not the patient's.`,
    );
    const cancelled = await stopUsed(true);
    expect(cancelled.notice).toBe(`Stopped. This link had booked the appointment on ${cancelled.when}, since cancelled.`);
    expect(await listOpenBookingLinks(practice.id, patient.id)).toEqual([]);
    expect(await prisma.auditEvent.count({ where: { practiceGroupId: practice.id, action: "booking_link.stopped" } })).toBe(2);
  });

  it("says why it cannot stop an expired, a stopped or another practice's link, and changes none of them", async () => {
    const { practice, admin, keyId, patient } = await practiceWithPartner();
    const stopped = await link(practice.id, patient.id, keyId);
    await stopPatientBookingLink({ practiceGroupId: practice.id, linkId: stopped.id, actor: admin });
    const expired = await link(practice.id, patient.id, keyId, -60_000);
    const other = await practiceWithPartner();
    const theirs = await link(other.practice.id, other.patient.id, other.keyId);
    const stop = (linkId: string) =>
      stopPatientBookingLink({ practiceGroupId: practice.id, linkId, actor: admin }).then(
        () => "stopped",
        (error: Error) => error.message,
      );
    const before = await prisma.bookingLink.findMany({ where: { id: { in: [stopped.id, expired.id, theirs.id] } }, orderBy: { id: "asc" } });

    expect(await stop(stopped.id)).toBe("This link has already expired or been stopped.");
    expect(await stop(expired.id)).toBe("This link has already expired or been stopped.");
    expect(await stop(theirs.id)).toBe("Booking link not found");

    expect(await prisma.bookingLink.findMany({ where: { id: { in: [stopped.id, expired.id, theirs.id] } }, orderBy: { id: "asc" } })).toEqual(before);
    expect(await viewBookingLink(theirs.token)).toMatchObject({ state: "open" });
    expect(await prisma.auditEvent.count({ where: { practiceGroupId: practice.id, action: "booking_link.stopped" } })).toBe(1);
  });
});
