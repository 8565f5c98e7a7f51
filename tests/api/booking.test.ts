// Booking against real PostgreSQL: one booking per slot under concurrency (the partial unique
// index decides), cancelling frees the slot, which patients a cross-organisational call may use.
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";

import { DELETE as cancel, GET as getAppointment } from "@/app/api/v1/appointments/[id]/route";
import { POST as book, GET as listAppointments } from "@/app/api/v1/appointments/route";
import { GET as listSlots } from "@/app/api/v1/slots/route";
import { verifyApiKey } from "@/lib/api-keys";
import { holdCaller } from "@/lib/api/auth";
import { bookAppointment } from "@/lib/booking";
import { prisma, type Tx } from "@/lib/db";
import { flushLedger } from "@/lib/ledger";

import { backendPid, waitForLockWaiter } from "../support/locks";
import { createNetwork, createPatient, createPracticeGroup, createSlot } from "../support/records";
import { apiRequest, call, partnerKey } from "./helpers";

afterAll(() => prisma.$disconnect());

async function bookingPractice() {
  const setup = await partnerKey(["booking"]);
  return { ...setup, patient: await createPatient(setup.practice.id), slot: await createSlot(setup.practice.id) };
}

describe("booking a slot", () => {
  it("twenty concurrent bookings of one slot: exactly one succeeds, the others are slot_unavailable", async () => {
    const { key, practice, slot } = await bookingPractice();
    const patients = await Promise.all(Array.from({ length: 20 }, () => createPatient(practice.id)));
    const results = await Promise.all(
      patients.map((patient) =>
        call(book, apiRequest("/appointments", { key, practiceGroupId: practice.id, method: "POST", body: { slot_id: slot.id, patient_id: patient.id } })),
      ),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409 && r.body.error === "slot_unavailable")).toHaveLength(19);
    expect(await prisma.appointment.count({ where: { slotId: slot.id, status: "BOOKED" } })).toBe(1);
  });

  it("the same holds for the lib function called directly", async () => {
    const { key, practice, slot, patient } = await bookingPractice();
    const verified = await verifyApiKey(key);
    if (!verified.ok) throw new Error(`The test's key did not verify: ${verified.reason}`);
    const scope = {
      actingPracticeGroupId: practice.id,
      keyPracticeGroupId: practice.id,
      keyId: verified.key.id,
      hold: (tx: Tx) => holdCaller(tx, { key: verified.key, scope: "booking", practiceGroupId: practice.id }),
    };
    const outcomes = await Promise.allSettled(Array.from({ length: 20 }, () => bookAppointment(scope, { slot_id: slot.id, patient_id: patient.id })));
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    for (const outcome of outcomes) if (outcome.status === "rejected") expect(outcome.reason).toMatchObject({ kind: "slot_unavailable" });
  });

  it("books by NHS number, lists it, and cancelling frees the slot for another booking", async () => {
    const { key, practice, slot, patient } = await bookingPractice();
    const headers = { key, practiceGroupId: practice.id };
    const booked = await call(book, apiRequest("/appointments", { ...headers, method: "POST", body: { slot_id: slot.id, nhs_number: patient.nhsNumber } }));
    expect(booked.status).toBe(201);
    expect(booked.body.data).toMatchObject({ slot_id: slot.id, patient_id: patient.id, status: "booked", practice_group_id: practice.id, cancelled_at: null });

    const free = await call(listSlots, apiRequest("/slots", headers));
    expect(free.body.data.map((s: { id: string }) => s.id)).not.toContain(slot.id);

    const id = booked.body.data.id;
    expect((await call(getAppointment, apiRequest(`/appointments/${id}`, headers), { id })).body.data.id).toBe(id);
    const cancelled = await call(cancel, apiRequest(`/appointments/${id}`, { ...headers, method: "DELETE" }), { id });
    expect(cancelled.body.data).toMatchObject({ status: "cancelled" });
    const again = await call(cancel, apiRequest(`/appointments/${id}`, { ...headers, method: "DELETE" }), { id });
    expect(again.body.data.cancelled_at).toBe(cancelled.body.data.cancelled_at);

    expect((await call(listSlots, apiRequest("/slots", headers))).body.data.map((s: { id: string }) => s.id)).toContain(slot.id);
    expect((await call(book, apiRequest("/appointments", { ...headers, method: "POST", body: { slot_id: slot.id, patient_id: patient.id } }))).status).toBe(
      201,
    );

    const cancelledOnly = await call(listAppointments, apiRequest("/appointments", { ...headers, query: "?status=cancelled" }));
    expect(cancelledOnly.body.data.map((a: { id: string }) => a.id)).toEqual([id]);
  });

  it.each([
    ["a slot of another practice", "other-slot", 404, "not_found"],
    ["a slot that has started", "past-slot", 409, "slot_unavailable"],
    ["an unknown patient", "unknown-patient", 404, "not_found"],
    ["both patient_id and nhs_number", "both", 400, "invalid_request"],
    ["no patient", "none", 400, "invalid_request"],
  ])("refuses %s", async (_, variant, status, error) => {
    const { key, practice, slot, patient } = await bookingPractice();
    const other = await createPracticeGroup();
    const bodies: Record<string, object> = {
      "other-slot": { slot_id: (await createSlot(other.id)).id, patient_id: patient.id },
      "past-slot": { slot_id: (await createSlot(practice.id, -60_000)).id, patient_id: patient.id },
      "unknown-patient": { slot_id: slot.id, patient_id: "6f1c3b1e-8d2a-4c55-9a57-0e2f3b4c5d6e" },
      both: { slot_id: slot.id, patient_id: patient.id, nhs_number: patient.nhsNumber },
      none: { slot_id: slot.id },
    };
    const result = await call(book, apiRequest("/appointments", { key, practiceGroupId: practice.id, method: "POST", body: bodies[variant] }));
    expect({ status: result.status, error: result.body.error }).toEqual({ status, error });
  });

  it("a slot that starts while its booking waits (here for the caller's lock) is refused, not booked after it started", async () => {
    const { key, practice, patient } = await bookingPractice();
    // Room for a busy machine's set-up before the lock is taken; then the wait outlasts the start.
    const slot = await createSlot(practice.id, 2_500);
    const { id: connectionId } = await prisma.partnerConnection.findFirstOrThrow({ where: { practiceGroupId: practice.id } });
    const blocker = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await blocker.connect();
    try {
      await blocker.query("BEGIN");
      await blocker.query(`SELECT 1 FROM partner_connections WHERE id = $1 FOR UPDATE`, [connectionId]);
      const booking = call(
        book,
        apiRequest("/appointments", { key, practiceGroupId: practice.id, method: "POST", body: { slot_id: slot.id, patient_id: patient.id } }),
      );
      await waitForLockWaiter(await backendPid(blocker));
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, slot.startsAt.getTime() - Date.now() + 100)));
      await blocker.query("COMMIT");
      const result = await booking;
      expect({ status: result.status, error: result.body.error }).toEqual({ status: 409, error: "slot_unavailable" });
    } finally {
      await blocker.end();
    }
    expect(await prisma.appointment.count({ where: { slotId: slot.id } })).toBe(0);
  });

  it("an appointment that has already started cannot be cancelled: 409 slot_unavailable, and it stays booked", async () => {
    const { key, practice, patient } = await bookingPractice();
    const started = await createSlot(practice.id, -600_000);
    const appointment = await prisma.appointment.create({ data: { practiceGroupId: practice.id, slotId: started.id, patientId: patient.id } });
    const id = appointment.id;
    const result = await call(cancel, apiRequest(`/appointments/${id}`, { key, practiceGroupId: practice.id, method: "DELETE" }), { id });
    expect({ status: result.status, error: result.body.error }).toEqual({ status: 409, error: "slot_unavailable" });
    expect((await prisma.appointment.findUniqueOrThrow({ where: { id } })).status).toBe("BOOKED");
    await flushLedger();
    const [row] = await prisma.$queryRaw<
      { patientIds: string[] }[]
    >`SELECT "patientIds" FROM api_requests WHERE "requestId" = ${result.headers.get("x-request-id")}`;
    expect(row.patientIds).toEqual([patient.id]);
  });

  it("another practice's appointment is not found, even by id", async () => {
    const mine = await bookingPractice();
    const theirs = await bookingPractice();
    const booked = await call(
      book,
      apiRequest("/appointments", {
        key: theirs.key,
        practiceGroupId: theirs.practice.id,
        method: "POST",
        body: { slot_id: theirs.slot.id, patient_id: theirs.patient.id },
      }),
    );
    const id = booked.body.data.id;
    for (const handler of [getAppointment, cancel]) {
      const result = await call(handler, apiRequest(`/appointments/${id}`, { key: mine.key, practiceGroupId: mine.practice.id }), { id });
      expect({ status: result.status, error: result.body.error }).toEqual({ status: 404, error: "not_found" });
    }
    expect((await prisma.appointment.findUniqueOrThrow({ where: { id } })).status).toBe("BOOKED");
  });
});

