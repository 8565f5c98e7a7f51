// What a cross-organisational call sees of the practice group it acts for: the hub's records of
// its own patients and of the key's practice's patients, never those another network member's
// partner made there for that member's patients (their links are a patient's credential).
import { afterAll, describe, expect, it } from "vitest";

import { DELETE as cancel, GET as getAppointment } from "@/app/api/v1/appointments/[id]/route";
import { POST as book, GET as listAppointments } from "@/app/api/v1/appointments/route";
import { GET as getLink } from "@/app/api/v1/booking-links/[id]/route";
import { POST as createLink, GET as listLinks } from "@/app/api/v1/booking-links/route";
import { GET as getMessage } from "@/app/api/v1/messages/[id]/route";
import { GET as listMessages, POST as sendMessage } from "@/app/api/v1/messages/route";
import { prisma } from "@/lib/db";
import type { ScopeName } from "@/lib/scopes";

import { createNetwork, createPatient, createPracticeGroup, createSlot } from "../support/records";
import { apiRequest, call, partnerKey } from "./helpers";

afterAll(() => prisma.$disconnect());

const SCOPES: ScopeName[] = ["booking_links", "messaging", "booking"];
const ids = (body: { data: Array<{ id: string }> }) => body.data.map((item) => item.id);

/** A link, a message and an appointment at the hub, made with `key` for one patient of `patientGroupId`. */
async function recordsAtHub(key: string, hubId: string, patientGroupId: string) {
  const headers = { key, practiceGroupId: hubId, method: "POST" };
  const patient = await createPatient(patientGroupId);
  const slot = await createSlot(hubId);
  const link = await call(createLink, apiRequest("/booking-links", { ...headers, body: { patient_id: patient.id, appointment_type: "GP consultation" } }));
  const message = await call(sendMessage, apiRequest("/messages", { ...headers, body: { patient_id: patient.id, body: "Your results are in." } }));
  const appointment = await call(book, apiRequest("/appointments", { ...headers, body: { slot_id: slot.id, patient_id: patient.id } }));
  expect([link.status, message.status, appointment.status]).toEqual([201, 201, 201]);
  return { link: link.body.data.id as string, message: message.body.data.id as string, appointment: appointment.body.data.id as string };
}

describe("records at a network hub", () => {
  it("a member's key acting for the hub sees its own patients' records there and the hub's, not another member's", async () => {
    const hub = await createPracticeGroup("hub");
    const mine = await partnerKey(SCOPES);
    const theirs = await partnerKey(SCOPES);
    const hubs = await partnerKey(SCOPES, hub);
    await createNetwork([mine.practice.id, hub.id, theirs.practice.id]);

    const own = await recordsAtHub(mine.key, hub.id, mine.practice.id);
    const hubOwn = await recordsAtHub(mine.key, hub.id, hub.id);
    const other = await recordsAtHub(theirs.key, hub.id, theirs.practice.id);
    const asMember = { key: mine.key, practiceGroupId: hub.id };

    for (const [list, kind] of [
      [listLinks, "link"],
      [listMessages, "message"],
      [listAppointments, "appointment"],
    ] as const) {
      const path = { link: "/booking-links", message: "/messages", appointment: "/appointments" }[kind];
      const seen = ids((await call(list, apiRequest(path, asMember))).body);
      expect(seen.sort()).toEqual([own[kind], hubOwn[kind]].sort());
      // The hub's own key still sees every record of the hub.
      expect(ids((await call(list, apiRequest(path, { key: hubs.key, practiceGroupId: hub.id }))).body)).toEqual(
        expect.arrayContaining([own[kind], hubOwn[kind], other[kind]]),
      );
    }

    const notFound = { status: 404, error: "not_found" };
    for (const [get, path, id] of [
      [getLink, "/booking-links", other.link],
      [getMessage, "/messages", other.message],
      [getAppointment, "/appointments", other.appointment],
    ] as const) {
      const result = await call(get, apiRequest(`${path}/${id}`, asMember), { id });
      expect({ status: result.status, error: result.body.error }).toEqual(notFound);
    }
    const cancelled = await call(cancel, apiRequest(`/appointments/${other.appointment}`, { ...asMember, method: "DELETE" }), { id: other.appointment });
    expect({ status: cancelled.status, error: cancelled.body.error }).toEqual(notFound);
    expect((await prisma.appointment.findUniqueOrThrow({ where: { id: other.appointment } })).status).toBe("BOOKED");

    // Its own patient's appointment at the hub it may still cancel.
    const mineCancelled = await call(cancel, apiRequest(`/appointments/${own.appointment}`, { ...asMember, method: "DELETE" }), { id: own.appointment });
    expect(mineCancelled.body.data.status).toBe("cancelled");
  });
});
