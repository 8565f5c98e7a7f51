// Booking over HTTP: free slots, twenty concurrent bookings of one slot across both instances
// (exactly one 201), cancelling, and a practice booking its own patient at its network's hub.
import { expect, test } from "@playwright/test";

import { createPractice } from "../../tests/support/practices";
import { createNetwork, createPatient, createSlot } from "../../tests/support/records";
import { apiHeaders, BACKENDS, connect } from "./helpers/partner-api";

test("twenty concurrent bookings of one slot, split across both instances: exactly one 201", async ({ request }) => {
  const { key, practice } = await connect(["booking"]);
  const slotId = (await createSlot(practice.id)).id;
  const patients = await Promise.all(Array.from({ length: 20 }, () => createPatient(practice.id)));
  const bases = Object.values(BACKENDS);
  const responses = await Promise.all(
    patients.map((patient, i) =>
      request.post(`${bases[i % 2]}/api/v1/appointments`, {
        headers: apiHeaders({ key, practiceGroupId: practice.id }),
        data: { slot_id: slotId, patient_id: patient.id },
      }),
    ),
  );
  const statuses = responses.map((response) => response.status());
  expect(statuses.filter((status) => status === 201)).toHaveLength(1);
  expect(statuses.filter((status) => status === 409)).toHaveLength(19);
  const refused = await responses.find((response) => response.status() === 409)!.json();
  expect(refused).toEqual({ error: "slot_unavailable", message: expect.any(String) });
});

test("free slots, booking, listing and cancelling", async ({ request }) => {
  const { key, practice } = await connect(["booking"]);
  const headers = apiHeaders({ key, practiceGroupId: practice.id });
  const [early, late] = [(await createSlot(practice.id, 3_600_000)).id, (await createSlot(practice.id, 7_200_000)).id];
  const patient = await createPatient(practice.id);

  const slots = await (await request.get("/api/v1/slots", { headers })).json();
  expect(slots.data.map((slot: { id: string }) => slot.id)).toEqual([early, late]);
  const firstPage = await (await request.get("/api/v1/slots?limit=1", { headers })).json();
  expect(firstPage.data.map((slot: { id: string }) => slot.id)).toEqual([early]);
  const secondPage = await (await request.get(`/api/v1/slots?limit=1&cursor=${firstPage.next_cursor}`, { headers })).json();
  expect(secondPage).toEqual({ data: [expect.objectContaining({ id: late })], next_cursor: null });

  const booked = await request.post("/api/v1/appointments", { headers, data: { slot_id: early, nhs_number: patient.nhsNumber } });
  expect(booked.status()).toBe(201);
  const appointment = (await booked.json()).data;
  expect(appointment).toMatchObject({ slot_id: early, patient_id: patient.id, status: "booked" });
  expect((await (await request.get("/api/v1/slots", { headers })).json()).data.map((slot: { id: string }) => slot.id)).toEqual([late]);
  expect((await (await request.get("/api/v1/appointments", { headers })).json()).data).toEqual([appointment]);

  const cancelled = await request.delete(`/api/v1/appointments/${appointment.id}`, { headers });
  expect(cancelled.status()).toBe(200);
  expect((await cancelled.json()).data).toMatchObject({ id: appointment.id, status: "cancelled" });
  expect((await (await request.get(`/api/v1/appointments/${appointment.id}`, { headers })).json()).data.status).toBe("cancelled");
  expect((await (await request.get("/api/v1/slots", { headers })).json()).data.map((slot: { id: string }) => slot.id)).toEqual([early, late]);
});

test.describe("bad booking input", () => {
  const cases = [
    {
      name: "an unknown slot",
      body: (slot: string, patient: string) => ({ slot_id: "6f1c3b1e-8d2a-4c55-9a57-0e2f3b4c5d6e", patient_id: patient }),
      status: 404,
      error: "not_found",
    },
    {
      name: "an unknown patient",
      body: (slot: string) => ({ slot_id: slot, patient_id: "6f1c3b1e-8d2a-4c55-9a57-0e2f3b4c5d6e" }),
      status: 404,
      error: "not_found",
    },
    {
      name: "a slot id that is not a UUID",
      body: (_: string, patient: string) => ({ slot_id: "tomorrow", patient_id: patient }),
      status: 400,
      error: "invalid_request",
    },
    { name: "no patient", body: (slot: string) => ({ slot_id: slot }), status: 400, error: "invalid_request" },
    {
      name: "an unknown field",
      body: (slot: string, patient: string) => ({ slot_id: slot, patient_id: patient, notes: "x" }),
      status: 400,
      error: "invalid_request",
    },
  ];
  for (const { name, body, status, error } of cases) {
    test(`${name} → ${status} ${error}`, async ({ request }) => {
      const { key, practice } = await connect(["booking"]);
      const [slot, patient] = [(await createSlot(practice.id)).id, await createPatient(practice.id)];
      const response = await request.post("/api/v1/appointments", { headers: apiHeaders({ key, practiceGroupId: practice.id }), data: body(slot, patient.id) });
      expect(response.status()).toBe(status);
      expect((await response.json()).error).toBe(error);
    });
  }

  test("a slot list with a range backwards → 400 with the field named", async ({ request }) => {
    const { key, practice } = await connect(["booking"]);
    const response = await request.get("/api/v1/slots?from=2030-01-02T00:00:00Z&to=2030-01-01T00:00:00Z", {
      headers: apiHeaders({ key, practiceGroupId: practice.id }),
    });
    expect(response.status()).toBe(400);
    expect(await response.json()).toEqual({ error: "invalid_request", message: expect.any(String), fields: { to: expect.any(String) } });
  });
});

test("a practice books its own patient into its network hub's slot, with the hub's id in x-practice-group-id", async ({ request }) => {
  const { key, practice } = await connect(["booking"]);
  const hub = await createPractice();
  const stranger = await createPractice();
  await createNetwork([practice.id, hub.id]);
  const hubHeaders = apiHeaders({ key, practiceGroupId: hub.id });
  const hubSlot = (await createSlot(hub.id)).id;
  const ownPatient = await createPatient(practice.id);

  const slots = await (await request.get("/api/v1/slots", { headers: hubHeaders })).json();
  expect(slots.data.map((slot: { id: string }) => slot.id)).toEqual([hubSlot]);
  const booked = await request.post("/api/v1/appointments", { headers: hubHeaders, data: { slot_id: hubSlot, patient_id: ownPatient.id } });
  expect(booked.status()).toBe(201);
  expect((await booked.json()).data).toMatchObject({ practice_group_id: hub.id, patient_id: ownPatient.id });

  // Outside the network: 403 forbidden, and a stranger's patient is never found.
  const outside = await request.get("/api/v1/slots", { headers: apiHeaders({ key, practiceGroupId: stranger.id }) });
  expect([outside.status(), (await outside.json()).error]).toEqual([403, "forbidden"]);
  const strangersPatient = await createPatient(stranger.id);
  const notFound = await request.post("/api/v1/appointments", {
    headers: hubHeaders,
    data: { slot_id: (await createSlot(hub.id)).id, patient_id: strangersPatient.id },
  });
  expect(notFound.status()).toBe(404);
});
