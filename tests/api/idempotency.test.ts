// Retried writes against real PostgreSQL: a POST sent again with the same Idempotency-Key creates
// nothing more and is answered with what the first one created, also when the copies arrive at
// once; a key reused for another request is refused, and a key is kept 24 hours.
import { createHash, randomUUID } from "node:crypto";

import { afterAll, describe, expect, it } from "vitest";

import { POST as book } from "@/app/api/v1/appointments/route";
import { POST as createLink } from "@/app/api/v1/booking-links/route";
import { POST as sendMessage } from "@/app/api/v1/messages/route";
import { partnerRequests } from "@/lib/api-activity";
import { issueKey } from "@/lib/api-keys";
import { prisma } from "@/lib/db";
import { pruneIdempotencyKeys } from "@/lib/idempotency";
import { flushLedger } from "@/lib/ledger";
import { rotatePartnerKey } from "@/lib/partners";

import { hookQueries } from "../support/query-hook";
import { actorOf, createPatient, createSlot } from "../support/records";
import { apiRequest, call, partnerKey, userKey } from "./helpers";

afterAll(() => prisma.$disconnect());

function post(path: string, headers: { key: string; practiceGroupId: string; username?: string }, body: unknown, idempotencyKey?: string) {
  const request = apiRequest(path, { ...headers, method: "POST", body });
  if (idempotencyKey !== undefined) request.headers.set("Idempotency-Key", idempotencyKey);
  return request;
}

async function practiceWithPatient() {
  const setup = await partnerKey();
  const patient = await createPatient(setup.practice.id);
  // Yesterday's: the practice offers blood tests (a booking link must name a type it offers).
  await createSlot(setup.practice.id, -86_400_000, "Blood test");
  return { ...setup, patient, headers: { key: setup.key, practiceGroupId: setup.practice.id } };
}

