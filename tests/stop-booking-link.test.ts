// My Practice's open booking links of a patient and their Stop, against real PostgreSQL: the
// practice's own patient's links wherever they book, nothing of another practice's patients,
// and a stop that holds, is audited without the patient or the token, and says why it cannot.
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
  it("lists the patient's unused, unexpired links, at the practice and at its network's hub, newest first", async () => {
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

    const links = await listOpenBookingLinks(practice.id, patient.id);
    expect(links.map(({ id }) => id)).toEqual([atHub.id, own.id]);
    expect(links[0]).toMatchObject({ practiceGroupId: hub.id, practiceName: hub.name, madeBy: partner.name, appointmentType: "GP consultation" });
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

    expect(await viewBookingLink(token)).toMatchObject({ state: "expired" });
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

  it("says why it cannot stop a used, an expired or another practice's link, and changes none of them", async () => {
    const { practice, admin, keyId, patient } = await practiceWithPartner();
    const used = await link(practice.id, patient.id, keyId);
    const slot = await createSlot(practice.id);
    expect(await bookThroughLink(used.token, slot.id)).toEqual({ ok: true });
    const expired = await link(practice.id, patient.id, keyId, -60_000);
    const other = await practiceWithPartner();
    const theirs = await link(other.practice.id, other.patient.id, other.keyId);
    const stop = (linkId: string) =>
      stopPatientBookingLink({ practiceGroupId: practice.id, linkId, actor: admin }).then(
        () => "stopped",
        (error: Error) => error.message,
      );
    const before = await prisma.bookingLink.findMany({ where: { id: { in: [used.id, expired.id, theirs.id] } }, orderBy: { id: "asc" } });

    // Which appointment, and that stopping would not undo it: a link the wrong person used.
    expect(await stop(used.id)).toBe(
      `This link was already used to book the appointment on ${formatLongDateTime(slot.startsAt)}. Stopping a link does not cancel its appointment: cancel the appointment itself.`,
    );
    expect(await stop(expired.id)).toBe("This link has already expired or been stopped.");
    const { appointmentId } = await prisma.bookingLink.findUniqueOrThrow({ where: { id: used.id } });
    await prisma.appointment.update({ where: { id: appointmentId! }, data: { status: "CANCELLED", cancelledAt: new Date() } });
    expect(await stop(used.id)).toBe(`This link was already used to book the appointment on ${formatLongDateTime(slot.startsAt)}, since cancelled.`);
    expect(await stop(theirs.id)).toBe("Booking link not found");

    expect(await prisma.bookingLink.findMany({ where: { id: { in: [used.id, expired.id, theirs.id] } }, orderBy: { id: "asc" } })).toEqual(before);
    expect(await viewBookingLink(theirs.token)).toMatchObject({ state: "open" });
    expect(await prisma.auditEvent.count({ where: { practiceGroupId: practice.id, action: "booking_link.stopped" } })).toBe(0);
  });
});
