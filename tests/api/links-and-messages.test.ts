// Booking links and messages through their route handlers against real PostgreSQL: good input,
// each kind of bad input, pagination, and isolation between practice groups.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";

import { GET as getLink, DELETE as stopLink } from "@/app/api/v1/booking-links/[id]/route";
import { POST as createLink, GET as listLinks } from "@/app/api/v1/booking-links/route";
import { GET as getMessage } from "@/app/api/v1/messages/[id]/route";
import { GET as listMessages, POST as sendMessage } from "@/app/api/v1/messages/route";
import { BookingConfirmation } from "@/components/booking/booking-confirmation";
import { prisma } from "@/lib/db";
import { flushLedger } from "@/lib/ledger";
import { MAX_BODY_BYTES, MESSAGE_MAX_LENGTH } from "@/lib/limits";
import { setPartnerSuspended } from "@/lib/partner-admin";
import { disconnectPartner, rotatePartnerKey } from "@/lib/partners";
import { bookedAppointmentIcs, bookThroughLink, viewBookingLink } from "@/lib/patient-booking";

import { hookQueries } from "../support/query-hook";
import { actorOf, createPatient, createSlot } from "../support/records";
import { apiRequest, call, partnerKey } from "./helpers";

afterAll(() => prisma.$disconnect());
afterEach(() => vi.unstubAllEnvs());

async function practiceWithPatient() {
  const setup = await partnerKey(["booking_links", "messaging"]);
  // Yesterday's: the practice offers GP consultations, and no slot is free to book.
  await createSlot(setup.practice.id, -86_400_000);
  return { ...setup, patient: await createPatient(setup.practice.id) };
}

/** POST /booking-links with `setup`'s key, for its practice. */
const postLink = (setup: { key: string; practice: { id: string } }, body: object) =>
  call(createLink, apiRequest("/booking-links", { key: setup.key, practiceGroupId: setup.practice.id, method: "POST", body }));

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