describe("Idempotency-Key", () => {
  it("a message sent twice with one key is created once; the retry gets the same message, marked replayed here and in the ledger", async () => {
    const { headers, patient, practice, partner } = await practiceWithPatient();
    const body = { patient_id: patient.id, body: "Your results are ready." };
    const idempotencyKey = randomUUID();
    const first = await call(sendMessage, post("/messages", headers, body, idempotencyKey));
    const retry = await call(sendMessage, post("/messages", headers, body, idempotencyKey));
    expect(first.status).toBe(201);
    expect(first.headers.get("Idempotent-Replayed")).toBeNull();
    expect(retry.status).toBe(201);
    expect(retry.headers.get("Idempotent-Replayed")).toBe("true");
    expect(retry.body).toEqual(first.body);
    expect(await prisma.message.count({ where: { practiceGroupId: practice.id } })).toBe(1);

    // The practice's API activity shows the retry as one that created nothing.
    await flushLedger();
    const { items } = await partnerRequests(practice.id, partner.id, new Date(Date.now() - 60_000));
    const byRequest = new Map(items.map((row) => [row.requestId, row]));
    expect(byRequest.get(first.headers.get("x-request-id")!)).toMatchObject({ status: 201, replayed: false });
    expect(byRequest.get(retry.headers.get("x-request-id")!)).toMatchObject({ status: 201, replayed: true });

    // Without a key, the same body is a new message each time, as before.
    await call(sendMessage, post("/messages", headers, body));
    await call(sendMessage, post("/messages", headers, body));
    expect(await prisma.message.count({ where: { practiceGroupId: practice.id } })).toBe(3);
  });

  it("ten copies of one booking sent at once: one appointment, and every copy is answered with it", async () => {
    const { headers, patient, practice } = await practiceWithPatient();
    const slot = await createSlot(practice.id);
    const idempotencyKey = randomUUID();
    const body = { slot_id: slot.id, patient_id: patient.id };
    const results = await Promise.all(Array.from({ length: 10 }, () => call(book, post("/appointments", headers, body, idempotencyKey))));
    expect(results.map(({ status }) => status)).toEqual(Array(10).fill(201));
    expect(new Set(results.map(({ body }) => body.data.id)).size).toBe(1);
    expect(results.filter(({ headers }) => headers.get("Idempotent-Replayed") === "true")).toHaveLength(9);
    expect(await prisma.appointment.count({ where: { slotId: slot.id } })).toBe(1);
  });

  it("ten copies of one message sent at once: one message", async () => {
    const { headers, patient, practice } = await practiceWithPatient();
    const idempotencyKey = randomUUID();
    const body = { patient_id: patient.id, body: "Please call the surgery." };
    const results = await Promise.all(Array.from({ length: 10 }, () => call(sendMessage, post("/messages", headers, body, idempotencyKey))));
    expect(results.map(({ status }) => status)).toEqual(Array(10).fill(201));
    expect(new Set(results.map(({ body }) => body.data.id)).size).toBe(1);
    expect(await prisma.message.count({ where: { practiceGroupId: practice.id } })).toBe(1);
    // Every copy returned the patient's message, so every copy is in the ledger, the rolled-back ones too.
    await flushLedger();
    const rows = await prisma.$queryRaw<{ replayed: boolean; count: bigint }[]>`
      SELECT replayed, count(*) FROM api_requests WHERE "requestId" = ANY(${results.map(({ headers }) => headers.get("x-request-id"))}::text[])
        AND status = 201 AND ${patient.id}::uuid = ANY("patientIds") GROUP BY replayed ORDER BY replayed`;
    // One created the message; the nine others are marked as answered with it.
    expect(rows.map(({ replayed, count }) => [replayed, Number(count)])).toEqual([
      [false, 1],
      [true, 9],
    ]);
  });

  it("a booking link retried returns the same link; the replay is in the ledger as a call that returned the patient", async () => {
    const { headers, patient, practice } = await practiceWithPatient();
    const idempotencyKey = randomUUID();
    const body = { patient_id: patient.id, appointment_type: "Blood test" };
    const first = await call(createLink, post("/booking-links", headers, body, idempotencyKey));
    const retry = await call(createLink, post("/booking-links", headers, body, idempotencyKey));
    expect(first.status).toBe(201);
    expect(retry.body.data).toEqual(first.body.data);
    expect(await prisma.bookingLink.count({ where: { practiceGroupId: practice.id } })).toBe(1);
    await flushLedger();
    const requestIds = [first.headers.get("x-request-id"), retry.headers.get("x-request-id")];
    const rows = await prisma.$queryRaw<{ status: number; errorCode: string | null; patientIds: string[] }[]>`
      SELECT status, "errorCode", "patientIds"::text[] AS "patientIds" FROM api_requests WHERE "requestId" = ANY(${requestIds}::text[])`;
    expect(rows).toEqual([
      { status: 201, errorCode: null, patientIds: [patient.id] },
      { status: 201, errorCode: null, patientIds: [patient.id] },
    ]);
  });

  it("refuses a key reused for a different request, and creates nothing", async () => {
    const { headers, patient, practice } = await practiceWithPatient();
    const idempotencyKey = randomUUID();
    await call(sendMessage, post("/messages", headers, { patient_id: patient.id, body: "First." }, idempotencyKey));
    const changed = await call(sendMessage, post("/messages", headers, { patient_id: patient.id, body: "Second." }, idempotencyKey));
    expect(changed.status).toBe(400);
    expect(changed.body).toMatchObject({ error: "invalid_request" });
    expect(changed.body.message).toContain("different request");
    // The same key on another endpoint is another request too.
    const elsewhere = await call(createLink, post("/booking-links", headers, { patient_id: patient.id, appointment_type: "Blood test" }, idempotencyKey));
    expect(elsewhere.status).toBe(400);
    expect(await prisma.message.count({ where: { practiceGroupId: practice.id } })).toBe(1);
    expect(await prisma.bookingLink.count({ where: { practiceGroupId: practice.id } })).toBe(0);
  });

  it("answers a retry with the link even after the expires_at it asked for has passed", async () => {
    const { headers, patient, practice } = await practiceWithPatient();
    const idempotencyKey = randomUUID();
    // Seconds ahead: a loaded machine must not reach it before the first request is checked.
    const body = { patient_id: patient.id, appointment_type: "Blood test", expires_at: new Date(Date.now() + 3_000).toISOString() };
    const first = await call(createLink, post("/booking-links", headers, body, idempotencyKey));
    expect(first.status).toBe(201);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, Date.parse(body.expires_at) - Date.now() + 100)));
    const retry = await call(createLink, post("/booking-links", headers, body, idempotencyKey));
    expect([retry.status, retry.headers.get("idempotent-replayed")]).toEqual([201, "true"]);
    // The link as it is now: the same one, expired since.
    expect(retry.body.data).toEqual({ ...first.body.data, status: "expired" });
    expect(await prisma.bookingLink.count({ where: { practiceGroupId: practice.id } })).toBe(1);
  });

  it("keys belong to the partner's connection: a retry after Rotate API key is answered with what the old key created", async () => {
    const { headers, patient, practice, partner, admin } = await practiceWithPatient();
    const idempotencyKey = randomUUID();
    const body = { patient_id: patient.id, body: "Your prescription is ready." };
    const first = await call(sendMessage, post("/messages", headers, body, idempotencyKey));
    const { key: rotated } = await rotatePartnerKey({ practiceGroupId: practice.id, partnerId: partner.id, actor: actorOf(admin) });
    // The old key is dead; the new one's retry creates nothing.
    expect((await call(sendMessage, post("/messages", headers, body, idempotencyKey))).status).toBe(401);
    const retry = await call(sendMessage, post("/messages", { ...headers, key: rotated }, body, idempotencyKey));
    expect(retry.status).toBe(201);
    expect(retry.headers.get("Idempotent-Replayed")).toBe("true");
    expect(retry.body.data.id).toBe(first.body.data.id);
    expect(await prisma.message.count({ where: { practiceGroupId: practice.id } })).toBe(1);
  });

  it("a user key's owner is one caller: the owner's other key replays, another user's key does not", async () => {
    const { practice, patient } = await practiceWithPatient();
    const { owner, key } = await userKey(practice.id);
    const { plaintext: ownersOtherKey } = await prisma.$transaction((tx) =>
      issueKey(tx, { kind: "USER", practiceGroupId: practice.id, ownerUserId: owner.id, name: "Second", scopes: [], createdById: null }),
    );
    const stranger = await userKey(practice.id);
    const idempotencyKey = randomUUID();
    const body = { patient_id: patient.id, body: "Hello." };
    const send = (apiKey: string, username: string) =>
      call(sendMessage, post("/messages", { key: apiKey, practiceGroupId: practice.id, username }, body, idempotencyKey));
    const first = await send(key, owner.username);
    const again = await send(ownersOtherKey, owner.username);
    const other = await send(stranger.key, stranger.owner.username);
    expect([first.status, again.status, other.status]).toEqual([201, 201, 201]);
    expect(again.headers.get("Idempotent-Replayed")).toBe("true");
    expect(again.body.data.id).toBe(first.body.data.id);
    expect(other.headers.get("Idempotent-Replayed")).toBeNull();
    expect(other.body.data.id).not.toBe(first.body.data.id);
  });

  it("keys belong to one caller: another partner of the same practice sending the same key and body gets its own message", async () => {
    const one = await practiceWithPatient();
    const two = await partnerKey(undefined, one.practice);
    const idempotencyKey = randomUUID();
    const body = { patient_id: one.patient.id, body: "Hello." };
    const a = await call(sendMessage, post("/messages", one.headers, body, idempotencyKey));
    const b = await call(sendMessage, post("/messages", { key: two.key, practiceGroupId: one.practice.id }, body, idempotencyKey));
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.headers.get("Idempotent-Replayed")).toBeNull();
    expect(b.body.data.id).not.toBe(a.body.data.id);
  });

  it("forgets a key after 24 hours: the same request then creates again", async () => {
    const { headers, patient, practice } = await practiceWithPatient();
    const idempotencyKey = randomUUID();
    const body = { patient_id: patient.id, body: "Reminder." };
    const first = await call(sendMessage, post("/messages", headers, body, idempotencyKey));
    const { connectionId } = await prisma.apiKey.findFirstOrThrow({ where: { practiceGroupId: practice.id } });
    const callerId = connectionId!;
    await prisma.idempotencyKey.updateMany({ where: { callerId }, data: { createdAt: new Date(Date.now() - 24 * 3_600_000 - 1_000) } });
    const later = await call(sendMessage, post("/messages", headers, body, idempotencyKey));
    expect(later.status).toBe(201);
    expect(later.headers.get("Idempotent-Replayed")).toBeNull();
    expect(later.body.data.id).not.toBe(first.body.data.id);
    // The expired row was replaced, not kept beside the new one.
    expect(await prisma.idempotencyKey.findMany({ where: { callerId } })).toEqual([
      expect.objectContaining({ keyHash: createHash("sha256").update(idempotencyKey).digest("hex"), resourceId: later.body.data.id }),
    ]);
  });

  it("the daily prune forgets the keys of a caller that stopped writing, and keeps those still in their window", async () => {
    const { headers, patient, practice } = await practiceWithPatient();
    for (const key of [randomUUID(), randomUUID()]) await call(sendMessage, post("/messages", headers, { patient_id: patient.id, body: "Hello." }, key));
    const { connectionId } = await prisma.apiKey.findFirstOrThrow({ where: { practiceGroupId: practice.id } });
    const callerId = connectionId!;
    const [old] = await prisma.idempotencyKey.findMany({ where: { callerId }, take: 1 });
    await prisma.idempotencyKey.update({
      where: { callerId_keyHash: { callerId, keyHash: old.keyHash } },
      data: { createdAt: new Date(Date.now() - 24 * 3_600_000 - 1_000) },
    });
    // Batches of one: the loop runs until a batch comes back short.
    expect(await pruneIdempotencyKeys(1)).toBeGreaterThanOrEqual(1);
    const left = await prisma.idempotencyKey.findMany({ where: { callerId } });
    expect(left).toHaveLength(1);
    expect(left[0].keyHash).not.toBe(old.keyHash);
  });

  it("a retry whose record is no longer there gets 404, still marked replayed, and creates nothing", async () => {
    const { headers, patient, practice } = await practiceWithPatient();
    const idempotencyKey = randomUUID();
    const body = { patient_id: patient.id, body: "Appointment reminder." };
    const first = await call(sendMessage, post("/messages", headers, body, idempotencyKey));
    await prisma.message.delete({ where: { id: first.body.data.id } });
    const retry = await call(sendMessage, post("/messages", headers, body, idempotencyKey));
    expect(retry.status).toBe(404);
    expect(retry.headers.get("Idempotent-Replayed")).toBe("true");
    expect(await prisma.message.count({ where: { practiceGroupId: practice.id } })).toBe(0);
    await flushLedger();
    const [row] = await prisma.$queryRaw<{ status: number; replayed: boolean }[]>`
      SELECT status, replayed FROM api_requests WHERE "requestId" = ${retry.headers.get("x-request-id")}`;
    expect(row).toEqual({ status: 404, replayed: true });
  });

  it("refuses a key of the wrong shape with 400, before creating anything", async () => {
    const { headers, patient, practice } = await practiceWithPatient();
    for (const bad of ["", "has space", "x".repeat(256), "naïve"]) {
      const result = await call(sendMessage, post("/messages", headers, { patient_id: patient.id, body: "Hi." }, bad));
      expect(result.status, JSON.stringify(bad)).toBe(400);
      expect(result.body.message).toContain("Idempotency-Key");
    }
    expect(await prisma.message.count({ where: { practiceGroupId: practice.id } })).toBe(0);
  });

  it("a write that failed is not remembered: the retry is a new attempt", async () => {
    const { headers, patient, practice } = await practiceWithPatient();
    const slot = await createSlot(practice.id);
    const other = await createPatient(practice.id);
    await call(book, post("/appointments", headers, { slot_id: slot.id, patient_id: other.id }));
    const idempotencyKey = randomUUID();
    const body = { slot_id: slot.id, patient_id: patient.id };
    expect((await call(book, post("/appointments", headers, body, idempotencyKey))).status).toBe(409);
    await prisma.appointment.updateMany({ where: { slotId: slot.id }, data: { status: "CANCELLED", cancelledAt: new Date() } });
    const retry = await call(book, post("/appointments", headers, body, idempotencyKey));
    expect(retry.status).toBe(201);
    expect(retry.headers.get("Idempotent-Replayed")).toBeNull();
  });
  // A copy that lost to its twin looks the twin's record up; when the database failed just then, the
  // copy was answered with its loss: 409 slot_unavailable for its own booking, 500 for a message.
  it("a copy that lost to its twin, whose lookup of the twin's record then fails, is 503 (a retry replays), not its loss", async () => {
    const { headers, patient, practice } = await practiceWithPatient();
    const slot = await createSlot(practice.id);
    for (const [route, path, body] of [
      [book, "/appointments", { slot_id: slot.id, patient_id: patient.id }],
      [sendMessage, "/messages", { patient_id: patient.id, body: "Your results are ready." }],
    ] as const) {
      const idempotencyKey = randomUUID();
      const send = () => call(route, post(path, headers, body, idempotencyKey));
      let lookups = 0;
      let twin: ReturnType<typeof send> | undefined;
      const unhook = hookQueries((text, run) => {
        if (!(text.startsWith("SELECT") && text.includes('FROM "public"."idempotency_keys"'))) return undefined;
        lookups++;
        // The copy's first lookup finds nothing; its twin then runs whole (its lookup is the second).
        if (lookups === 1)
          return run().then(async (result) => {
            await (twin = send());
            return result;
          });
        if (lookups === 3) return Promise.reject(new Error("Connection terminated unexpectedly"));
        return undefined;
      });
      let copy: Awaited<ReturnType<typeof send>>;
      try {
        copy = await send();
      } finally {
        unhook();
      }
      expect(lookups, path).toBe(3);
      const created = await twin!;
      expect(created.status, path).toBe(201);
      expect(copy.status, path).toBe(503);
      expect(copy.headers.get("Retry-After"), path).toBe("5");
      const retry = await send();
      expect(retry.headers.get("Idempotent-Replayed"), path).toBe("true");
      expect(retry.body.data.id, path).toBe(created.body.data.id);
    }
  });
});
