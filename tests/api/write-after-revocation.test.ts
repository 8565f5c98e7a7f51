// A write whose key was checked before a revocation committed: the key, its scope and its network
// are checked again inside the write's transaction (lib/api/auth.ts holdCaller), so nothing is
// written after the practice was told the key no longer works; a revocation that comes later
// waits for the write. The request's body is held back until the test has revoked: by then the
// route has verified the key and waits for the body.
import { randomUUID } from "node:crypto";

import { afterAll, describe, expect, it } from "vitest";

import { POST as createLink } from "@/app/api/v1/booking-links/route";
import { POST as sendMessage } from "@/app/api/v1/messages/route";
import { verifyApiKey } from "@/lib/api-keys";
import { holdCaller } from "@/lib/api/auth";
import { endpoints } from "@/lib/api/endpoints";
import { prisma, type Tx } from "@/lib/db";
import { claimIdempotencyKey, readIdempotency } from "@/lib/idempotency";
import { createMessage } from "@/lib/messages";
import { removeNetworkMember } from "@/lib/networks";
import { setConnectionScopes, setPartnerSuspended } from "@/lib/partner-admin";
import { disconnectPartner, rotatePartnerKey } from "@/lib/partners";
import { deleteUserKey } from "@/lib/user-keys";

import { backendPid, waitForLockWaiter } from "../support/locks";
import { actorOf, createNetwork, createPatient, createPracticeGroup, createSlot } from "../support/records";
import { apiRequest, call, partnerKey, userKey } from "./helpers";

afterAll(() => prisma.$disconnect());

const reason = "Test of a revocation during a write";