describe("booking links", () => {
  it("creates a link that expires in 7 days by default, and reads it back alone and in the list", async () => {
    const { key, practice, patient } = await practiceWithPatient();
    const headers = { key, practiceGroupId: practice.id };
    const created = await call(
      createLink,
      apiRequest("/booking-links", { ...headers, method: "POST", body: { patient_id: patient.id, appointment_type: "GP consultation" } }),
    );
    expect(created.status).toBe(201);
    const link = created.body.data;
    expect(link).toMatchObject({ practice_group_id: practice.id, patient_id: patient.id, appointment_type: "GP consultation" });
    expect(link.url).toMatch(/\/book\/[A-Za-z0-9_-]{43}$/);
    expect(Date.parse(link.expires_at) - Date.parse(link.created_at)).toBe(7 * 86_400_000);

    expect((await call(getLink, apiRequest(`/booking-links/${link.id}`, headers), { id: link.id })).body.data).toEqual(link);
    expect((await call(listLinks, apiRequest("/booking-links", headers))).body).toEqual({ data: [link], next_cursor: null });
  });

  it("points the url at this deployment's own address, never at the address the request came in on", async () => {
    const setup = await practiceWithPatient();
    // Behind the proxy the request's address is an internal host, or the API's, which serves only /v1.
    const fromProxy = (path: string) =>
      apiRequest(path, {
        key: setup.key,
        practiceGroupId: setup.practice.id,
        method: "POST",
        body: { patient_id: setup.patient.id, appointment_type: "GP consultation" },
      });
    for (const [configured, origin] of [
      ["https://dashboard.example", "https://dashboard.example"],
      ["", "http://localhost:3000"],
    ]) {
      vi.stubEnv("NEXTAUTH_URL", configured);
      vi.stubEnv("PORT", "");
      const request = new Request(fromProxy("/booking-links").url.replace("http://localhost", "http://10.0.0.5:3000"), fromProxy("/booking-links"));
      const created = await call(createLink, request);
      expect(created.body.data.url).toMatch(new RegExp(`^${origin}/book/[A-Za-z0-9_-]{43}$`));
    }
  });

  it("keeps no copy of the link's token the database alone can read: the patient's link works, the list shows its url", async () => {
    const { key, practice, patient } = await practiceWithPatient();
    const headers = { key, practiceGroupId: practice.id };
    const created = await call(
      createLink,
      apiRequest("/booking-links", { ...headers, method: "POST", body: { patient_id: patient.id, appointment_type: "GP consultation" } }),
    );
    const { id, url } = created.body.data;
    const token = String(url).split("/book/")[1];
    const [row] = await prisma.$queryRaw<{ row: string }[]>`SELECT row_to_json(b)::text AS row FROM booking_links b WHERE id = ${id}::uuid`;
    expect(row.row).not.toContain(token);
    expect(await viewBookingLink(token)).toMatchObject({ state: "open" });
    expect((await call(getLink, apiRequest(`/booking-links/${id}`, headers), { id })).body.data.url).toBe(url);
  });

  it("shows a link's url (a patient's credential) only to the caller that made it, after Rotate API key too: another partner of the practice sees the link, url null", async () => {
    const maker = await practiceWithPatient();
    const other = await partnerKey(["booking_links"], maker.practice);
    const created = (await postLink(maker, { patient_id: maker.patient.id, appointment_type: "GP consultation" })).body.data;
    expect(created.url).toMatch(/\/book\//);

    const asOther = { key: other.key, practiceGroupId: maker.practice.id };
    const listed = await call(listLinks, apiRequest("/booking-links", asOther));
    expect(listed.body.data).toEqual([{ ...created, url: null }]);
    expect((await call(getLink, apiRequest(`/booking-links/${created.id}`, asOther), { id: created.id })).body.data).toEqual({ ...created, url: null });

    const { key: rotated } = await rotatePartnerKey({ practiceGroupId: maker.practice.id, partnerId: maker.partner.id, actor: actorOf(maker.admin) });
    const asMaker = { key: rotated, practiceGroupId: maker.practice.id };
    expect((await call(listLinks, apiRequest("/booking-links", asMaker))).body.data).toEqual([created]);
    // Stopping another caller's link is allowed (one sent to the wrong person), and still shows no url.
    const stopped = await call(stopLink, apiRequest(`/booking-links/${created.id}`, { ...asOther, method: "DELETE" }), { id: created.id });
    expect(stopped.status).toBe(200);
    expect(stopped.body.data.url).toBeNull();
  });

  it("lists a link whose url cannot be shown (no encrypted copy, one that does not decrypt, an API key's) with url null; its patient still books", async () => {
    const { key, practice, patient } = await practiceWithPatient();
    const headers = { key, practiceGroupId: practice.id };
    const create = () =>
      call(createLink, apiRequest("/booking-links", { ...headers, method: "POST", body: { patient_id: patient.id, appointment_type: "GP consultation" } }));
    const [before, foreign, copied] = [(await create()).body.data, (await create()).body.data, (await create()).body.data];
    await prisma.bookingLink.update({ where: { id: before.id }, data: { tokenEncrypted: null } });
    const other = (await prisma.bookingLink.findUniqueOrThrow({ where: { id: foreign.id } })).tokenEncrypted!.split(".");
    await prisma.bookingLink.update({
      where: { id: foreign.id },
      data: { tokenEncrypted: [other[0], other[1], Buffer.alloc(60).toString("base64url")].join(".") },
    });
    // Someone who can write to the database copies the practice's viewable partner key onto a link they can list.
    const apiKey = await prisma.apiKey.findFirstOrThrow({
      where: { practiceGroupId: practice.id, encryptedKey: { not: null } },
      select: { keyHash: true, encryptedKey: true },
    });
    await prisma.bookingLink.update({ where: { id: copied.id }, data: { tokenHash: apiKey.keyHash, tokenEncrypted: apiKey.encryptedKey } });

    const listed = await call(listLinks, apiRequest("/booking-links", headers));
    expect(listed.status).toBe(200);
    expect(listed.body.data.map((link: { id: string; url: string | null }) => [link.id, link.url])).toEqual([
      [copied.id, null],
      [foreign.id, null],
      [before.id, null],
    ]);
    const slot = await createSlot(practice.id);
    expect(await bookThroughLink(String(before.url).split("/book/")[1], slot.id)).toEqual({ ok: true });
  });

  it.each([
    ["a past expiry", { appointment_type: "GP consultation", expires_at: inDays(-1) }, "expires_at"],
    ["an expiry beyond 30 days", { appointment_type: "GP consultation", expires_at: inDays(31) }, "expires_at"],
    ["an expiry that is not a date", { appointment_type: "GP consultation", expires_at: "next week" }, "expires_at"],
    ["no appointment type", { appointment_type: "  " }, "appointment_type"],
    ["an unknown field", { appointment_type: "GP consultation", patientId: "x" }, "patientId"],
    ["an NHS number that is not 10 digits", { appointment_type: "GP consultation", nhs_number: "123" }, "nhs_number"],
    // 9990000018 with its last digit mistyped: said at the field, not a 404 for a patient not found.
    ["an NHS number whose check digit does not match", { appointment_type: "GP consultation", nhs_number: "9990000017" }, "nhs_number"],
  ])("refuses %s", async (_, body, field) => {
    const { key, practice, patient } = await practiceWithPatient();
    const withPatient = "nhs_number" in body ? body : { patient_id: patient.id, ...body };
    const result = await call(createLink, apiRequest("/booking-links", { key, practiceGroupId: practice.id, method: "POST", body: withPatient }));
    expect({ status: result.status, error: result.body.error }).toEqual({ status: 400, error: "invalid_request" });
    expect(Object.keys(result.body.fields)).toContain(field);
  });

  it("refuses an appointment type the practice has no slots of, naming the ones it has, and makes no link", async () => {
    const { key, practice, patient } = await practiceWithPatient();
    await createSlot(practice.id, 86_400_000, "Blood test");
    const create = (appointment_type: string) => postLink({ key, practice }, { patient_id: patient.id, appointment_type });
    for (const type of ["Physiotherapy", "gp consultation"]) {
      const refused = await create(type);
      expect({ status: refused.status, error: refused.body.error }).toEqual({ status: 400, error: "invalid_request" });
      expect(refused.body.fields).toEqual({ appointment_type: "Not an appointment type this practice offers: one of Blood test, GP consultation" });
    }
    expect(await prisma.bookingLink.count({ where: { practiceGroupId: practice.id } })).toBe(0);
    // A past slot's type is still offered: slots are added as the weeks go by.
    expect((await create("GP consultation")).status).toBe(201);
  });

  it("refuses any appointment type at a practice with no slots at all", async () => {
    const { key, practice } = await partnerKey(["booking_links"]);
    const patient = await createPatient(practice.id);
    const refused = await postLink({ key, practice }, { patient_id: patient.id, appointment_type: "GP consultation" });
    expect({ status: refused.status, fields: refused.body.fields }).toEqual({
      status: 400,
      fields: { appointment_type: "This practice has no appointments to book" },
    });
  });

  it("refuses a query parameter a list does not take, rather than listing unfiltered", async () => {
    const { key, practice } = await practiceWithPatient();
    for (const [handler, path] of [
      [listLinks, "/booking-links"],
      [listMessages, "/messages"],
    ] as const) {
      const refused = await call(handler, apiRequest(path, { key, practiceGroupId: practice.id, query: "?limt=5" }));
      expect({ status: refused.status, error: refused.body.error, fields: refused.body.fields }).toEqual({
        status: 400,
        error: "invalid_request",
        fields: { limt: "Unknown field" },
      });
    }
  });

  it("outlives its key: the patient can still book after Disconnect and Suspend partner (README)", async () => {
    const { key, practice, patient, partner, admin } = await practiceWithPatient();
    const slot = await createSlot(practice.id);
    const created = await postLink({ key, practice }, { patient_id: patient.id, appointment_type: "GP consultation" });
    const token = String(created.body.data.url).split("/book/")[1];
    await disconnectPartner({ practiceGroupId: practice.id, partnerId: partner.id, actor: actorOf(admin) });
    await setPartnerSuspended({ partnerId: partner.id, suspended: true, actor: actorOf(admin), reason: "Ticket 9: key leaked" });
    expect(await viewBookingLink(token)).toMatchObject({ state: "open", slots: [{ id: slot.id }] });
    expect(await bookThroughLink(token, slot.id)).toEqual({ ok: true });
  });

  it("DELETE stops a link at once, e.g. one sent to the wrong person; stopping it again changes nothing; another practice's is not found", async () => {
    const { key, practice, patient } = await practiceWithPatient();
    const slot = await createSlot(practice.id);
    const created = (await postLink({ key, practice }, { patient_id: patient.id, appointment_type: "GP consultation" })).body.data;
    const token = String(created.url).split("/book/")[1];
    const stop = (as: { key: string; practiceGroupId: string }) =>
      call(stopLink, apiRequest(`/booking-links/${created.id}`, { ...as, method: "DELETE" }), { id: created.id });

    const stopped = await stop({ key, practiceGroupId: practice.id });
    expect(stopped.status).toBe(200);
    expect(stopped.body.data).toMatchObject({ id: created.id, url: created.url });
    expect(Date.parse(stopped.body.data.expires_at)).toBeLessThanOrEqual(Date.now());
    expect(await viewBookingLink(token)).toEqual({ state: "stopped" });
    expect(await bookThroughLink(token, slot.id)).toMatchObject({ error: expect.stringContaining("expired") });
    expect(await prisma.appointment.count({ where: { slotId: slot.id } })).toBe(0);
    // Again: the same answer, the expiry it already had.
    expect((await stop({ key, practiceGroupId: practice.id })).body.data.expires_at).toBe(stopped.body.data.expires_at);

    const other = await practiceWithPatient();
    expect((await stop({ key: other.key, practiceGroupId: other.practice.id })).status).toBe(404);
  });

  // The answer asked whether the caller made the link after the stop had committed, with its ledger
  // row: when that failed, a 503 and a second row under the same x-request-id said the opposite.
  it("DELETE answers from what its transaction read: a database failing meanwhile leaves one row, and the link as the 503 says", async () => {
    const { key, practice, patient } = await practiceWithPatient();
    const created = (await postLink({ key, practice }, { patient_id: patient.id, appointment_type: "GP consultation" })).body.data;
    const unhook = hookQueries((text) =>
      text.includes('FROM "public"."api_keys"') && text.includes('"ownerUserId" =')
        ? Promise.reject(new Error("Connection terminated unexpectedly"))
        : undefined,
    );
    let stopped: Awaited<ReturnType<typeof call>>;
    try {
      stopped = await call(stopLink, apiRequest(`/booking-links/${created.id}`, { key, practiceGroupId: practice.id, method: "DELETE" }), { id: created.id });
    } finally {
      unhook();
    }
    expect(stopped.status).toBe(503);
    await flushLedger();
    const rows = await prisma.$queryRaw<{ status: number }[]>`SELECT status FROM api_requests WHERE "requestId" = ${stopped.headers.get("x-request-id")}`;
    expect(rows.map((row) => row.status)).toEqual([503]);
    // Not stopped, as the 503 says: the partner can try again.
    expect((await prisma.bookingLink.findUniqueOrThrow({ where: { id: created.id } })).expiresAt.getTime()).toBeGreaterThan(Date.now());
  });

  // It said "Your appointment is booked" and offered the calendar file for up to 28 days after it.
  // A partner could not tell a link its patient had used, or one stopped, from one still waiting.
  it("a link's status and appointment_id say whether its patient booked, and whether it expired or was stopped", async () => {
    const { key, practice, patient } = await practiceWithPatient();
    const headers = { key, practiceGroupId: practice.id };
    const read = async (id: string) => (await call(getLink, apiRequest(`/booking-links/${id}`, headers), { id })).body.data;
    const slot = await createSlot(practice.id);
    const booked = (await postLink({ key, practice }, { patient_id: patient.id, appointment_type: "GP consultation" })).body.data;
    expect(booked).toMatchObject({ status: "open", appointment_id: null });
    expect(await bookThroughLink(String(booked.url).split("/book/")[1], slot.id)).toEqual({ ok: true });
    const appointment = await prisma.appointment.findFirstOrThrow({ where: { slotId: slot.id, status: "BOOKED" } });
    expect(await read(booked.id)).toMatchObject({ status: "booked", appointment_id: appointment.id });

    const stopped = await call(stopLink, apiRequest(`/booking-links/${booked.id}`, { ...headers, method: "DELETE" }), { id: booked.id });
    expect(stopped.body.data).toMatchObject({ status: "stopped", appointment_id: appointment.id });

    const unused = (await postLink({ key, practice }, { patient_id: patient.id, appointment_type: "GP consultation" })).body.data;
    await prisma.bookingLink.update({ where: { id: unused.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await read(unused.id)).toMatchObject({ status: "expired", appointment_id: null });
    const listed = await call(listLinks, apiRequest("/booking-links?limit=100", headers));
    expect(new Map(listed.body.data.map((link: { id: string; status: string }) => [link.id, link.status]))).toEqual(
      new Map([
        [booked.id, "stopped"],
        [unused.id, "expired"],
      ]),
    );
  });

  it("a booking whose appointment has ended shows as passed, with no calendar file or change to offer", async () => {
    const { key, practice, patient } = await practiceWithPatient();
    const slot = await createSlot(practice.id);
    const created = (await postLink({ key, practice }, { patient_id: patient.id, appointment_type: "GP consultation" })).body.data;
    const token = String(created.url).split("/book/")[1];
    expect(await bookThroughLink(token, slot.id)).toEqual({ ok: true });
    expect(await viewBookingLink(token)).toMatchObject({ state: "booked", appointment: { past: false } });

    expect(await bookedAppointmentIcs(token, new Date(slot.endsAt.getTime() - 60_000))).not.toBeNull();
    expect(await bookedAppointmentIcs(token, new Date(slot.endsAt.getTime() + 60_000))).toBeNull();
    const ended = await viewBookingLink(token, new Date(slot.endsAt.getTime() + 60_000));
    if (ended.state !== "booked") throw new Error(`expected the booking, got ${ended.state}`);
    expect(ended.appointment.past).toBe(true);
    const page = renderToStaticMarkup(createElement(BookingConfirmation, { appointment: ended.appointment, practice: ended.practice, calendarHref: "/x.ics" }));
    expect(page).toContain("Your appointment has passed");
    expect(page).toContain(`To book another, contact ${ended.practice.name}.`);
    expect(page).not.toContain("Add to calendar");
  });

  it("DELETE on a link already used hides what it booked from whoever holds it, and keeps the appointment", async () => {
    const { key, practice, patient } = await practiceWithPatient();
    const slot = await createSlot(practice.id);
    const created = (await postLink({ key, practice }, { patient_id: patient.id, appointment_type: "GP consultation" })).body.data;
    const token = String(created.url).split("/book/")[1];
    expect(await bookThroughLink(token, slot.id)).toEqual({ ok: true });
    expect(await viewBookingLink(token)).toMatchObject({ state: "booked" });
    expect(await bookedAppointmentIcs(token)).not.toBeNull();

    const stop = () => call(stopLink, apiRequest(`/booking-links/${created.id}`, { key, practiceGroupId: practice.id, method: "DELETE" }), { id: created.id });
    expect((await stop()).status).toBe(200);
    // Stopped, not "expired": its patient may still have the booking, which stays.
    expect(await viewBookingLink(token)).toEqual({ state: "stopped" });
    expect(await bookedAppointmentIcs(token)).toBeNull();
    expect(await prisma.appointment.findFirstOrThrow({ where: { slotId: slot.id } })).toMatchObject({ status: "BOOKED", patientId: patient.id });
    expect((await stop()).status).toBe(200);
  });

  it("another practice group's link is not found", async () => {
    const mine = await practiceWithPatient();
    const theirs = await practiceWithPatient();
    const created = await call(
      createLink,
      apiRequest("/booking-links", {
        key: theirs.key,
        practiceGroupId: theirs.practice.id,
        method: "POST",
        body: { patient_id: theirs.patient.id, appointment_type: "GP consultation" },
      }),
    );
    const id = created.body.data.id;
    const result = await call(getLink, apiRequest(`/booking-links/${id}`, { key: mine.key, practiceGroupId: mine.practice.id }), { id });
    expect({ status: result.status, error: result.body.error }).toEqual({ status: 404, error: "not_found" });
    expect((await call(listLinks, apiRequest("/booking-links", { key: mine.key, practiceGroupId: mine.practice.id }))).body.data).toEqual([]);
    // Another practice's patient cannot be named either.
    const foreign = await call(
      createLink,
      apiRequest("/booking-links", {
        key: mine.key,
        practiceGroupId: mine.practice.id,
        method: "POST",
        body: { patient_id: theirs.patient.id, appointment_type: "GP consultation" },
      }),
    );
    expect(foreign.status).toBe(404);
  });
});

describe("messages", () => {
  it("queues a message, and lists newest first across pages", async () => {
    const { key, practice, patient } = await practiceWithPatient();
    const headers = { key, practiceGroupId: practice.id };
    const ids: string[] = [];
    for (const text of ["first", "second", "third"]) {
      const sent = await call(sendMessage, apiRequest("/messages", { ...headers, method: "POST", body: { nhs_number: patient.nhsNumber, body: ` ${text} ` } }));
      expect(sent.status).toBe(201);
      expect(sent.body.data).toMatchObject({ body: text, status: "queued", patient_id: patient.id });
      ids.push(sent.body.data.id);
    }
    expect((await call(getMessage, apiRequest(`/messages/${ids[0]}`, headers), { id: ids[0] })).body.data.body).toBe("first");

    const first = await call(listMessages, apiRequest("/messages", { ...headers, query: "?limit=2" }));
    const second = await call(listMessages, apiRequest("/messages", { ...headers, query: `?limit=2&cursor=${first.body.next_cursor}` }));
    expect([...first.body.data, ...second.body.data].map((m: { id: string }) => m.id)).toEqual([...ids].reverse());
    expect(second.body.next_cursor).toBeNull();

    // The domain's refusal of a cursor it did not make becomes the error table's 400 with the field.
    const forged = await call(listMessages, apiRequest("/messages", { ...headers, query: `?cursor=${Buffer.from("9999-99-99|x").toString("base64url")}` }));
    expect([forged.status, forged.body]).toEqual([
      400,
      { error: "invalid_request", message: "The request is not valid: see fields.", fields: { cursor: "Unknown cursor" } },
    ]);
  });

  it(`allows ${MESSAGE_MAX_LENGTH} characters and refuses more, or none`, async () => {
    const { key, practice, patient } = await practiceWithPatient();
    const send = (body: string) =>
      call(sendMessage, apiRequest("/messages", { key, practiceGroupId: practice.id, method: "POST", body: { patient_id: patient.id, body } }));
    expect((await send("x".repeat(MESSAGE_MAX_LENGTH))).status).toBe(201);
    for (const text of ["x".repeat(MESSAGE_MAX_LENGTH + 1), "   "]) {
      const result = await send(text);
      expect({ status: result.status, error: result.body.error, field: Object.keys(result.body.fields) }).toEqual({
        status: 400,
        error: "invalid_request",
        field: ["body"],
      });
    }
  });

  it("refuses a body sent to an endpoint that takes none, rather than ignore what it asks for (an empty one or {} is fine)", async () => {
    const setup = await practiceWithPatient();
    const stop = async (body?: string) => {
      const link = (await postLink(setup, { patient_id: setup.patient.id, appointment_type: "GP consultation" })).body.data;
      const request = apiRequest(`/booking-links/${link.id}`, { key: setup.key, practiceGroupId: setup.practice.id, method: "DELETE", body });
      const result = await call(stopLink, request, { id: link.id });
      return [result.status, result.body.error ?? result.body.data.id === link.id, result.body.fields];
    };
    expect(await stop()).toEqual([200, true, undefined]);
    expect(await stop("{}")).toEqual([200, true, undefined]);
    expect(await stop(JSON.stringify({ reason: "patient booked by phone" }))).toEqual([400, "invalid_request", { reason: "Unknown field" }]);
    // A form body, as an OAuth client would send: said for what it is, not "not valid JSON".
    const link = (await postLink(setup, { patient_id: setup.patient.id, appointment_type: "GP consultation" })).body.data;
    const form = apiRequest(`/booking-links/${link.id}`, {
      key: setup.key,
      practiceGroupId: setup.practice.id,
      method: "DELETE",
      body: "reason=booked+by+phone",
    });
    expect((await call(stopLink, form, { id: link.id })).body).toMatchObject({
      error: "invalid_request",
      message: "This endpoint takes no request body: send none, or {}.",
    });
    expect(await stop("x".repeat(MAX_BODY_BYTES + 1))).toEqual([413, "payload_too_large", undefined]);
  });

  it("answers malformed JSON with 400, an oversized body with 413 and an unknown id with 404", async () => {
    const { key, practice } = await practiceWithPatient();
    const post = (body: string) => call(sendMessage, apiRequest("/messages", { key, practiceGroupId: practice.id, method: "POST", body }));
    expect(await post("{not json").then((r) => [r.status, r.body.error])).toEqual([400, "invalid_request"]);
    expect(await post("").then((r) => [r.status, r.body.error])).toEqual([400, "invalid_request"]);
    expect(await post(JSON.stringify({ body: "x".repeat(MAX_BODY_BYTES) })).then((r) => [r.status, r.body.error])).toEqual([413, "payload_too_large"]);
    for (const id of ["6f1c3b1e-8d2a-4c55-9a57-0e2f3b4c5d6e", "not-a-uuid"]) {
      const result = await call(getMessage, apiRequest(`/messages/${id}`, { key, practiceGroupId: practice.id }), { id });
      expect([result.status, result.body.error]).toEqual([404, "not_found"]);
    }
  });
});