describe("cross-organisational booking at a network hub", () => {
  it("books the key's own patients and the hub's into the hub's slots, never a third practice's", async () => {
    const { key, practice } = await partnerKey(["booking"]);
    const hub = await createPracticeGroup("hub");
    const third = await createPracticeGroup("third");
    await createNetwork([practice.id, hub.id, third.id]);
    const headers = { key, practiceGroupId: hub.id, method: "POST" };

    const own = await call(
      book,
      apiRequest("/appointments", { ...headers, body: { slot_id: (await createSlot(hub.id)).id, patient_id: (await createPatient(practice.id)).id } }),
    );
    expect(own.status).toBe(201);
    expect(own.body.data.practice_group_id).toBe(hub.id);
    const hubs = await call(
      book,
      apiRequest("/appointments", { ...headers, body: { slot_id: (await createSlot(hub.id)).id, patient_id: (await createPatient(hub.id)).id } }),
    );
    expect(hubs.status).toBe(201);
    const thirds = await call(
      book,
      apiRequest("/appointments", { ...headers, body: { slot_id: (await createSlot(hub.id)).id, patient_id: (await createPatient(third.id)).id } }),
    );
    expect({ status: thirds.status, error: thirds.body.error }).toEqual({ status: 404, error: "not_found" });

    // Acting for the hub shows the hub's slots, not the key's own practice's.
    const ownSlot = await createSlot(practice.id);
    const hubSlot = await createSlot(hub.id);
    const slots = await call(listSlots, apiRequest("/slots", { key, practiceGroupId: hub.id }));
    expect(slots.body.data.every((s: { practice_group_id: string }) => s.practice_group_id === hub.id)).toBe(true);
    expect(slots.body.data.map((s: { id: string }) => s.id)).toContain(hubSlot.id);
    expect(slots.body.data.map((s: { id: string }) => s.id)).not.toContain(ownSlot.id);
  });
});