/** A POST whose body arrives only once released; `reading` resolves when the route asks for it. */
function heldPost(path: string, headers: Record<string, string>, body: unknown) {
  let reached!: () => void;
  let release!: () => void;
  const reading = new Promise<void>((resolve) => (reached = resolve));
  const released = new Promise<void>((resolve) => (release = resolve));
  const stream = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        reached();
        await released;
        controller.enqueue(new TextEncoder().encode(JSON.stringify(body)));
        controller.close();
      },
    },
    // Nothing is pulled until the route reads.
    { highWaterMark: 0 },
  );
  const request = new Request(`http://localhost/api/v1${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: stream,
    duplex: "half",
  } as RequestInit);
  return { request, reading, release };
}

/** Sends a message with the body held back, runs `revoke` once the key was checked, then lets the body through. */
async function messageDuring(revoke: () => Promise<unknown>, headers: Record<string, string>, patientId: string) {
  const held = heldPost("/messages", headers, { patient_id: patientId, body: "Your results are in." });
  const answer = call(sendMessage, held.request);
  await held.reading;
  await revoke();
  held.release();
  return answer;
}

const messagesOf = (practiceGroupId: string) => prisma.message.count({ where: { practiceGroupId } });

describe("a write whose key dies while it runs", () => {
  it("is written when nothing changed meanwhile (the held body itself changes nothing)", async () => {
    const { key, practice } = await partnerKey(["messaging"]);
    const patient = await createPatient(practice.id);
    const { status } = await messageDuring(async () => {}, { "x-api-key": key, "x-practice-group-id": practice.id }, patient.id);
    expect(status).toBe(201);
    expect(await messagesOf(practice.id)).toBe(1);
  });

  it("Rotate API key: 401 invalid_credentials, and no message", async () => {
    const { key, practice, partner, admin } = await partnerKey(["messaging"]);
    const patient = await createPatient(practice.id);
    const rotate = () => rotatePartnerKey({ practiceGroupId: practice.id, partnerId: partner.id, actor: actorOf(admin) });
    const { status, body } = await messageDuring(rotate, { "x-api-key": key, "x-practice-group-id": practice.id }, patient.id);
    expect([status, body.error]).toEqual([401, "invalid_credentials"]);
    expect(await messagesOf(practice.id)).toBe(0);
  });

  it("Disconnect: 401, and no booking link", async () => {
    const { key, practice, partner, admin } = await partnerKey(["booking_links"]);
    const patient = await createPatient(practice.id);
    await createSlot(practice.id);
    const held = heldPost(
      "/booking-links",
      { "x-api-key": key, "x-practice-group-id": practice.id },
      { patient_id: patient.id, appointment_type: "GP consultation" },
    );
    const answer = call(createLink, held.request);
    await held.reading;
    await disconnectPartner({ practiceGroupId: practice.id, partnerId: partner.id, actor: actorOf(admin) });
    held.release();
    expect((await answer).status).toBe(401);
    expect(await prisma.bookingLink.count({ where: { practiceGroupId: practice.id } })).toBe(0);
  });

  it("the partner suspended by Hero support: 401, and no message", async () => {
    const { key, practice, partner, admin } = await partnerKey(["messaging"]);
    const patient = await createPatient(practice.id);
    const suspend = () => setPartnerSuspended({ partnerId: partner.id, suspended: true, actor: actorOf(admin), reason });
    expect((await messageDuring(suspend, { "x-api-key": key, "x-practice-group-id": practice.id }, patient.id)).status).toBe(401);
    expect(await messagesOf(practice.id)).toBe(0);
  });

  it("the scope taken away: 403 insufficient_permissions, and no message", async () => {
    const { key, practice, partner, admin } = await partnerKey(["messaging", "booking"]);
    const patient = await createPatient(practice.id);
    const narrow = () => setConnectionScopes({ practiceGroupId: practice.id, partnerId: partner.id, scopes: ["booking"], actor: actorOf(admin), reason });
    const { status, body } = await messageDuring(narrow, { "x-api-key": key, "x-practice-group-id": practice.id }, patient.id);
    expect([status, body.error]).toEqual([403, "insufficient_permissions"]);
    expect(await messagesOf(practice.id)).toBe(0);
  });

  it("a cross-organisational write whose practice leaves the network: 403 forbidden, and nothing written at the hub", async () => {
    const { key, practice, admin } = await partnerKey(["messaging"]);
    const hub = await createPracticeGroup("hub");
    const network = await createNetwork([practice.id, hub.id]);
    const patient = await createPatient(practice.id);
    const leave = () => removeNetworkMember({ networkId: network.id, practiceGroupId: practice.id, actor: actorOf(admin), reason });
    const { status, body } = await messageDuring(leave, { "x-api-key": key, "x-practice-group-id": hub.id }, patient.id);
    expect([status, body.error]).toEqual([403, "forbidden"]);
    expect(await messagesOf(hub.id)).toBe(0);
  });

  it("a user key deleted by a super admin: 401, and no message", async () => {
    const practice = await createPracticeGroup();
    const { owner, key } = await userKey(practice.id);
    const patient = await createPatient(practice.id);
    const { id: keyId } = await prisma.apiKey.findFirstOrThrow({ where: { ownerUserId: owner.id } });
    const remove = () => deleteUserKey({ keyId, actor: actorOf(owner) });
    const headers = { "x-api-key": key, "x-username": owner.username, "x-practice-group-id": practice.id };
    expect((await messageDuring(remove, headers, patient.id)).status).toBe(401);
    expect(await messagesOf(practice.id)).toBe(0);
  });

  it("writes, Rotate API key and Change scopes at once: no deadlock, each write either made (201) or refused (401, 403)", async () => {
    const { key, practice, partner, admin } = await partnerKey(["messaging", "booking"]);
    const patient = await createPatient(practice.id);
    const action = { practiceGroupId: practice.id, partnerId: partner.id, actor: actorOf(admin) };
    const headers = { key, practiceGroupId: practice.id, method: "POST", body: { patient_id: patient.id, body: "Reminder" } };
    const send = () => call(sendMessage, apiRequest("/messages", headers));
    const writes = Array.from({ length: 10 }, send);
    // The changes start once writes are under way, with more writes beside them.
    await writes[0];
    const changes = [setConnectionScopes({ ...action, scopes: ["messaging"], reason }), rotatePartnerKey(action)];
    writes.push(...Array.from({ length: 10 }, send));
    const [answers] = await Promise.all([Promise.all(writes), Promise.all(changes)]);
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.every((status) => status === 201 || status === 401 || status === 403)).toBe(true);
    expect(await messagesOf(practice.id)).toBe(statuses.filter((status) => status === 201).length);
    expect((await verifyApiKey(key)).ok).toBe(false);
  });

  it("a Disconnect that starts while the write's transaction is open waits for it to commit", async () => {
    const { key, practice, partner, admin } = await partnerKey(["messaging"]);
    const patient = await createPatient(practice.id);
    const verified = await verifyApiKey(key);
    if (!verified.ok) throw new Error(`The test's key did not verify: ${verified.reason}`);
    let holder = 0;
    let open!: () => void;
    let commit!: () => void;
    const opened = new Promise<void>((resolve) => (open = resolve));
    const committing = new Promise<void>((resolve) => (commit = resolve));
    const writer = {
      actingPracticeGroupId: practice.id,
      keyPracticeGroupId: practice.id,
      keyId: verified.key.id,
      // The caller held as the API holds it, then the transaction stays open until the test lets it commit.
      hold: async (tx: Tx) => {
        await holdCaller(tx, { key: verified.key, scope: "messaging", practiceGroupId: practice.id });
        holder = await backendPid(tx);
        open();
        await committing;
      },
    };
    const finished: string[] = [];
    const write = createMessage(writer, { patient_id: patient.id, body: "Sent before the disconnect" }).then(() => finished.push("written"));
    await opened;
    const disconnect = disconnectPartner({ practiceGroupId: practice.id, partnerId: partner.id, actor: actorOf(admin) }).then(() =>
      finished.push("disconnected"),
    );
    // The Disconnect waits for the write's hold (one that did not wait would have finished first).
    await waitForLockWaiter(holder);
    commit();
    await Promise.all([write, disconnect]);
    expect(finished).toEqual(["written", "disconnected"]);
    expect((await verifyApiKey(key)).ok).toBe(false);
  });
});

