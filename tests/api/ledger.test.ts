// The API access ledger: every request made with a known key is recorded (successes and
// refusals), with the route template, the outcome and the patients it returned or wrote, never a
// key or a body; a practice sees its partners' requests and who accessed a patient's record.
import { randomUUID } from "node:crypto";

import { afterAll, describe, expect, it } from "vitest";

import { POST as exchange } from "@/app/api/v1/access_token/route";
import { GET as getAppointment } from "@/app/api/v1/appointments/[id]/route";
import { POST as book, GET as listAppointments } from "@/app/api/v1/appointments/route";
import { GET as listMessages, PUT as putMessages, POST as sendMessage } from "@/app/api/v1/messages/route";
import { GET as getPracticeGroups } from "@/app/api/v1/practice-groups/route";
import {
  findPatientId,
  keyReport,
  keyReportCsv,
  keyUsage,
  parseActivityPeriod,
  parseKeyReportRange,
  partnerActivity,
  partnerRequests,
  PATIENT_HISTORY_ROWS,
  patientAccessHistory,
  periodBounds,
  readRequestFilters,
  recordReportView,
  userKeysAtPractice,
} from "@/lib/api-activity";
import { keyHashOf } from "@/lib/api-keys";
import { guardApiRequest } from "@/lib/api/edge";
import { prisma, sqlPool } from "@/lib/db";
import { generateKey } from "@/lib/key-format";
import { describeUsage, keyStatus } from "@/lib/key-status";
import { ensureLedgerPartitions, flushLedger, pruneLedger, recordRequest } from "@/lib/ledger";
import { waitingLedgerRows } from "@/lib/ledger-buffer";
import { disconnectPartner } from "@/lib/partners";
import { setRateLimitOverrides } from "@/lib/ratelimit";

import { ledgerEntry } from "../support/ledger-entries";
import { actorOf, createNetwork, createPatient, createPracticeGroup, createSlot, createUser } from "../support/records";
import { apiRequest, call, partnerKey, userKey } from "./helpers";

afterAll(() => prisma.$disconnect());

type Row = {
  requestId: string;
  keyId: string;
  actingPracticeGroupId: string | null;
  route: string;
  method: string;
  status: number;
  errorCode: string | null;
  patientIds: string[];
};

// Other test files write the ledger meanwhile (one holds its lock for 800 ms): a drop waits that long, a few times, without the 10 s pauses.
const PRUNE_LOCK = { lockWaitMs: 2000, tries: 5, pauseMs: 100 };

async function rowsOf(keyId: string): Promise<Row[]> {
  await flushLedger();
  return prisma.$queryRaw<
    Row[]
  >`SELECT "requestId", "keyId", "actingPracticeGroupId", route, method, status, "errorCode", "patientIds" FROM api_requests WHERE "keyId" = ${keyId}::uuid ORDER BY at`;
}

const keyIdOf = async (practiceGroupId: string) =>
  (await prisma.apiKey.findFirstOrThrow({ where: { practiceGroupId, kind: "PARTNER" }, orderBy: { createdAt: "desc" } })).id;

/** A partner key that has made one call (its ledger row on the way), with its id. */
async function calledPartnerKey() {
  const made = await partnerKey();
  await call(getPracticeGroups, apiRequest("/practice-groups", { key: made.key, practiceGroupId: made.practice.id }));
  return { ...made, keyId: await keyIdOf(made.practice.id) };
}

