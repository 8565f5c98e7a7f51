// NUL characters and unpaired surrogates anywhere in a body or query are 400 invalid_request
// naming the field, a body that is not UTF-8 is refused whole, and a field called __proto__ is reported like any other unknown field.
import { afterAll, describe, expect, it } from "vitest";

import { GET as listAppointments } from "@/app/api/v1/appointments/route";
import { POST as createBookingLink } from "@/app/api/v1/booking-links/route";
import { POST as sendMessage } from "@/app/api/v1/messages/route";
import { prisma } from "@/lib/db";

import { createPatient } from "../support/records";
import { apiRequest, call, partnerKey } from "./helpers";

afterAll(() => prisma.$disconnect());

describe("text that cannot be stored", () => {
  it.each([
    ["a NUL in a message body", { body: "a\u0000b" }, "body"],
    ["a lone high surrogate", { body: "a\ud800b" }, "body"],
    ["a lone low surrogate", { body: "\udc00" }, "body"],
  ])("%s is 400 invalid_request naming the field", async (_, fields, field) => {
    const { key, practice } = await partnerKey();
    const patient = await createPatient(practice.id);
    const response = await call(
      sendMessage,
      apiRequest("/messages", { key, practiceGroupId: practice.id, method: "POST", body: JSON.stringify({ patient_id: patient.id, ...fields }) }),
    );
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: "invalid_request", fields: { [field]: expect.stringContaining("cannot be stored") } });
  });

  it("an appointment_type with a NUL, and a NUL in a query value", async () => {
    const { key, practice } = await partnerKey();
    const patient = await createPatient(practice.id);
    const link = await call(
      createBookingLink,
      apiRequest("/booking-links", {
        key,
        practiceGroupId: practice.id,
        method: "POST",
        body: { patient_id: patient.id, appointment_type: "Blood\u0000test" },
      }),
    );
    expect(link.status).toBe(400);
    expect(link.body.fields).toHaveProperty("appointment_type");
    const list = await call(listAppointments, apiRequest("/appointments", { key, practiceGroupId: practice.id, query: "?status=booked%00" }));
    expect(list.status).toBe(400);
    expect(list.body.fields).toHaveProperty("status");
  });

  it("a body that is not UTF-8 is 400 invalid_request, not stored with its bytes replaced", async () => {
    const { key, practice } = await partnerKey();
    const patient = await createPatient(practice.id);
    // "café" with its "é" in Latin-1: a byte that UTF-8 text never has on its own.
    const latin1 = Buffer.concat([Buffer.from(`{"patient_id":"${patient.id}","body":"caf`), Buffer.from([0xe9]), Buffer.from(` at 3pm"}`)]);
    const request = apiRequest("/messages", { key, practiceGroupId: practice.id, method: "POST", body: "" });
    const response = await call(sendMessage, new Request(request.url, { method: "POST", headers: request.headers, body: latin1 }));
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: "invalid_request", message: "The request body is not valid UTF-8." });
    expect(await prisma.message.count({ where: { patientId: patient.id } })).toBe(0);
  });

  it("a paired surrogate (an emoji) is text like any other", async () => {
    const { key, practice } = await partnerKey();
    const patient = await createPatient(practice.id);
    const response = await call(
      sendMessage,
      apiRequest("/messages", { key, practiceGroupId: practice.id, method: "POST", body: { patient_id: patient.id, body: "See you soon 😀" } }),
    );
    expect(response.status).toBe(201);
  });
});

it("a body field named __proto__ is an unknown field, named in fields", async () => {
  const { key, practice } = await partnerKey();
  const patient = await createPatient(practice.id);
  const response = await call(
    sendMessage,
    apiRequest("/messages", { key, practiceGroupId: practice.id, method: "POST", body: `{"patient_id":"${patient.id}","body":"hi","__proto__":{"x":1}}` }),
  );
  expect(response.status).toBe(400);
  expect(Object.keys(response.body.fields)).toEqual(["__proto__"]);
});

it("a body nested thousands of levels deep is checked without running out of stack", async () => {
  const { findUnstorable } = await import("@/lib/text");
  const deep = JSON.parse(`${"[".repeat(5000)}"a\\u0000"${"]".repeat(5000)}`);
  expect(findUnstorable(deep)).toMatch(/^0(\.0)+$/);
  expect(findUnstorable(JSON.parse(`${"[".repeat(5000)}${"]".repeat(5000)}`))).toBeNull();
});