describe("a retried write (Idempotency-Key) whose key dies while it runs", () => {
  /** The message messageDuring sends, sent at once with the same Idempotency-Key. */
  function firstCopy(headers: Record<string, string>, patientId: string) {
    const request = apiRequest("/messages", { method: "POST", body: { patient_id: patientId, body: "Your results are in." } });
    for (const [name, value] of Object.entries(headers)) request.headers.set(name, value);
    return call(sendMessage, request);
  }

  it("a retry of a write that was made: 401 once the key is rotated, not the first request's message", async () => {
    const { key, practice, partner, admin } = await partnerKey(["messaging"]);
    const patient = await createPatient(practice.id);
    const headers = { "x-api-key": key, "x-practice-group-id": practice.id, "Idempotency-Key": randomUUID() };
    expect((await firstCopy(headers, patient.id)).status).toBe(201);
    const rotate = () => rotatePartnerKey({ practiceGroupId: practice.id, partnerId: partner.id, actor: actorOf(admin) });
    const retry = await messageDuring(rotate, headers, patient.id);
    expect([retry.status, retry.body.error, retry.headers.get("Idempotent-Replayed")]).toEqual([401, "invalid_credentials", null]);
  });

  it("a copy refused in its own transaction while the other copy was made: 401, not the other copy's message", async () => {
    const { key, practice } = await partnerKey(["messaging"]);
    const patient = await createPatient(practice.id);
    const idempotencyKey = randomUUID();
    const headers = { "x-api-key": key, "x-practice-group-id": practice.id, "Idempotency-Key": idempotencyKey };
    const verified = await verifyApiKey(key);
    if (!verified.ok) throw new Error(`The test's key did not verify: ${verified.reason}`);
    const body = { patient_id: patient.id, body: "Your results are in." };
    // What the other copy stores when it commits: its message under this request's key.
    const idempotency = readIdempotency(new Request("http://localhost", { headers }), verified.key, {
      route: endpoints.createMessage.path,
      practiceGroupId: practice.id,
      body: endpoints.createMessage.body.parse(body),
    })!;
    let holder = 0;
    let locked!: () => void;
    let commit!: () => void;
    const connectionLocked = new Promise<void>((resolve) => (locked = resolve));
    const committing = new Promise<void>((resolve) => (commit = resolve));
    // The other copy and a Rotate API key commit together, while this copy waits for the connection in holdCaller.
    const otherCopyAndRotate = prisma.$transaction(
      async (tx) => {
        await tx.$executeRaw`SELECT 1 FROM partner_connections WHERE id = ${verified.key.callerId}::uuid FOR UPDATE`;
        holder = await backendPid(tx);
        locked();
        await committing;
        const message = await tx.message.create({
          data: { practiceGroupId: practice.id, patientId: patient.id, body: body.body, createdByKeyId: verified.key.id },
        });
        await claimIdempotencyKey(tx, idempotency, message.id);
        await tx.apiKey.update({ where: { id: verified.key.id }, data: { revokedAt: new Date() } });
      },
      { timeout: 30_000 },
    );
    await connectionLocked;
    const answer = messageDuring(async () => {}, headers, patient.id);
    await waitForLockWaiter(holder);
    commit();
    await otherCopyAndRotate;
    const retry = await answer;
    expect([retry.status, retry.body.error, retry.headers.get("Idempotent-Replayed")]).toEqual([401, "invalid_credentials", null]);
    expect(await messagesOf(practice.id)).toBe(1);
  });
});
