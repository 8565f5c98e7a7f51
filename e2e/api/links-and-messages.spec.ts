// Booking links and messages over HTTP: good input, bad input as a table, and reading back.
import { expect, test } from "@playwright/test";

import { createPatient, createSlot } from "../../tests/support/records";
import { apiHeaders, connect } from "./helpers/partner-api";

test("a booking link is created, fetched and listed", async ({ request }) => {
  const { key, practice } = await connect(["booking_links"]);
  const headers = apiHeaders({ key, practiceGroupId: practice.id });
  const patient = await createPatient(practice.id);
  await createSlot(practice.id, 86_400_000, "Blood test");
  const expiresAt = new Date(Date.now() + 2 * 86_400_000).toISOString();
  const created = await request.post("/api/v1/booking-links", {
    headers,
    data: { nhs_number: patient.nhsNumber, appointment_type: "Blood test", expires_at: expiresAt },
  });
  expect(created.status()).toBe(201);
  const link = (await created.json()).data;
  expect(link).toMatchObject({ patient_id: patient.id, appointment_type: "Blood test", expires_at: expiresAt, practice_group_id: practice.id });
  expect(link.url).toMatch(/^http.*\/book\/[\w-]+$/);
  expect((await (await request.get(`/api/v1/booking-links/${link.id}`, { headers })).json()).data).toEqual(link);
  expect(await (await request.get("/api/v1/booking-links", { headers })).json()).toEqual({ data: [link], next_cursor: null });
});

test("a message is queued, fetched with its status and listed", async ({ request }) => {
  const { key, practice } = await connect(["messaging"]);
  const headers = apiHeaders({ key, practiceGroupId: practice.id });
  const patient = await createPatient(practice.id);
  const created = await request.post("/api/v1/messages", { headers, data: { patient_id: patient.id, body: "Your results are ready." } });
  expect(created.status()).toBe(201);
  const message = (await created.json()).data;
  expect(message).toMatchObject({ patient_id: patient.id, body: "Your results are ready.", status: "queued" });
  expect((await (await request.get(`/api/v1/messages/${message.id}`, { headers })).json()).data).toEqual(message);
  expect((await (await request.get("/api/v1/messages?limit=5", { headers })).json()).data).toEqual([message]);
});

test("a message sent again with its Idempotency-Key is answered with the first, through the middleware and its rate limit", async ({ request }) => {
  const { key, practice } = await connect(["messaging"]);
  const headers = { ...apiHeaders({ key, practiceGroupId: practice.id }), "Idempotency-Key": crypto.randomUUID() };
  const patient = await createPatient(practice.id);
  const data = { patient_id: patient.id, body: "Your prescription is ready." };
  const [first, retry] = [await request.post("/api/v1/messages", { headers, data }), await request.post("/api/v1/messages", { headers, data })];
  expect([first.status(), retry.status()]).toEqual([201, 201]);
  expect(retry.headers()["idempotent-replayed"]).toBe("true");
  expect(retry.headers()["x-ratelimit-remaining"]).toBeDefined();
  expect((await retry.json()).data).toEqual((await first.json()).data);
  expect((await (await request.get("/api/v1/messages", { headers })).json()).data).toHaveLength(1);
});

// Rows of bad input: the raw body sent (given the id of a real patient), and the answer.
const badInput: { name: string; path: string; body: (patientId: string) => string; status: number; error: string; field?: string }[] = [
  {
    name: "a message without a patient",
    path: "/api/v1/messages",
    body: () => JSON.stringify({ body: "Hello" }),
    status: 400,
    error: "invalid_request",
    field: "patient_id",
  },
  {
    name: "a message of 1001 characters",
    path: "/api/v1/messages",
    body: (id) => JSON.stringify({ patient_id: id, body: "x".repeat(1001) }),
    status: 400,
    error: "invalid_request",
    field: "body",
  },
  {
    name: "an empty message",
    path: "/api/v1/messages",
    body: (id) => JSON.stringify({ patient_id: id, body: "" }),
    status: 400,
    error: "invalid_request",
    field: "body",
  },
  { name: "malformed JSON", path: "/api/v1/messages", body: () => "{not json", status: 400, error: "invalid_request" },
  {
    name: "a body over 16 KB",
    path: "/api/v1/messages",
    body: (id) => JSON.stringify({ patient_id: id, body: "x".repeat(20_000) }),
    status: 413,
    error: "payload_too_large",
  },
  {
    name: "a link that expired in 2000",
    path: "/api/v1/booking-links",
    body: (id) => JSON.stringify({ patient_id: id, appointment_type: "GP", expires_at: "2000-01-01T00:00:00Z" }),
    status: 400,
    error: "invalid_request",
    field: "expires_at",
  },
  {
    name: "a link without an appointment type",
    path: "/api/v1/booking-links",
    body: (id) => JSON.stringify({ patient_id: id, appointment_type: "" }),
    status: 400,
    error: "invalid_request",
    field: "appointment_type",
  },
  {
    name: "a link for an appointment type the practice has no slots of",
    path: "/api/v1/booking-links",
    body: (id) => JSON.stringify({ patient_id: id, appointment_type: "Physiotherapy" }),
    status: 400,
    error: "invalid_request",
    field: "appointment_type",
  },
  { name: "a JSON array instead of an object", path: "/api/v1/booking-links", body: () => "[]", status: 400, error: "invalid_request" },
];

for (const { name, path, body, status, error, field } of badInput) {
  test(`POST ${path}: ${name} → ${status} ${error}`, async ({ request }) => {
    const { key, practice } = await connect(["booking_links", "messaging"]);
    const patient = await createPatient(practice.id);
    // The practice offers GP consultations: a link of another type is refused for its type.
    await createSlot(practice.id);
    const response = await request.post(path, {
      headers: { ...apiHeaders({ key, practiceGroupId: practice.id }), "content-type": "application/json" },
      data: body(patient.id),
    });
    expect(response.status()).toBe(status);
    const json = await response.json();
    expect(json.error).toBe(error);
    if (field) expect(Object.keys(json.fields)).toContain(field);
  });
}

test("another practice's link and message are not found", async ({ request }) => {
  const mine = await connect(["booking_links", "messaging"]);
  const theirs = await connect(["booking_links", "messaging"]);
  const patient = await createPatient(theirs.practice.id);
  await createSlot(theirs.practice.id);
  const theirHeaders = apiHeaders({ key: theirs.key, practiceGroupId: theirs.practice.id });
  const link = (
    await (await request.post("/api/v1/booking-links", { headers: theirHeaders, data: { patient_id: patient.id, appointment_type: "GP consultation" } })).json()
  ).data;
  const message = (await (await request.post("/api/v1/messages", { headers: theirHeaders, data: { patient_id: patient.id, body: "Hi" } })).json()).data;
  const myHeaders = apiHeaders({ key: mine.key, practiceGroupId: mine.practice.id });
  for (const path of [`/api/v1/booking-links/${link.id}`, `/api/v1/messages/${message.id}`, "/api/v1/messages/not-a-uuid"]) {
    const response = await request.get(path, { headers: myHeaders });
    expect([path, response.status(), (await response.json()).error]).toEqual([path, 404, "not_found"]);
  }
});
