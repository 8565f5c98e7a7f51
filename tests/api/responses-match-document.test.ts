// What each endpoint really answers, against the OpenAPI document partners generate clients from:
// the published schemas forbid unknown fields (additionalProperties: false), so a field added
// to a DTO and not to the document would break a strict client. One real call of every operation.
import { afterAll, describe, expect, it } from "vitest";

import * as accessToken from "@/app/api/v1/access_token/route";
import * as appointment from "@/app/api/v1/appointments/[id]/route";
import * as appointments from "@/app/api/v1/appointments/route";
import * as bookingLink from "@/app/api/v1/booking-links/[id]/route";
import * as bookingLinks from "@/app/api/v1/booking-links/route";
import * as message from "@/app/api/v1/messages/[id]/route";
import * as messages from "@/app/api/v1/messages/route";
import * as practiceGroups from "@/app/api/v1/practice-groups/route";
import * as slots from "@/app/api/v1/slots/route";
import { endpoints, NAMED_ENDPOINTS, type EndpointName } from "@/lib/api/endpoints";
import { buildOpenApiDocument } from "@/lib/api/openapi";
import { prisma } from "@/lib/db";
import { addNetworkMember, createNetwork } from "@/lib/networks";
import { supportActor } from "@/lib/support";

import { createPatient, createPracticeGroup, createSlot, createUser, unique } from "../support/records";
import { apiRequest, call, partnerKey } from "./helpers";

afterAll(() => prisma.$disconnect());

type Schema = {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  anyOf?: Schema[];
  enum?: unknown[];
  const?: unknown;
};

const doc = buildOpenApiDocument() as unknown as { components: { schemas: Record<string, Schema> } };

const typeOf = (value: unknown) => (value === null ? "null" : Array.isArray(value) ? "array" : Number.isInteger(value) ? "integer" : typeof value);

/** Where `value` departs from `schema` (the subset of JSON Schema the document uses), as paths. */
function departures(value: unknown, schema: Schema, at = "$"): string[] {
  if (schema.$ref) return departures(value, doc.components.schemas[schema.$ref.split("/").at(-1)!], at);
  if (schema.anyOf) return schema.anyOf.some((branch) => departures(value, branch, at).length === 0) ? [] : [`${at}: matches no alternative`];
  if (schema.enum && !schema.enum.includes(value)) return [`${at}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`];
  if ("const" in schema && schema.const !== value) return [`${at}: ${JSON.stringify(value)} is not ${JSON.stringify(schema.const)}`];
  const types = schema.type === undefined ? [] : [schema.type].flat();
  const actual = typeOf(value);
  if (types.length && !types.includes(actual) && !(actual === "integer" && types.includes("number"))) return [`${at}: ${actual}, not ${types.join(" or ")}`];
  if (actual === "array" && schema.items) return (value as unknown[]).flatMap((item, index) => departures(item, schema.items!, `${at}[${index}]`));
  if (actual !== "object") return [];
  const object = value as Record<string, unknown>;
  const properties = schema.properties ?? {};
  return [
    ...(schema.required ?? []).filter((name) => !(name in object)).map((name) => `${at}.${name}: missing`),
    ...Object.entries(object).flatMap(([name, field]) =>
      name in properties
        ? departures(field, properties[name], `${at}.${name}`)
        : schema.additionalProperties === false
          ? [`${at}.${name}: not in the document`]
          : [],
    ),
  ];
}

