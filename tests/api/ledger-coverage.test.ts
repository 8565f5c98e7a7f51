// The ledger has a row for every endpoint, and for every error of the error table that a request
// with a known key can meet, with the patients touched: answered by a route, by the wrapper
// before the key was verified, or by the middleware (recorded by the key's hash, looked up when
// written). A 503 while the database stalls is in tests/api/database-stall.test.ts.
import { randomUUID } from "node:crypto";

import { afterAll, describe, expect, it, vi } from "vitest";

import * as tokenRoute from "@/app/api/v1/access_token/route";
import * as appointment from "@/app/api/v1/appointments/[id]/route";
import * as appointments from "@/app/api/v1/appointments/route";
import * as bookingLink from "@/app/api/v1/booking-links/[id]/route";
import * as bookingLinks from "@/app/api/v1/booking-links/route";
import * as message from "@/app/api/v1/messages/[id]/route";
import * as messages from "@/app/api/v1/messages/route";
import * as practiceGroups from "@/app/api/v1/practice-groups/route";
import * as slots from "@/app/api/v1/slots/route";
import { signAccessToken } from "@/lib/access-tokens";
import { keyHashOf } from "@/lib/api-keys";
import { guardApiRequest } from "@/lib/api/edge";
import { ENDPOINTS } from "@/lib/api/endpoints";
import { ERROR_STATUS, type ErrorCode } from "@/lib/api/errors";
import { PEER_HEADER } from "@/lib/client-address";
import { prisma } from "@/lib/db";
import { flushLedger } from "@/lib/ledger";
import { AUTH_FAILURE_LIMIT, MAX_BODY_BYTES } from "@/lib/limits";
import { disconnectPartner } from "@/lib/partners";
import { setRateLimitOverrides } from "@/lib/ratelimit";

import { clearOfMinuteEnd } from "../support/limiters";
import { hookQueries } from "../support/query-hook";
import { actorOf, createNetwork, createPatient, createPracticeGroup, createSlot } from "../support/records";
import { apiRequest, call, partnerKey, userKey } from "./helpers";

afterAll(async () => {
  vi.unstubAllEnvs();
  await prisma.$disconnect();
});

type Row = {
  requestId: string;
  method: string;
  route: string;
  status: number;
  errorCode: string | null;
  patientIds: string[];
  actingPracticeGroupId: string | null;
};

async function rowsOfKey(key: string): Promise<Row[]> {
  await flushLedger();
  return prisma.$queryRaw<Row[]>`
    SELECT r."requestId", r.method, r.route, r.status, r."errorCode", r."patientIds", r."actingPracticeGroupId"
    FROM api_requests r JOIN api_keys k ON k.id = r."keyId" WHERE k."keyHash" = ${keyHashOf(key)} ORDER BY r.at`;
}