describe("the API access ledger", () => {
  it("files a request under the id of its answer, never under an x-request-id the caller sent", async () => {
    const { key, practice } = await partnerKey();
    const callersId = "0b7c4a35-3d2e-4b8f-9d1e-6a5f4c3b2a10";
    const sent = (request: Request) => (request.headers.set("x-request-id", callersId), request);
    const answers = [
      await call(listMessages, sent(apiRequest("/messages", { key, practiceGroupId: practice.id }))),
      await call(putMessages, sent(apiRequest("/messages", { key, practiceGroupId: practice.id, method: "PUT" }))),
    ];
    const rows = await rowsOf(await keyIdOf(practice.id));
    const ids = answers.map((answer) => answer.headers.get("x-request-id"));
    expect(ids).not.toContain(callersId);
    expect(rows.map((row) => row.requestId)).toEqual(ids);
  });

  it("records a write and a list with the patients they touched, the route template and the x-request-id", async () => {
    const { key, practice, partner } = await partnerKey();
    const headers = { key, practiceGroupId: practice.id };
    const [first, second] = [await createPatient(practice.id), await createPatient(practice.id)];
    for (const patient of [first, second]) {
      const slot = await createSlot(practice.id);
      expect((await call(book, apiRequest("/appointments", { ...headers, method: "POST", body: { slot_id: slot.id, patient_id: patient.id } }))).status).toBe(
        201,
      );
    }
    const list = await call(listAppointments, apiRequest("/appointments", headers));
    const one = await call(getAppointment, apiRequest(`/appointments/${list.body.data[0].id}`, headers), { id: list.body.data[0].id });

    const rows = await rowsOf(await keyIdOf(practice.id));
    expect(rows.map((row) => [row.method, row.route, row.status])).toEqual([
      ["POST", "/appointments", 201],
      ["POST", "/appointments", 201],
      ["GET", "/appointments", 200],
      ["GET", "/appointments/{id}", 200],
    ]);
    expect(rows[0].patientIds).toEqual([first.id]);
    expect(new Set(rows[2].patientIds)).toEqual(new Set([first.id, second.id]));
    expect(rows[3].requestId).toBe(one.headers.get("x-request-id"));
    expect(rows.every((row) => row.actingPracticeGroupId === practice.id)).toBe(true);

    const usage = (await keyUsage([await keyIdOf(practice.id)])).values().next().value;
    expect(usage).toMatchObject({ requests: 4, patients: 2 });
    const activity = await partnerActivity(practice.id, partner.id);
    expect(activity.counts).toEqual({ succeeded: 4, refused: 0, limited: 0 });
    expect(activity.buckets).toHaveLength(25);
    expect(activity.buckets.at(-1)).toMatchObject({ succeeded: 4 });
    expect(activity.endpoints).toEqual([
      { method: "POST", route: "/appointments", requests: 2 },
      { method: "GET", route: "/appointments", requests: 1 },
      { method: "GET", route: "/appointments/{id}", requests: 1 },
    ]);
    const hour = await partnerActivity(practice.id, partner.id, "hour");
    expect([hour.buckets.length, hour.counts.succeeded]).toEqual([13, 4]);
    // 720 hours back in UK days: 31 bars, one more or less across a clock change (the June and November runs below have none).
    expect((await partnerActivity(practice.id, partner.id, "30d", new Date("2026-06-20T12:00:00Z"))).buckets).toHaveLength(31);
    // The last 30 days are UK days, as labelled: 00:30 BST on 3 June is 3 June's (23:30 UTC on the 2nd),
    // and the bars start at UK midnight across the clock change of 25 October.
    const keyId = await keyIdOf(practice.id);
    recordRequest(ledgerEntry({ keyId, actingPracticeGroupId: practice.id, requestId: "uk-day", at: new Date("2026-06-02T23:30:00Z") }));
    await flushLedger();
    const june = await partnerActivity(practice.id, partner.id, "30d", new Date("2026-06-20T12:00:00Z"));
    expect(june.buckets.filter((bar) => bar.succeeded > 0).map((bar) => bar.start.toISOString())).toEqual(["2026-06-02T23:00:00.000Z"]);
    const autumn = await partnerActivity(practice.id, partner.id, "30d", new Date("2026-11-10T12:00:00Z"));
    const ukClock = (date: Date) => date.toLocaleTimeString("en-GB", { timeZone: "Europe/London", hour: "2-digit", minute: "2-digit" });
    expect(autumn.buckets.map((bar) => ukClock(bar.start))).toEqual(["13:00", ...Array(30).fill("00:00")]); // 30 × 24 hours before 12:00 GMT is 13:00 BST
    expect(autumn.buckets.at(-1)!.start.toISOString()).toBe("2026-11-10T00:00:00.000Z");
    // "Last hour" is the 60 minutes back from now, not the 55 to 60 of whole 5-minute bars: its first bar counts from then.
    for (const [requestId, at] of [
      ["59 minutes", "2026-06-20T11:04:00Z"],
      ["61 minutes", "2026-06-20T11:02:00Z"],
    ])
      recordRequest(ledgerEntry({ keyId, actingPracticeGroupId: practice.id, requestId, at: new Date(at) }));
    await flushLedger();
    const lastHour = await partnerActivity(practice.id, partner.id, "hour", new Date("2026-06-20T12:03:00Z"));
    expect(lastHour.counts.succeeded).toBe(1);
    expect(lastHour.buckets.map((bar) => bar.start.toISOString().slice(11, 16))).toEqual([
      "11:03",
      ...Array.from({ length: 12 }, (_, bar) => `11:${String(5 + bar * 5).padStart(2, "0")}`.replace("11:60", "12:00")),
    ]);
    expect((await partnerRequests(practice.id, partner.id, periodBounds("day").since)).items[0]).toMatchObject({
      route: "/appointments/{id}",
      status: 200,
      patientCount: 1,
      partnerName: partner.name,
    });
  });

  it("records refusals with their error code: a missing scope (403), a malformed id (404) and a revoked key (401)", async () => {
    const { key, practice, partner, admin } = await partnerKey(["booking"]);
    const headers = { key, practiceGroupId: practice.id };
    expect((await call(listMessages, apiRequest("/messages", headers))).status).toBe(403);
    expect((await call(getAppointment, apiRequest("/appointments/nope", headers), { id: "nope" })).status).toBe(404);
    const keyId = await keyIdOf(practice.id);
    await disconnectPartner({ practiceGroupId: practice.id, partnerId: partner.id, actor: actorOf(admin) });
    expect((await call(getPracticeGroups, apiRequest("/practice-groups", headers))).status).toBe(401);

    expect((await rowsOf(keyId)).map((row) => [row.route, row.status, row.errorCode])).toEqual([
      ["/messages", 403, "insufficient_permissions"],
      ["/appointments/{id}", 404, "not_found"],
      ["/practice-groups", 401, "invalid_credentials"],
    ]);
  });

  it("shows a cross-organisational call to both practices, and a patient's accesses by NHS number", async () => {
    const { key, practice, partner } = await partnerKey();
    const hub = await createPracticeGroup("hub");
    await createNetwork([practice.id, hub.id]);
    const patient = await createPatient(practice.id);
    const slot = await createSlot(hub.id);
    const booked = await call(
      book,
      apiRequest("/appointments", { key, practiceGroupId: hub.id, method: "POST", body: { slot_id: slot.id, nhs_number: patient.nhsNumber } }),
    );
    expect(booked.status).toBe(201);
    await flushLedger();

    for (const seen of [practice.id, hub.id])
      expect((await partnerRequests(seen, partner.id, periodBounds("day").since)).items.map((row) => row.actingPracticeName)).toEqual([hub.name]);
    // The page finds the patient by NHS number, then names it by id in its address.
    expect(await findPatientId(practice.id, ` ${patient.nhsNumber.slice(0, 3)} ${patient.nhsNumber.slice(3)} `)).toBe(patient.id);
    // As some letters and systems print it: 943-476-5919.
    const hyphenated = `${patient.nhsNumber.slice(0, 3)}-${patient.nhsNumber.slice(3, 6)}-${patient.nhsNumber.slice(6)}`;
    expect(await findPatientId(practice.id, hyphenated)).toBe(patient.id);
    const history = await patientAccessHistory(practice.id, patient.id);
    expect(history).toMatchObject({
      state: "found",
      nhsNumber: patient.nhsNumber,
      rows: [{ route: "/appointments", method: "POST", status: 201, partnerName: partner.name, actingPracticeName: hub.name }],
    });
    await expect(findPatientId(practice.id, "12345")).rejects.toThrow("An NHS number has 10 digits.");
    await expect(findPatientId(practice.id, "9990000017")).rejects.toThrow("9990000017 is not a valid NHS number: its last digit does not match the others.");
    await expect(findPatientId(hub.id, patient.nhsNumber)).rejects.toThrow(`No patient of your practice has NHS number ${patient.nhsNumber}.`);
    expect(await findPatientId(practice.id, "  ")).toBeNull();
    // Another practice's patient, or an id that is not one, is not shown.
    expect(await patientAccessHistory(hub.id, patient.id)).toEqual({ state: "unknown" });
    expect(await patientAccessHistory(practice.id, "not-an-id")).toEqual({ state: "unknown" });
    expect(await patientAccessHistory(practice.id, "")).toEqual({ state: "none" });
  });

  it("shows a cross-organisational call refused for a missing scope to the practice it named, not to a practice outside the network", async () => {
    const { key, practice, partner } = await partnerKey(["booking"]);
    const [hub, stranger] = [await createPracticeGroup("hub"), await createPracticeGroup("stranger")];
    await createNetwork([practice.id, hub.id]);
    for (const named of [hub, stranger]) expect((await call(listMessages, apiRequest("/messages", { key, practiceGroupId: named.id }))).status).toBe(403);

    expect((await rowsOf(await keyIdOf(practice.id))).map((row) => [row.actingPracticeGroupId, row.errorCode])).toEqual([
      [hub.id, "insufficient_permissions"],
      [null, "insufficient_permissions"],
    ]);
    expect((await partnerRequests(hub.id, partner.id, periodBounds("day").since)).items.map((row) => row.errorCode)).toEqual(["insufficient_permissions"]);
    expect((await partnerRequests(stranger.id, partner.id, periodBounds("day").since)).items).toEqual([]);
  });

  it("records a HEAD request as HEAD, not as the GET that answered it; filtering by the GET endpoint shows it", async () => {
    const { key, practice, partner } = await partnerKey();
    expect((await call(getPracticeGroups, apiRequest("/practice-groups", { key, practiceGroupId: practice.id, method: "HEAD" }))).status).toBe(200);
    expect((await rowsOf(await keyIdOf(practice.id))).map((row) => [row.method, row.route])).toEqual([["HEAD", "/practice-groups"]]);
    const filtered = await partnerRequests(practice.id, partner.id, periodBounds("day").since, { endpoint: { method: "GET", route: "/practice-groups" } });
    expect(filtered.items.map((row) => row.method)).toEqual(["HEAD"]);
  });

  it("shows a user key's cross-organisational calls to the practice it acted for: My Practice lists the key, its report shows what it did there", async () => {
    const practice = await createPracticeGroup("own");
    const [hub, stranger] = [await createPracticeGroup("hub"), await createPracticeGroup("stranger")];
    await createNetwork([practice.id, hub.id]);
    const { key, owner } = await userKey(practice.id, ["booking"]);
    const as = (acting: string, method = "GET", body?: unknown) =>
      apiRequest("/appointments", { key, username: owner.username, practiceGroupId: acting, method, body });
    const [ours, theirs] = [await createPatient(practice.id), await createPatient(hub.id)];
    for (const [acting, patient] of [
      [practice.id, ours],
      [hub.id, theirs],
    ] as const)
      expect((await call(book, as(acting, "POST", { slot_id: (await createSlot(acting)).id, patient_id: patient.id }))).status).toBe(201);
    expect((await call(listAppointments, as(practice.id))).status).toBe(200);
    await flushLedger();
    const keyId = (await prisma.apiKey.findFirstOrThrow({ where: { ownerUserId: owner.id } })).id;

    // The hub is not told the owner's username: another practice's staff, and half the key's credentials.
    expect((await userKeysAtPractice(hub.id)).map((row) => [row.id, row.own, row.practice, row.owner, row.lastUsedAt !== null])).toEqual([
      [keyId, false, practice.name, null, true],
    ]);
    expect((await userKeysAtPractice(practice.id)).map((row) => [row.id, row.own, row.owner])).toEqual([[keyId, true, owner.username]]);
    expect(await userKeysAtPractice(stranger.id)).toEqual([]);
    // Its owner deactivated, the key is revoked (a trigger on users), and listed so rather than as Active.
    await prisma.user.update({ where: { id: owner.id }, data: { active: false } });
    expect((await userKeysAtPractice(practice.id)).map((row) => keyStatus(row))).toEqual(["Revoked"]);
    await prisma.user.update({ where: { id: owner.id }, data: { active: true } });

    const today = parseKeyReportRange({});
    const adminOf = (group: { id: string }) => ({ practiceGroupId: group.id, role: "PRACTICE_ADMIN" });
    // The hub: the one request made for it, and the one patient of its own that it touched, by name.
    const forHub = await keyReport(adminOf(hub), keyId, today);
    expect([forHub?.requests, forHub?.rows.map((row) => row.actingPracticeName), forHub?.patientCount]).toEqual([1, [hub.name], 1]);
    expect(forHub?.patients).toEqual([expect.objectContaining({ id: theirs.id, name: `${theirs.firstName} ${theirs.lastName}` })]);
    expect(keyReportCsv(forHub!).trim().split("\r\n")).toHaveLength(2);
    expect(forHub?.key.owner).toEqual({ username: null, active: true });
    // The key's practice learns which practice looked, not who.
    const hubAdmin = await createUser(hub.id);
    await recordReportView({ ...adminOf(hub), id: hubAdmin.id, practiceGroupName: hub.name }, forHub!, today, "csv");
    const viewed = await prisma.auditEvent.findMany({ where: { action: "api_key.report_viewed", targetId: keyId } });
    expect(viewed.map((event) => [event.practiceGroupId, event.actorName, event.actorUserId])).toEqual([[practice.id, `An admin of ${hub.name}`, hubAdmin.id]]);
    // Its own practice: everything, the hub's patient by id only.
    const forOwn = await keyReport(adminOf(practice), keyId, today);
    expect([forOwn?.requests, forOwn?.patientCount, forOwn?.key.owner?.username]).toEqual([3, 2, owner.username]);
    expect(forOwn?.patients.find((patient) => patient.id === theirs.id)?.name).toBeNull();
    expect(await keyReport(adminOf(stranger), keyId, today)).toBeNull();
    expect(await keyReport({ practiceGroupId: hub.id, role: "STAFF" }, keyId, today)).toBeNull();
  });

  it("holds no key, token or body: the whole table is searched for every key this test made", async () => {
    const { key, practice } = await partnerKey();
    const patient = await createPatient(practice.id);
    await call(listAppointments, apiRequest("/appointments", { key, practiceGroupId: practice.id }));
    await call(
      book,
      apiRequest("/appointments", {
        key,
        practiceGroupId: practice.id,
        method: "POST",
        body: { slot_id: (await createSlot(practice.id)).id, nhs_number: patient.nhsNumber },
      }),
    );
    // A call with an access token, and a message whose text is the marker to look for.
    const { body: exchanged } = await call(exchange, apiRequest("/access_token", { key, practiceGroupId: practice.id, method: "POST" }));
    const token = exchanged.access_token as string;
    const text = `Ledger marker ${randomUUID()}`;
    const sent = await call(
      sendMessage,
      apiRequest("/messages", { token, practiceGroupId: practice.id, method: "POST", body: { patient_id: patient.id, body: text } }),
    );
    expect(sent.status).toBe(201);
    await flushLedger();
    const [{ dump }] = await prisma.$queryRaw<{ dump: string }[]>`SELECT coalesce(string_agg(to_jsonb(r)::text, ''), '') AS dump FROM api_requests r`;
    // The calls were recorded: the dump is of rows that hold them.
    expect(dump).toContain(patient.id);
    expect(dump).not.toContain(key);
    expect(dump).not.toContain(key.slice(-20));
    expect(dump).not.toContain(token);
    expect(dump).not.toContain(token.slice(-20));
    expect(dump).not.toContain(text);
    expect(dump).not.toContain(patient.nhsNumber);
  });

  it("keeps a month per partition and drops the months past the retention period", async () => {
    const { practice, keyId } = await calledPartnerKey();
    recordRequest(ledgerEntry({ keyId, actingPracticeGroupId: practice.id, requestId: "old", at: new Date(Date.UTC(2019, 0, 15)) }));
    await flushLedger();
    // A row of a month with no partition of its own (none is written so: kept for safety) lands in the default one.
    const [{ partition }] = await prisma.$queryRaw<{ partition: string }[]>`
      INSERT INTO api_requests ("at", "requestId", "keyId", "keyPracticeGroupId", "method", "route", "status", "durationMs", "patientIds")
      VALUES ('1999-03-01', 'unpartitioned', ${keyId}::uuid, ${practice.id}::uuid, 'GET', '/practice-groups', 200, 1, '{}')
      RETURNING tableoid::regclass::text AS partition`;
    expect(partition).toBe("api_requests_default");
    // A fixed today: with the real one, a later year would drop the months other tests of this
    // database write (May and June 2026) and break this file's own assertion below.
    const { dropped } = await pruneLedger(400, new Date(Date.UTC(2026, 11, 1)), PRUNE_LOCK);
    expect(dropped).toContain("api_requests_2019_01");
    expect(dropped.every((name) => name < "api_requests_2025_10")).toBe(true);
    const rows = await rowsOf(keyId);
    expect(rows.map((row) => row.requestId)).not.toContain("old");
    expect(rows.map((row) => row.requestId)).not.toContain("unpartitioned");
    expect(rows).toHaveLength(1);
  });

  it("forgets which patients a key touched with the ledger rows that said so: a pair past the retention period, and every pair of a key unused since", async () => {
    const { practice, keyId } = await calledPartnerKey();
    const [kept, forgotten] = [await createPatient(practice.id), await createPatient(practice.id)];
    const touch = (patientId: string, at: Date) => recordRequest(ledgerEntry({ keyId, actingPracticeGroupId: practice.id, patientIds: [patientId], at }));
    const now = new Date(Date.UTC(2026, 11, 1));
    touch(forgotten.id, new Date(Date.UTC(2025, 0, 10)));
    touch(kept.id, new Date(Date.UTC(2025, 0, 10)));
    await flushLedger();
    // A later touch moves the pair's date on (the writer keeps the latest, to the day).
    touch(kept.id, new Date(Date.UTC(2026, 10, 20)));
    await flushLedger();
    expect((await keyUsage([keyId])).get(keyId)?.patients).toBe(2);
    await pruneLedger(400, now, PRUNE_LOCK);
    const pairs = await prisma.$queryRaw<{ patientId: string }[]>`SELECT "patientId" FROM api_key_patients WHERE "keyId" = ${keyId}::uuid`;
    expect(pairs.map((pair) => pair.patientId)).toEqual([kept.id]);

    // A key whose last use is past the cutoff keeps no pair, whatever their dates say (pairs from before they had one).
    await prisma.$executeRaw`UPDATE api_key_usage SET "lastAt" = '2025-01-10' WHERE "keyId" = ${keyId}::uuid`;
    await pruneLedger(400, now, PRUNE_LOCK);
    expect((await keyUsage([keyId])).get(keyId)?.patients).toBe(0);

    // What the dashboard says of a key older than the ledger keeps: its patients since the cutoff.
    await prisma.apiKey.update({ where: { id: keyId }, data: { createdAt: new Date(Date.UTC(2024, 0, 1)) } });
    const usage = (await keyUsage([keyId], now)).get(keyId);
    expect(usage?.patientsSince).toEqual(new Date(now.getTime() - 400 * 86_400_000));
    expect(describeUsage(usage, (date) => date.toISOString().slice(0, 10))).toMatch(
      /this key made \d+ requests?; since 27 Oct 2025 it touched 0 patients; last used 2025-01-10\.$/,
    );
  });

  it("makes a month's partition even when rows of that month already sit in the default partition (written before the month was made): they move into it", async () => {
    const { practice, keyId } = await calledPartnerKey();
    // A month no migration made and no server has made yet: a write in a transaction lands in the default partition.
    const at = new Date(Date.UTC(2031, 1, 10));
    await prisma.$executeRaw`
      INSERT INTO api_requests ("at", "requestId", "keyId", "keyPracticeGroupId", "method", "route", "status", "durationMs", "patientIds")
      VALUES (${at}, 'before-the-month', ${keyId}::uuid, ${practice.id}::uuid, 'GET', '/practice-groups', 200, 1, '{}')`;
    try {
      recordRequest(ledgerEntry({ keyId, actingPracticeGroupId: practice.id, requestId: "once-made", at }));
      expect(await flushLedger()).toBeGreaterThanOrEqual(1);
      const rows = await prisma.$queryRaw<{ requestId: string; partition: string }[]>`
        SELECT "requestId", tableoid::regclass::text AS partition FROM api_requests WHERE "keyId" = ${keyId}::uuid AND "at" = ${at} ORDER BY 1`;
      expect(rows).toEqual([
        { requestId: "before-the-month", partition: "api_requests_2031_02" },
        { requestId: "once-made", partition: "api_requests_2031_02" },
      ]);
    } finally {
      await prisma.$executeRawUnsafe(`DROP TABLE IF EXISTS "api_requests_2031_02"`);
      await prisma.$executeRaw`DELETE FROM api_requests_default WHERE "keyId" = ${keyId}::uuid`;
    }
  });

  it("two servers making the same month at once both succeed (one waits for the other), where they deadlocked", async () => {
    const at = new Date(Date.UTC(2032, 0, 5));
    try {
      const made = await Promise.allSettled([ensureLedgerPartitions(at), ensureLedgerPartitions(at), ensureLedgerPartitions(at)]);
      expect(made.map((result) => (result.status === "rejected" ? String(result.reason) : "made"))).toEqual(["made", "made", "made"]);
      const [{ count }] = await prisma.$queryRaw<{ count: number }[]>`
        SELECT count(*)::int AS count FROM pg_class WHERE relname IN ('api_requests_2032_01', 'api_requests_2032_02')`;
      expect(count).toBe(2);
    } finally {
      await prisma.$executeRawUnsafe(`DROP TABLE IF EXISTS "api_requests_2032_01", "api_requests_2032_02"`);
    }
  });

  it("keeps a month it could not drop at once (the ledger being read) for the next run, so the API's writes never queue behind the drop", async () => {
    const { practice, keyId } = await calledPartnerKey();
    recordRequest(ledgerEntry({ keyId, actingPracticeGroupId: practice.id, requestId: "while-read", at: new Date(Date.UTC(2018, 5, 15)) }));
    await flushLedger();
    const now = new Date(Date.UTC(2026, 11, 1));
    const quick = { lockWaitMs: 100, tries: 2, pauseMs: 10 };
    // A long read of the whole ledger (an export, a backup) holds it against a DROP.
    const reader = await sqlPool().connect();
    try {
      await reader.query("BEGIN");
      await reader.query(`SELECT count(*) FROM api_requests WHERE "requestId" = 'while-read'`);
      const busy = await pruneLedger(400, now, quick);
      expect(busy.kept).toContain("api_requests_2018_06");
      expect(busy.dropped).not.toContain("api_requests_2018_06");
      // Nothing of the prune still waits for the lock: a write goes through while the read goes on.
      recordRequest(ledgerEntry({ keyId, actingPracticeGroupId: practice.id, requestId: "during-read" }));
      expect(await flushLedger()).toBeGreaterThanOrEqual(1);
    } finally {
      await reader.query("COMMIT");
      reader.release();
    }
    const later = await pruneLedger(400, now, PRUNE_LOCK);
    expect(later.dropped).toContain("api_requests_2018_06");
    expect((await rowsOf(keyId)).map((row) => row.requestId)).toEqual(expect.arrayContaining(["during-read"]));
  });

  it("records the 429s the middleware answers for a known key, by its hash, and nothing for a made-up key", async () => {
    const { key, practice } = await partnerKey();
    const made = generateKey("test");
    // A limit of 2 for these keys only (the registry the middleware reads).
    setRateLimitOverrides(
      new Map([
        [`key:${keyHashOf(key)}`, 2],
        [`key:${keyHashOf(made)}`, 2],
      ]),
    );
    const guard = (presented: string) =>
      guardApiRequest(new Request("http://localhost/api/v1/appointments/x", { headers: { "x-api-key": presented, "x-practice-group-id": practice.id } }));
    const answers = [];
    for (const presented of [key, key, key, made, made]) answers.push(await guard(presented));
    // The made-up key's 429 (a valid checksum, no such key) waits to be written by its hash, like any refusal.
    const waiting = waitingLedgerRows();
    answers.push(await guard(made));
    expect(waitingLedgerRows()).toBe(waiting + 1);
    setRateLimitOverrides(new Map());
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 429, 200, 200, 429]);
    const madeUpRefusal = answers[5].headers.get("x-request-id");
    expect(madeUpRefusal).toBeTruthy();
    // The writer finds no key for the hash and drops the row.
    await flushLedger();
    expect(await prisma.$queryRaw<unknown[]>`SELECT 1 FROM api_requests WHERE "requestId" = ${madeUpRefusal}`).toEqual([]);
    const rows = await rowsOf(await keyIdOf(practice.id));
    expect(rows.map((row) => [row.method, row.route, row.status, row.errorCode])).toEqual([["GET", "/appointments/{id}", 429, "rate_limit_exceeded"]]);
  });

  it("reads a key report's days as UK days, as its times are shown: 00:30 on 2 June (BST) is in 2 June's report", async () => {
    const { practice, admin } = await partnerKey();
    const keyId = await keyIdOf(practice.id);
    const at = (iso: string) => {
      const requestId = `${iso}-${randomUUID()}`;
      recordRequest(ledgerEntry({ keyId, actingPracticeGroupId: practice.id, requestId, at: new Date(iso) }));
      return requestId;
    };
    const firstJune = at("2026-05-31T23:30:00Z");
    const secondJune = at("2026-06-01T23:30:00Z");
    await flushLedger();
    const requestIds = async (from: string, to: string) => (await keyReport(admin, keyId, parseKeyReportRange({ from, to })))?.rows.map((row) => row.requestId);
    expect(await requestIds("2026-06-01", "2026-06-01")).toEqual([firstJune]);
    expect(await requestIds("2026-06-02", "2026-06-02")).toEqual([secondJune]);
    // Thirty days back from early in year 1000 leaves the days it reads: the range is that one day, never an unbounded one.
    expect(parseKeyReportRange({ to: "1000-01-05" })).toEqual({ from: "1000-01-05", to: "1000-01-05" });
  });

  it("reports one key's requests and patients in a date range, as CSV too, to its practice's admins and to super admins only", async () => {
    const { key, practice, admin } = await partnerKey();
    const patient = await createPatient(practice.id);
    await call(
      book,
      apiRequest("/appointments", {
        key,
        practiceGroupId: practice.id,
        method: "POST",
        body: { slot_id: (await createSlot(practice.id)).id, patient_id: patient.id },
      }),
    );
    await call(listAppointments, apiRequest("/appointments", { key, practiceGroupId: practice.id }));
    await flushLedger();
    const keyId = await keyIdOf(practice.id);
    const today = parseKeyReportRange({});

    const report = await keyReport(admin, keyId, today);
    expect(report?.rows.map((row) => [row.method, row.route])).toEqual([
      ["GET", "/appointments"],
      ["POST", "/appointments"],
    ]);
    expect(report?.patients).toEqual([{ id: patient.id, practice: practice.name, name: "Test Patient", nhsNumber: patient.nhsNumber }]);
    const csv = keyReportCsv(report!).trim().split("\r\n");
    expect(csv).toHaveLength(3);
    expect(csv[1]).toContain(patient.id);
    // A CSV cut at KEY_REPORT_MAX_ROWS says so in its last line.
    expect(
      keyReportCsv({ ...report!, requests: 10_001 })
        .trim()
        .split("\r\n")
        .at(-1),
    ).toBe('"Only the latest 2 of 10,001 requests: narrow the dates (From, To) to export the rest."');

    expect((await keyReport(admin, keyId, { from: "2020-01-01", to: "2020-01-31" }))?.rows).toEqual([]);
    const other = await createPracticeGroup("other");
    const strangers = [
      { practiceGroupId: other.id, role: "PRACTICE_ADMIN" },
      { practiceGroupId: practice.id, role: "STAFF" },
    ];
    for (const viewer of strangers) expect(await keyReport(viewer, keyId, today)).toBeNull();
    const hero = await keyReport({ practiceGroupId: other.id, role: "SUPER_ADMIN" }, keyId, today);
    expect(hero?.rows).toHaveLength(2);

    // Hero support saw the practice's patients: the practice's Activity says so. Its own admin's views are not recorded.
    const superAdmin = await createUser(other.id, "SUPER_ADMIN");
    await recordReportView(superAdmin, hero!, today, "csv");
    await recordReportView(admin, report!, today, "page");
    const events = await prisma.auditEvent.findMany({ where: { practiceGroupId: practice.id, action: "api_key.report_viewed" } });
    expect(events.map((event) => [event.actorName, event.actorUserId, event.targetId, event.metadata])).toEqual([
      ["Hero support", superAdmin.id, keyId, { from: today.from, to: today.to, format: "csv", patients: 1 }],
    ]);
    // Today is the UK's day: at 23:30 UTC in summer it is already tomorrow (the UTC date failed here every BST night).
    expect(parseKeyReportRange({ from: "2026-13-40", to: "x" }, new Date("2026-07-01T23:30:00Z")).to).toBe("2026-07-02");
    // Days PostgreSQL cannot hold, or no calendar has, are not taken either: the report answers, it does not fail.
    expect(parseKeyReportRange({ from: "2026-02-31", to: "2026-03-01" })).toEqual({ from: "2026-01-31", to: "2026-03-01" });
    for (const range of [{ to: "9999-12-31" }, { from: "0000-01-01" }]) {
      const parsed = parseKeyReportRange(range);
      expect(parsed).toEqual(today);
      expect((await keyReport(admin, keyId, parsed))?.rows).toHaveLength(2);
    }
  });

  it("records Hero support's view of a key report for every practice whose patients it lists (a key acting for a hub)", async () => {
    const { key, practice } = await partnerKey();
    const hub = await createPracticeGroup("hub");
    await createNetwork([practice.id, hub.id]);
    const hubPatient = await createPatient(hub.id);
    const body = { slot_id: (await createSlot(hub.id)).id, patient_id: hubPatient.id };
    expect((await call(book, apiRequest("/appointments", { key, practiceGroupId: hub.id, method: "POST", body }))).status).toBe(201);
    await flushLedger();
    const keyId = await keyIdOf(practice.id);
    const today = parseKeyReportRange({});
    const superAdmin = await createUser((await createPracticeGroup("hero")).id, "SUPER_ADMIN");
    await recordReportView(superAdmin, (await keyReport(superAdmin, keyId, today))!, today, "page");
    const events = await prisma.auditEvent.findMany({ where: { action: "api_key.report_viewed", targetId: keyId } });
    expect(new Map(events.map((event) => [event.practiceGroupId, (event.metadata as { patients: number }).patients]))).toEqual(
      new Map([
        [practice.id, 0],
        [hub.id, 1],
      ]),
    );
  });

  it("records the view of a super admin who belongs to the key's own practice too (the demo's super admin is at Riverside)", async () => {
    const { practice } = await partnerKey();
    const keyId = await keyIdOf(practice.id);
    const today = parseKeyReportRange({});
    const superAdmin = await createUser(practice.id, "SUPER_ADMIN");
    await recordReportView(superAdmin, (await keyReport(superAdmin, keyId, today))!, today, "page");
    const events = await prisma.auditEvent.findMany({ where: { action: "api_key.report_viewed", targetId: keyId } });
    expect(events.map((event) => [event.practiceGroupId, event.actorName, event.actorUserId])).toEqual([[practice.id, "Hero support", superAdmin.id]]);
  });

  it("records a write in the transaction of the change: there before any flush; a refused write is recorded after it", async () => {
    const { key, practice } = await partnerKey();
    const headers = { key, practiceGroupId: practice.id };
    const [patient, other] = [await createPatient(practice.id), await createPatient(practice.id)];
    const slot = await createSlot(practice.id);
    const booked = await call(book, apiRequest("/appointments", { ...headers, method: "POST", body: { slot_id: slot.id, patient_id: patient.id } }));
    expect(booked.status).toBe(201);
    const keyId = await keyIdOf(practice.id);
    const unflushed = await prisma.$queryRaw<Row[]>`SELECT "requestId", route, status, "patientIds" FROM api_requests WHERE "keyId" = ${keyId}::uuid`;
    expect(unflushed).toEqual([{ requestId: booked.headers.get("x-request-id"), route: "/appointments", status: 201, patientIds: [patient.id] }]);

    const taken = await call(book, apiRequest("/appointments", { ...headers, method: "POST", body: { slot_id: slot.id, patient_id: other.id } }));
    expect(taken.status).toBe(409);
    expect((await rowsOf(keyId)).map((row) => [row.status, row.errorCode])).toEqual([
      [201, null],
      [409, "slot_unavailable"],
    ]);
  });
  it("shows a patient's newest 200 accesses, however far back they go: today's, then the month's, then older ones", async () => {
    const { practice } = await partnerKey();
    const keyId = await keyIdOf(practice.id);
    const [polled, rare] = [await createPatient(practice.id), await createPatient(practice.id)];
    const now = Date.now();
    const record = (patientId: string, requestId: string, msAgo: number) =>
      recordRequest(ledgerEntry({ at: new Date(now - msAgo), requestId, keyId, actingPracticeGroupId: practice.id, patientIds: [patientId] }));
    const DAY = 86_400_000;
    // 150 today and 100 ten days ago: the newest 200 span both periods.
    for (let i = 0; i < 150; i++) record(polled.id, `today-${i}`, 60_000 + i * 1000);
    for (let i = 0; i < 100; i++) record(polled.id, `tenth-${i}`, 10 * DAY + i * 1000);
    // Three accesses, the newest 200 days ago.
    for (let i = 0; i < 3; i++) record(rare.id, `old-${i}`, 200 * DAY + i * 1000);
    await flushLedger();

    const history = await patientAccessHistory(practice.id, polled.id);
    const ids = history.state === "found" ? history.rows.map((row) => row.requestId) : [];
    expect(ids).toHaveLength(PATIENT_HISTORY_ROWS);
    expect(ids.slice(148, 152)).toEqual(["today-148", "today-149", "tenth-0", "tenth-1"]);
    expect(ids.at(-1)).toBe("tenth-49");
    expect(await patientAccessHistory(practice.id, rare.id)).toMatchObject({ rows: [{ requestId: "old-0" }, { requestId: "old-1" }, { requestId: "old-2" }] });
  });

  it("lists a partner's requests 50 a page, newest first, filtered by outcome, endpoint and patient", async () => {
    const { practice, partner, keyId } = await calledPartnerKey();
    const patient = await createPatient(practice.id);
    const base = Date.now() - 3_600_000;
    const row = (i: number, method: string, route: string, status: number, patientIds: string[] = []) =>
      recordRequest(
        ledgerEntry({
          at: new Date(base + i * 1000),
          requestId: `page-${i}`,
          keyId,
          actingPracticeGroupId: practice.id,
          method,
          route,
          status,
          errorCode: status === 404 ? "not_found" : null,
          patientIds,
        }),
      );
    for (let i = 0; i < 40; i++) row(i, "GET", "/slots", 200);
    for (let i = 40; i < 50; i++) row(i, "GET", "/appointments/{id}", 404);
    for (let i = 50; i < 55; i++) row(i, "POST", "/appointments", 201, [patient.id]);
    await flushLedger();

    const day = periodBounds("day").since;
    const first = await partnerRequests(practice.id, partner.id, day);
    expect(first.items).toHaveLength(50);
    // The practice-groups call is the newest; then the rows made here, newest first.
    expect(first.items.slice(1, 3).map((item) => item.requestId)).toEqual(["page-54", "page-53"]);
    const { filters } = await readRequestFilters(practice.id, { cursor: first.nextCursor! });
    const second = await partnerRequests(practice.id, partner.id, day, filters);
    expect(second.nextCursor).toBeNull();
    // 55 made here and the practice-groups call: each once, across the two pages.
    const ids = [...first.items, ...second.items].map((item) => item.requestId);
    expect(new Set(ids).size).toBe(56);

    const only = async (params: Record<string, string>) =>
      (await partnerRequests(practice.id, partner.id, day, (await readRequestFilters(practice.id, params)).filters)).items.map((item) => item.requestId);
    expect(await only({ outcome: "refused" })).toEqual(Array.from({ length: 10 }, (_, i) => `page-${49 - i}`));
    expect(await only({ endpoint: "POST /appointments" })).toEqual(["page-54", "page-53", "page-52", "page-51", "page-50"]);
    expect(await only({ patient: patient.id, outcome: "succeeded" })).toHaveLength(5);
    expect(await only({ patient: patient.id, outcome: "refused" })).toEqual([]);
    // The list covers the chosen period only: the last ten made here, and the practice-groups call.
    expect((await partnerRequests(practice.id, partner.id, new Date(base + 45_000))).items).toHaveLength(11);
    expect((await readRequestFilters(practice.id, { patient: patient.id })).values.patient).toBe(patient.id);
    expect((await readRequestFilters(practice.id, { patient: "123" })).patient.state).toBe("unknown");
    expect((await readRequestFilters(practice.id, { patient: (await createPatient((await createPracticeGroup("other")).id)).id })).patient.state).toBe(
      "unknown",
    );
    // An NHS number in the address is not read: the pages never put one there.
    expect((await readRequestFilters(practice.id, { nhs: patient.nhsNumber })).filters.patientId).toBeUndefined();
    // What cannot be read is dropped, not trusted.
    expect((await readRequestFilters(practice.id, { outcome: "x", endpoint: "GET /nope", cursor: "!!" })).filters).toEqual({
      outcome: undefined,
      endpoint: undefined,
      patientId: undefined,
      cursor: undefined,
    });
    // Nor are the names every object answers to: a shared link with one falls back to the default.
    for (const name of ["constructor", "toString", "__proto__"]) {
      expect((await readRequestFilters(practice.id, { outcome: name })).filters.outcome).toBeUndefined();
      expect(parseActivityPeriod(name)).toBe("day");
    }
  });
});