describe("every operation's answer", () => {
  it("is what the OpenAPI document says, field for field", async () => {
    const { key, practice } = await partnerKey();
    // In a network, so the practice group's answer lists one.
    const actor = supportActor(await createUser((await createPracticeGroup("hero")).id, "SUPER_ADMIN"));
    const [reason, peer] = ["Ticket 1: responses against the document", await createPracticeGroup()];
    const network = await createNetwork({ name: unique("PCN"), code: unique("PCN"), actor, reason });
    for (const member of [practice, peer]) await addNetworkMember({ networkId: network.id, practiceCode: member.code, actor, reason });
    const patient = await createPatient(practice.id);
    const [free, other] = [await createSlot(practice.id), await createSlot(practice.id, 2 * 86_400_000)];
    const as = (method: string, path: string, body?: unknown, query?: string) => apiRequest(path, { key, practiceGroupId: practice.id, method, body, query });
    const from = new Date(Date.now() - 3_600_000).toISOString();
    const to = new Date(Date.now() + 7 * 86_400_000).toISOString();

    const answers: Partial<Record<EndpointName, Awaited<ReturnType<typeof call>>>> = {};
    answers.listPracticeGroups = await call(practiceGroups.GET, as("GET", "/practice-groups"));
    answers.createAccessToken = await call(accessToken.POST, as("POST", "/access_token"));
    answers.listSlots = await call(slots.GET, as("GET", "/slots", undefined, `?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`));
    answers.bookAppointment = await call(appointments.POST, as("POST", "/appointments", { slot_id: free.id, patient_id: patient.id }));
    const appointmentId = answers.bookAppointment.body.data.id as string;
    answers.listAppointments = await call(appointments.GET, as("GET", "/appointments"));
    answers.getAppointment = await call(appointment.GET, as("GET", `/appointments/${appointmentId}`), { id: appointmentId });
    answers.cancelAppointment = await call(appointment.DELETE, as("DELETE", `/appointments/${appointmentId}`), { id: appointmentId });
    answers.createBookingLink = await call(
      bookingLinks.POST,
      as("POST", "/booking-links", { patient_id: patient.id, appointment_type: other.appointmentType }),
    );
    const linkId = answers.createBookingLink.body.data.id as string;
    answers.listBookingLinks = await call(bookingLinks.GET, as("GET", "/booking-links"));
    answers.getBookingLink = await call(bookingLink.GET, as("GET", `/booking-links/${linkId}`), { id: linkId });
    answers.stopBookingLink = await call(bookingLink.DELETE, as("DELETE", `/booking-links/${linkId}`), { id: linkId });
    answers.createMessage = await call(messages.POST, as("POST", "/messages", { patient_id: patient.id, body: "Your results are in." }));
    const messageId = answers.createMessage.body.data.id as string;
    answers.listMessages = await call(messages.GET, as("GET", "/messages"));
    answers.getMessage = await call(message.GET, as("GET", `/messages/${messageId}`), { id: messageId });
    // And an error, in the shape every operation's errors share.
    const refused = await call(appointment.GET, as("GET", "/appointments/6f1c3b1e-8d2a-4c55-9a57-0e2f3b4c5d6e"), {
      id: "6f1c3b1e-8d2a-4c55-9a57-0e2f3b4c5d6e",
    });

    expect(Object.keys(answers).sort()).toEqual(NAMED_ENDPOINTS.map(([name]) => name).sort());
    for (const [name, answer] of Object.entries(answers) as [EndpointName, { status: number; body: unknown }][]) {
      const { status, schema } = endpoints[name].response;
      expect({ name, status: answer.status }).toEqual({ name, status });
      expect({ name, departures: departures(answer.body, { $ref: `#/components/schemas/${schema}` }) }).toEqual({ name, departures: [] });
    }
    expect(answers.listPracticeGroups.body.data.networks).toHaveLength(1);
    expect(refused.status).toBe(404);
    expect(departures(refused.body, { $ref: "#/components/schemas/Error" })).toEqual([]);
  });

  it("is checked: a field the document does not name, or a wrong type, is found", () => {
    const link = { $ref: "#/components/schemas/BookingLink" };
    expect(departures({ data: { id: "x", extra: 1 } }, link)).toEqual(expect.arrayContaining(["$.data.extra: not in the document", "$.data.url: missing"]));
    const error = { $ref: "#/components/schemas/Error" };
    expect(departures({ error: "not_found", message: 404 }, error)).toEqual(["$.message: integer, not string"]);
    // The codes are listed: a client can branch on them.
    expect(departures({ error: "no_such_code", message: "x" }, error)).toEqual([expect.stringMatching(/^\$\.error: "no_such_code" is not one of \[/)]);
  });
});