describe("free slots", () => {
  it("pages through a range with limit and cursor, earliest first, without gaps or repeats", async () => {
    const { key, practice } = await partnerKey(["booking"]);
    const slots = [];
    for (let hour = 1; hour <= 5; hour++) slots.push(await createSlot(practice.id, hour * 3_600_000));
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `?limit=2${cursor ? `&cursor=${cursor}` : ""}`;
      const page = await call(listSlots, apiRequest("/slots", { key, practiceGroupId: practice.id, query }));
      expect(page.status).toBe(200);
      seen.push(...page.body.data.map((s: { id: string }) => s.id));
      cursor = page.body.next_cursor;
    } while (cursor);
    expect(seen).toEqual(slots.map((s) => s.id));
  });

  it("never lists a slot that has already started, whatever from says: it could not be booked", async () => {
    const { key, practice } = await partnerKey(["booking"]);
    await createSlot(practice.id, -3_600_000);
    const later = await createSlot(practice.id, 3_600_000);
    const from = new Date(Date.now() - 86_400_000).toISOString();
    const page = await call(listSlots, apiRequest("/slots", { key, practiceGroupId: practice.id, query: `?from=${encodeURIComponent(from)}` }));
    expect(page.body.data.map((s: { id: string }) => s.id)).toEqual([later.id]);
  });

  it("searches the last week of year 9999 without a to: the default end stops at the last instant the database holds (a 500 before)", async () => {
    const { key, practice } = await partnerKey(["booking"]);
    const result = await call(listSlots, apiRequest("/slots", { key, practiceGroupId: practice.id, query: "?from=9999-12-31T00:00:00Z" }));
    expect([result.status, result.body]).toEqual([200, { data: [], next_cursor: null }]);
  });

  it("takes a whole UK month as a range, October too, which is 31 days and an hour long", async () => {
    const { key, practice } = await partnerKey(["booking"]);
    const query = `?from=${encodeURIComponent("2030-10-01T00:00:00+01:00")}&to=2030-11-01T00:00:00Z`;
    expect((await call(listSlots, apiRequest("/slots", { key, practiceGroupId: practice.id, query }))).status).toBe(200);
    const longer = `?from=${encodeURIComponent("2030-10-01T00:00:00+01:00")}&to=2030-11-01T00:00:00.001Z`;
    expect((await call(listSlots, apiRequest("/slots", { key, practiceGroupId: practice.id, query: longer }))).status).toBe(400);
  });

  it.each([
    ["?from=yesterday", "from"],
    ["?from=2030-01-10T00:00:00Z&to=2030-01-01T00:00:00Z", "to"],
    ["?from=2030-01-01T00:00:00Z&to=2030-03-01T00:00:00Z", "to"],
    ["?limit=0", "limit"],
    ["?limit=101", "limit"],
    ["?cursor=bm90LWEtY3Vyc29y", "cursor"],
    // Dates JavaScript and the schema's format accept but PostgreSQL cannot hold: a 500 before.
    ["?from=0000-12-31T00:00:00Z", "from"],
    ["?from=0001-01-01T00:00:00%2B01:00", "from"],
  ])("refuses %s with a field error on %s", async (query, field) => {
    const { key, practice } = await partnerKey(["booking"]);
    const result = await call(listSlots, apiRequest("/slots", { key, practiceGroupId: practice.id, query }));
    expect(result.status).toBe(400);
    expect(result.body.error).toBe("invalid_request");
    expect(Object.keys(result.body.fields)).toContain(field);
  });
});