describe("the ledger's coverage", () => {
  it("has a row for every endpoint of the registry, with the patients each returned or wrote", async () => {
    const { key, practice } = await partnerKey();
    const headers = { key, practiceGroupId: practice.id };
    const patient = await createPatient(practice.id);
    const slot = await createSlot(practice.id);

    const booked = await call(
      appointments.POST,
      apiRequest("/appointments", { ...headers, method: "POST", body: { slot_id: slot.id, patient_id: patient.id } }),
    );
    const appointmentId = booked.body.data.id as string;
    const sent = await call(
      messages.POST,
      apiRequest("/messages", { ...headers, method: "POST", body: { patient_id: patient.id, body: "Your results are in." } }),
    );
    const link = await call(
      bookingLinks.POST,
      apiRequest("/booking-links", { ...headers, method: "POST", body: { patient_id: patient.id, appointment_type: "GP consultation" } }),
    );
    const answers = [
      booked,
      sent,
      link,
      await call(practiceGroups.GET, apiRequest("/practice-groups", headers)),
      await call(tokenRoute.POST, apiRequest("/access_token", { ...headers, method: "POST" })),
      await call(bookingLinks.GET, apiRequest("/booking-links", headers)),
      await call(bookingLink.GET, apiRequest(`/booking-links/${link.body.data.id}`, headers), { id: link.body.data.id }),
      await call(bookingLink.DELETE, apiRequest(`/booking-links/${link.body.data.id}`, { ...headers, method: "DELETE" }), { id: link.body.data.id }),
      await call(messages.GET, apiRequest("/messages", headers)),
      await call(message.GET, apiRequest(`/messages/${sent.body.data.id}`, headers), { id: sent.body.data.id }),
      await call(slots.GET, apiRequest("/slots", headers)),
      await call(appointments.GET, apiRequest("/appointments", headers)),
      await call(appointment.GET, apiRequest(`/appointments/${appointmentId}`, headers), { id: appointmentId }),
      await call(appointment.DELETE, apiRequest(`/appointments/${appointmentId}`, { ...headers, method: "DELETE" }), { id: appointmentId }),
    ];
    expect(answers.map((answer) => answer.status).every((status) => status === 200 || status === 201)).toBe(true);

    const rows = await rowsOfKey(key);
    const recorded = new Set(rows.map((row) => `${row.method} ${row.route}`));
    expect([...recorded].sort()).toEqual(ENDPOINTS.map((endpoint) => `${endpoint.method} ${endpoint.path}`).sort());
    expect(rows.map((row) => row.requestId).sort()).toEqual(answers.map((answer) => answer.headers.get("x-request-id")).sort());
    const patientsOf = (method: string, route: string) => rows.find((row) => row.method === method && row.route === route)?.patientIds;
    for (const [method, route] of [
      ["POST", "/appointments"],
      ["POST", "/messages"],
      ["POST", "/booking-links"],
      ["GET", "/appointments"],
      ["GET", "/messages"],
      ["GET", "/booking-links"],
      ["GET", "/appointments/{id}"],
      ["DELETE", "/appointments/{id}"],
      ["GET", "/messages/{id}"],
      ["GET", "/booking-links/{id}"],
      ["DELETE", "/booking-links/{id}"],
    ])
      expect(patientsOf(method, route), `${method} ${route}`).toEqual([patient.id]);
    expect(patientsOf("GET", "/slots")).toEqual([]);
  });

  it("has a row for every error a known key can meet, wherever it was answered", async () => {
    const { key, practice, partner, admin } = await partnerKey(["booking"]);
    const headers = { key, practiceGroupId: practice.id };
    const stranger = await createPracticeGroup("stranger");
    const slot = await createSlot(practice.id);
    const [patient, other] = [await createPatient(practice.id), await createPatient(practice.id)];
    const codes: (ErrorCode | null)[] = [];
    const expectCode = async (answer: Promise<Response | { status: number }>, code: ErrorCode) => {
      expect((await answer).status, code).toBe(ERROR_STATUS[code]);
      codes.push(code);
    };

    await expectCode(call(practiceGroups.GET, apiRequest("/practice-groups", { key })), "invalid_request");
    await expectCode(call(messages.GET, apiRequest("/messages", headers)), "insufficient_permissions");
    await expectCode(call(practiceGroups.GET, apiRequest("/practice-groups", { key, practiceGroupId: stranger.id })), "forbidden");
    await expectCode(call(appointment.GET, apiRequest(`/appointments/${randomUUID()}`, headers), { id: randomUUID() }), "not_found");
    const book = (patientId: string) =>
      call(appointments.POST, apiRequest("/appointments", { ...headers, method: "POST", body: { slot_id: slot.id, patient_id: patientId } }));
    expect((await book(patient.id)).status).toBe(201);
    codes.push(null);
    await expectCode(book(other.id), "slot_unavailable");
    await expectCode(
      call(
        appointments.POST,
        apiRequest("/appointments", {
          ...headers,
          method: "POST",
          body: JSON.stringify({ slot_id: slot.id, patient_id: other.id, pad: "x".repeat(MAX_BODY_BYTES) }),
        }),
      ),
      "payload_too_large",
    );
    await expectCode(call(slots.PUT, apiRequest("/slots", { ...headers, method: "PUT" })), "method_not_allowed");
    // The middleware's own 405, for a method Next does not route: counted per address, still the key's row.
    await expectCode(guardApiRequest(apiRequest("/slots", { ...headers, method: "PROPFIND" })), "method_not_allowed");
    setRateLimitOverrides(new Map([[`key:${keyHashOf(key)}`, 1]]));
    await guardApiRequest(apiRequest("/slots", headers));
    await expectCode(guardApiRequest(apiRequest("/slots", headers)), "rate_limit_exceeded");
    setRateLimitOverrides(new Map());
    await disconnectPartner({ practiceGroupId: practice.id, partnerId: partner.id, actor: actorOf(admin) });
    await expectCode(call(slots.GET, apiRequest("/slots", headers)), "invalid_credentials");
    const { token } = await signAccessToken({ kh: keyHashOf(key), pg: practice.id, env: "test" }, Date.now() - 16 * 60_000);
    await expectCode(guardApiRequest(apiRequest("/slots", { token, practiceGroupId: practice.id })), "invalid_credentials");
    // A token sent as a key names its key too (it is signed), so the mistake is on the key's record.
    const live = await signAccessToken({ kh: keyHashOf(key), pg: practice.id, env: "test" });
    await expectCode(guardApiRequest(apiRequest("/slots", { key: live.token, practiceGroupId: practice.id })), "invalid_credentials");
    // And the key sent as a bearer token: one of ours by its shape, so on its record too.
    await expectCode(guardApiRequest(apiRequest("/slots", { token: key, practiceGroupId: practice.id })), "invalid_credentials");

    const rows = await rowsOfKey(key);
    expect(rows.map((row) => row.errorCode)).toEqual(codes);
    expect(rows.map((row) => row.status)).toEqual(codes.map((code) => (code ? ERROR_STATUS[code] : 201)));
    expect(rows.find((row) => row.errorCode === "method_not_allowed")?.route).toBe("/slots");
    expect(rows.find((row) => row.errorCode === "forbidden")?.actingPracticeGroupId).toBeNull();
    // The refused booking still found its patient (a 409, not a 404, says the patient is registered): the row names them.
    expect(rows.find((row) => row.errorCode === "slot_unavailable")?.patientIds).toEqual([other.id]);
  });

  it("files a guess's refusals (a user key without its owner's username, up to the address's failure limit) under no practice", async () => {
    const practice = await createPracticeGroup();
    const { key } = await userKey(practice.id);
    const peer = `2001:db8:${randomUUID().slice(0, 4)}::${randomUUID().slice(0, 4)}`;
    const guess = async (index: number) => {
      const request = apiRequest("/practice-groups", { key, practiceGroupId: practice.id, username: `guess-${index}` });
      request.headers.set(PEER_HEADER, peer);
      return (await call(practiceGroups.GET, request)).status;
    };
    const statuses: number[] = [];
    await clearOfMinuteEnd();
    for (let index = 0; index <= AUTH_FAILURE_LIMIT; index++) statuses.push(await guess(index));
    expect(statuses.at(-1)).toBe(429);
    const limited = (await rowsOfKey(key)).filter((row) => row.errorCode === "rate_limit_exceeded");
    expect(limited.map((row) => row.actingPracticeGroupId)).toEqual([null]);
  });

  it("records a cross-organisational call refused before its key was known as acting for the practice it asked for, when the key may act for it", async () => {
    const { key, practice, partner, admin } = await partnerKey();
    const [hub, stranger] = [await createPracticeGroup("hub"), await createPracticeGroup("stranger")];
    await createNetwork([practice.id, hub.id]);
    // One request a minute: the first passes, each after it is the middleware's 429, given before any key lookup.
    setRateLimitOverrides(new Map([[`key:${keyHashOf(key)}`, 1]]));
    const limited = async (practiceGroupId: string) => expect((await guardApiRequest(apiRequest("/slots", { key, practiceGroupId }))).status).toBe(429);
    await clearOfMinuteEnd();
    try {
      await guardApiRequest(apiRequest("/slots", { key, practiceGroupId: practice.id }));
      for (const practiceGroupId of [hub.id, stranger.id, practice.id]) await limited(practiceGroupId);
      // The hub sees its partner's refused call; a practice outside the key's networks is not named.
      const acting = (await rowsOfKey(key)).map((row) => row.actingPracticeGroupId);
      expect(acting).toHaveLength(3);
      expect(acting).toEqual(expect.arrayContaining([hub.id, null, practice.id]));
      // A dead key's refusals name no practice but its own record: its calls are no one else's business.
      await disconnectPartner({ practiceGroupId: practice.id, partnerId: partner.id, actor: actorOf(admin) });
      await limited(hub.id);
      expect((await rowsOfKey(key)).filter((row) => row.actingPracticeGroupId === hub.id)).toHaveLength(1);
    } finally {
      setRateLimitOverrides(new Map());
    }
  });

  // It was recorded for no practice: the hub never saw that its partner's call had failed.
  it("records a known key's call the database failed at the network check as acting for the practice it asked for, when the key may act for it", async () => {
    const { key, practice } = await partnerKey();
    const hub = await createPracticeGroup("hub");
    await createNetwork([practice.id, hub.id]);
    let failed = 0;
    const unhook = hookQueries((text) =>
      text.includes("network_members") && !text.includes("api_requests") && failed++ === 0
        ? Promise.reject(new Error("Connection terminated unexpectedly"))
        : undefined,
    );
    let answer: Awaited<ReturnType<typeof call>>;
    try {
      answer = await call(practiceGroups.GET, apiRequest("/practice-groups", { key, practiceGroupId: hub.id }));
    } finally {
      unhook();
    }
    expect([answer.status, failed]).toEqual([503, 1]);
    const [row] = (await rowsOfKey(key)).filter((row) => row.requestId === answer.headers.get("x-request-id"));
    expect(row).toMatchObject({ errorCode: "service_unavailable", actingPracticeGroupId: hub.id });
  });
});
