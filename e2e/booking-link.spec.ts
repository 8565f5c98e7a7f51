// A partner creates a booking link through the API; the patient opens it, chooses a free
// appointment from times grouped by day and books it with Book in reach on a phone; the
// confirmation says how to reach the practice and offers an .ics file; the link then shows the
// booking and cannot book again. Accessibility (axe) at 1280 and 390 px, without sideways scroll.
import { readFileSync } from "node:fs";

import { expect, test, type APIRequestContext, type Page } from "@playwright/test";

import { PUBLIC_PAGE_LIMIT } from "../lib/limits";
import { clearOfMinuteEnd } from "../tests/support/limiters";
import { createPractice, db } from "../tests/support/practices";
import { createNetwork, createPatient, createSlot } from "../tests/support/records";
import { apiHeaders, connect } from "./api/helpers/partner-api";
import { expectNoSeriousViolations, expectNoSidewaysScroll, WIDTHS } from "./helpers/axe";
import { exhaustPublicLimit, newClientAddress } from "./helpers/public-pages";

const PHONE = { height: 844 };
const ukDay = (date: Date) => date.toLocaleDateString("en-GB", { weekday: "long", day: "numeric", month: "long", timeZone: "Europe/London" });
const ukTime = (date: Date) => date.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit", timeZone: "Europe/London" });
const icsTime = (date: Date) => `${date.toISOString().replace(/[-:]/g, "").slice(0, 15)}Z`;

async function checkAccessibility(page: Page, where: string, title: string) {
  // The page's title, which Next streams in after the page's content: axe checks it, so it is
  // awaited first (CI once saw axe's "document-title" on the confirmation). It says where the patient stands.
  await expect(page).toHaveTitle(`${title} · Hero`);
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: PHONE.height });
    await expectNoSeriousViolations(page, `${where} at ${width} px`);
    await expectNoSidewaysScroll(page, `${where} at ${width} px`);
  }
}

/** Four times a day (10:00 to 13:00 UTC: the same UK day in summer and winter) on each of the next seven days. */
async function createWeekOfSlots(practiceGroupId: string) {
  const tomorrow = new Date();
  tomorrow.setUTCHours(0, 0, 0, 0);
  tomorrow.setUTCDate(tomorrow.getUTCDate() + 1);
  const starts = Array.from({ length: 7 }, (_, day) => [10, 11, 12, 13].map((hour) => new Date(tomorrow.getTime() + (day * 24 + hour) * 3_600_000))).flat();
  for (const startsAt of starts) await createSlot(practiceGroupId, startsAt);
  return starts;
}

/** A booking link for a new patient of a new practice with one free slot. */
async function linkWithOneSlot(request: APIRequestContext, scopes: Parameters<typeof connect>[0] = ["booking_links"]) {
  const { key, practice } = await connect(scopes);
  const patient = await createPatient(practice.id);
  const slot = await createSlot(practice.id);
  const headers = apiHeaders({ key, practiceGroupId: practice.id });
  const created = await request.post("/api/v1/booking-links", { headers, data: { patient_id: patient.id, appointment_type: "GP consultation" } });
  const { id, url } = (await created.json()).data as { id: string; url: string };
  return { id, url, patient, slot, headers };
}

/** Another patient of the practice books `slot`, as if from another link or the practice's own system. */
async function bookedBySomeoneElse(slot: { id: string; practiceGroupId: string }) {
  const other = await createPatient(slot.practiceGroupId);
  await db().query(`INSERT INTO appointments (id, "practiceGroupId", "slotId", "patientId") VALUES (gen_random_uuid(), $1, $2, $3)`, [
    slot.practiceGroupId,
    slot.id,
    other.id,
  ]);
}

test("a patient books through a booking link: times by day, Book in reach on a phone, then the practice's details and an .ics file", async ({
  page,
  request,
}) => {
  test.setTimeout(90_000);
  const { key, practice } = await connect(["booking_links", "booking"]);
  await db().query(`UPDATE practice_groups SET address = $2, phone = $3 WHERE id = $1`, [
    practice.id,
    "12 River Street\nRiverside, Kent\nRS1 2AB",
    "01632 960111",
  ]);
  const headers = apiHeaders({ key, practiceGroupId: practice.id });
  const patient = await createPatient(practice.id);
  const starts = await createWeekOfSlots(practice.id);
  const created = await request.post("/api/v1/booking-links", { headers, data: { patient_id: patient.id, appointment_type: "GP consultation" } });
  expect(created.status()).toBe(201);
  const { url } = (await created.json()).data as { url: string };
  const token = new URL(url).pathname.split("/").at(-1)!;

  await page.setViewportSize({ width: 390, ...PHONE });
  await page.goto(url);
  await expect(page.getByRole("heading", { name: "Book your GP consultation" })).toBeVisible();
  await expect(page.getByText(/^Hello Test\. Choose a time below\. This link can be used once, until .+ \(UK time\)\.$/)).toBeVisible();
  // What a messaging app's preview of the link shows: the patient's page, not the dashboard.
  await expect(page.locator('meta[name="description"]')).toHaveAttribute("content", "Book an appointment at your GP practice.");
  await expect(page.getByText("Times are in UK time.")).toBeVisible();

  // A heading and a group per day, in order, four times in each.
  const days = [...new Set(starts.map(ukDay))];
  expect(days).toHaveLength(7);
  await expect(page.getByRole("heading", { level: 2 })).toHaveText(days);
  for (const day of days) await expect(page.getByRole("group", { name: day }).getByRole("radio")).toHaveCount(4);
  await expect(page.getByRole("radio")).toHaveCount(28);
  await expect(page.getByRole("group", { name: days[0] }).getByRole("radio", { name: /Dr Test/ })).toHaveCount(4);
  // Each time names its day: arrow keys cross from day to day without reading the headings.
  await expect(page.getByRole("group", { name: days[1] }).getByRole("radio", { name: new RegExp(`^${days[1]}, \\d\\d:\\d\\d`) })).toHaveCount(4);
  await checkAccessibility(page, "the booking page", "Book an appointment");

  // On a phone the list is long, but Book stays on screen: the keyboard walks through every
  // day with the arrow keys, the chosen time is never hidden under the bar, and Tab reaches Book.
  await page.setViewportSize({ width: 390, ...PHONE });
  const book = page.getByRole("button", { name: "Book appointment" });
  await expect(page.getByTestId("booking-bar")).toContainText("No time chosen yet.");
  await page.getByRole("radio").first().focus();
  for (let step = 0; step < 27; step++) await page.keyboard.press("ArrowDown");
  const last = page.getByRole("radio").last();
  await expect(last).toBeChecked();
  await expect(last).toBeFocused();
  await expect(last).toBeInViewport({ ratio: 1 });
  await expect(book).toBeInViewport({ ratio: 1 });
  const [radioBox, barBox] = [await last.boundingBox(), await page.getByTestId("booking-bar").boundingBox()];
  expect(radioBox!.y + radioBox!.height).toBeLessThanOrEqual(barBox!.y);
  expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeGreaterThan(2 * PHONE.height);
  const chosen = starts.at(-1)!;
  await expect(page.getByTestId("booking-bar")).toContainText(`Chosen: ${ukDay(chosen)} at ${ukTime(chosen)} with Dr Test`);
  await page.keyboard.press("Tab");
  await expect(book).toBeFocused();
  await page.keyboard.press("Enter");

  // The confirmation: focus on its heading, the time, the practice and how to reach it.
  const confirmation = page.getByRole("region", { name: "Your appointment is booked" });
  await expect(page.getByRole("heading", { name: "Your appointment is booked" })).toBeFocused();
  await expect(confirmation).toContainText(`${ukDay(chosen)} at ${ukTime(chosen)}`);
  await expect(confirmation).toContainText("(UK time)");
  await expect(confirmation).toContainText("GP consultation with Dr Test");
  await expect(confirmation).toContainText(practice.name);
  await expect(confirmation).toContainText("12 River Street");
  await expect(confirmation).toContainText("RS1 2AB");
  await expect(confirmation.getByRole("link", { name: "01632 960111" })).toHaveAttribute("href", "tel:01632960111");
  await checkAccessibility(page, "the confirmation", "Appointment booked");

  // The .ics file: a valid VCALENDAR with the booked time in UTC and the practice as location.
  const [download] = await Promise.all([page.waitForEvent("download"), confirmation.getByRole("link", { name: "Add to calendar (.ics)" }).click()]);
  expect(download.suggestedFilename()).toBe("appointment.ics");
  const ics = readFileSync((await download.path())!, "utf8");
  expect(ics.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
  for (const line of ics.split("\r\n")) expect(Buffer.byteLength(line, "utf8")).toBeLessThanOrEqual(75);
  const lines = ics.replace(/\r\n /g, "").split("\r\n");
  expect(lines.slice(0, 2)).toEqual(["BEGIN:VCALENDAR", "VERSION:2.0"]);
  expect(lines.slice(-2)).toEqual(["END:VCALENDAR", ""]);
  const appointment = (await (await request.get("/api/v1/appointments", { headers })).json()).data[0];
  expect(lines).toEqual(
    expect.arrayContaining([
      "BEGIN:VEVENT",
      `UID:${appointment.id}`,
      `DTSTART:${icsTime(chosen)}`,
      `DTEND:${icsTime(new Date(chosen.getTime() + 15 * 60_000))}`,
      `SUMMARY:GP consultation at ${practice.name}`,
      `LOCATION:${practice.name}\\, 12 River Street\\, Riverside\\, Kent\\, RS1 2AB`,
      `DESCRIPTION:GP consultation with Dr Test.\\nTo change or cancel it\\, call ${practice.name} on 01632 960111.`,
      "END:VEVENT",
    ]),
  );
  expect(lines.find((line) => line.startsWith("DTSTAMP:"))).toMatch(/^DTSTAMP:\d{8}T\d{6}Z$/);
  expect(ics).not.toContain(token);

  // Served to this link only, and never kept by a shared cache.
  const served = await request.get(`/book/${token}/appointment.ics`);
  expect(served.status()).toBe(200);
  expect(served.headers()["content-type"]).toBe("text/calendar; charset=utf-8");
  expect(served.headers()["cache-control"]).toMatch(/^private, no-store/);
  const unbooked = await request.post("/api/v1/booking-links", { headers, data: { patient_id: patient.id, appointment_type: "GP consultation" } });
  const unbookedToken = new URL((await unbooked.json()).data.url).pathname.split("/").at(-1);
  for (const other of [unbookedToken, "A".repeat(43), "not-a-token"]) {
    const refused = await request.get(`/book/${other}/appointment.ics`);
    expect(refused.status()).toBe(404);
    expect(refused.headers()["cache-control"]).toMatch(/no-store/);
  }

  expect(appointment).toEqual(expect.objectContaining({ patient_id: patient.id, status: "booked", starts_at: chosen.toISOString() }));
  await page.reload();
  await expect(page.getByRole("heading", { name: "Your appointment is booked" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Book appointment" })).toHaveCount(0);
});

test("an appointment the partner cancelled: the link says so, to delete it from the calendar, and serves no calendar file", async ({ page, request }) => {
  const { url, headers } = await linkWithOneSlot(request, ["booking_links", "booking"]);
  await page.goto(url);
  await page.getByRole("radio").first().check();
  await page.getByRole("button", { name: "Book appointment" }).click();
  await expect(page.getByRole("heading", { name: "Your appointment is booked" })).toBeVisible();
  const calendarFile = `${new URL(url).pathname}/appointment.ics`;
  expect((await request.get(calendarFile)).status()).toBe(200);

  const appointment = (await (await request.get("/api/v1/appointments", { headers })).json()).data[0];
  expect((await request.delete(`/api/v1/appointments/${appointment.id}`, { headers })).status()).toBe(200);
  await page.reload();
  const confirmation = page.getByRole("region", { name: "Your appointment was cancelled" });
  await expect(confirmation).toContainText("Contact your practice to book again. If you added it to your calendar, delete it there.");
  await expect(confirmation.getByRole("link", { name: "Add to calendar (.ics)" })).toHaveCount(0);
  expect((await request.get(calendarFile)).status()).toBe(404);
});

test("a link its partner stopped (DELETE /booking-links/{id}) tells the patient it no longer works, and books nothing", async ({ page, request }) => {
  const { id, url, headers, slot } = await linkWithOneSlot(request);
  const { rows } = await db().query(`SELECT name FROM practice_groups WHERE id = $1`, [slot.practiceGroupId]);
  await page.goto(url);
  await expect(page.getByRole("button", { name: "Book appointment" })).toBeVisible();
  await expect(page.getByText(rows[0].name)).toBeVisible();
  expect((await request.delete(`/api/v1/booking-links/${id}`, { headers })).status()).toBe(200);
  await page.reload();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("This booking link no longer works");
  await expect(page).toHaveTitle("Booking link no longer works · Hero");
  await expect(page.getByRole("button", { name: "Book appointment" })).toHaveCount(0);
  // Whoever holds a stopped link may not be the patient: not even the practice is named.
  await expect(page.getByText(rows[0].name)).toHaveCount(0);
});

test("Book without a time says to choose one, again when pressed again, and moves focus to the times", async ({ page, request }) => {
  const { url } = await linkWithOneSlot(request);
  await page.goto(url);
  await page.getByRole("button", { name: "Book appointment" }).click();
  const bar = page.getByTestId("booking-bar");
  await expect(bar.getByRole("alert")).toHaveText("Choose a time first.");
  await expect(page.getByRole("radio").first()).toBeFocused();
  // Pressed again, the same words come in a new alert, which a screen reader reads out again (an unchanged one it would not).
  await bar.getByRole("alert").evaluate((alert) => alert.setAttribute("data-read", ""));
  await page.getByRole("button", { name: "Book appointment" }).click();
  await expect(bar.locator('[role="alert"]:not([data-read])')).toHaveText("Choose a time first.");
  await page.getByRole("radio").first().check();
  await expect(bar.getByRole("alert")).toHaveCount(0);
  await expect(bar).toContainText("Chosen:");
});

test("a link with no free times says so under the page's one h1, without taking the focus past the greeting", async ({ page, request }) => {
  const { url, slot } = await linkWithOneSlot(request);
  await bookedBySomeoneElse(slot);
  await page.goto(url);
  await expect(page.getByRole("heading", { level: 2, name: "No appointments are free" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/^Book your /);
  await expect(page.getByRole("heading", { level: 2, name: "No appointments are free" })).not.toBeFocused();
  // Which practice to contact, by name: a network's link may book with another than the patient's own.
  const { rows } = await db().query(`SELECT name FROM practice_groups WHERE id = $1`, [slot.practiceGroupId]);
  await expect(page.getByRole("region", { name: "No appointments are free" })).toContainText(`Contact ${rows[0].name}`);
});

test("the last free time taken meanwhile: the page says none are free and takes the focus there", async ({ page, request }) => {
  const { url, slot } = await linkWithOneSlot(request);
  await page.goto(url);
  await page.getByRole("radio").first().check();
  await bookedBySomeoneElse(slot);
  await page.getByRole("button", { name: "Book appointment" }).click();
  // The picker, its button and its message are gone: a screen reader is taken to what replaced them.
  await expect(page.getByRole("heading", { level: 2, name: "No appointments are free" })).toBeFocused();
});

test("a time someone else booked meanwhile is refused, and the bar no longer shows it as chosen", async ({ page, request }) => {
  const { url, slot } = await linkWithOneSlot(request);
  await createSlot(slot.practiceGroupId, 2 * 86_400_000);
  await page.goto(url);
  await page.getByRole("radio").first().check();
  const bar = page.getByTestId("booking-bar");
  await expect(bar).toContainText("Chosen:");
  await bookedBySomeoneElse(slot);
  await page.getByRole("button", { name: "Book appointment" }).click();
  await expect(bar.getByRole("alert")).toHaveText("Someone has just booked that appointment. Choose another.");
  await expect(bar).toContainText("No time chosen yet.");
  await expect(page.getByRole("radio", { checked: true })).toHaveCount(0);
  // Book was disabled while waiting, which drops the focus: it goes back to the times.
  await expect(page.getByRole("radio").first()).toBeFocused();
  // Book again with no time, then a time chosen: the refusal was answered, and does not come back.
  await page.getByRole("button", { name: "Book appointment" }).click();
  await expect(bar.getByRole("alert")).toHaveText("Choose a time first.");
  await page.getByRole("radio").first().check();
  await expect(bar).toContainText("Chosen:");
  await expect(bar.getByRole("alert")).toHaveCount(0);
});

// The page then shows the booking the link made elsewhere: it said only "Your appointment is booked", with another time than the one chosen.
test("Book in a second tab after the first booked says its time was not booked, above the booking the link made", async ({ browser, request }) => {
  const { url, slot } = await linkWithOneSlot(request);
  await createSlot(slot.practiceGroupId, 2 * 86_400_000);
  const context = await browser.newContext();
  const [first, second] = [await context.newPage(), await context.newPage()];
  for (const tab of [first, second]) await tab.goto(url);
  await first.getByRole("radio").first().check();
  await first.getByRole("button", { name: "Book appointment" }).click();
  await expect(first.getByRole("heading", { name: "Your appointment is booked" })).toBeVisible();
  await second.getByRole("radio").nth(1).check();
  await second.getByRole("button", { name: "Book appointment" }).click();
  await expect(second.getByRole("heading", { name: "Your appointment is booked" })).toBeVisible();
  await expect(second.getByTestId("booked-elsewhere")).toHaveText(
    "The time you chose was not booked: this link had already booked the appointment below, in another tab or on another device.",
  );
  // Read with the heading that takes the focus, where a note beside it would not reliably be.
  await expect(second.getByRole("heading", { name: "Your appointment is booked" })).toHaveAccessibleDescription(/^The time you chose was not booked/);
  await expect(second.getByText(`${ukDay(slot.startsAt)} at ${ukTime(slot.startsAt)}`)).toBeVisible();
  await expect(second).toHaveTitle("Appointment booked · Hero");
  // Said once: a reload (or Back, or a bookmark) does not say it again.
  await expect(second).not.toHaveURL(/booked-elsewhere/);
  await second.reload();
  await expect(second.getByRole("heading", { name: "Your appointment is booked" })).toBeVisible();
  await expect(second.getByTestId("booked-elsewhere")).toHaveCount(0);
  // The tab that booked says nothing of the kind, reloaded too.
  await first.reload();
  await expect(first.getByTestId("booked-elsewhere")).toHaveCount(0);
  await context.close();
});

test("a patient whose page's scripts have not run (a slow phone, or JavaScript off) still books", async ({ browser, request }) => {
  const { url, patient } = await linkWithOneSlot(request);
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(url);
  await page.getByRole("radio").first().check();
  await page.getByRole("button", { name: "Book appointment" }).click();
  await expect(page.getByRole("heading", { name: "Your appointment is booked" })).toBeVisible();
  const { rows } = await db().query(`SELECT status FROM appointments WHERE "patientId" = $1`, [patient.id]);
  expect(rows).toEqual([{ status: "BOOKED" }]);
  await context.close();
});

test("a booking whose answer is lost on its way back sends the patient to look before choosing again, and reloading shows it", async ({ page, request }) => {
  const { url } = await linkWithOneSlot(request);
  await page.goto(url);
  // The server action runs and books; its answer never reaches the browser.
  await page.route("**/book/**", async (route) => {
    if (route.request().method() !== "POST" || !route.request().headers()["next-action"]) return route.fallback();
    await route.fetch();
    await route.abort("connectionreset");
  });
  await page.getByRole("radio").first().check();
  await page.getByRole("button", { name: "Book appointment" }).click();
  const error = page.getByRole("alert").filter({ hasText: "could not be loaded" });
  await expect(error).toContainText("reload this page to see whether it was booked");
  await expect(error).toContainText("contact your practice");
  await page.unrouteAll();
  await error.getByRole("button", { name: "Reload this page" }).click();
  await expect(page.getByRole("heading", { name: "Your appointment is booked" })).toBeVisible();
});

test("one client address loading the public pages more than PUBLIC_PAGE_LIMIT times a minute is told to wait", async ({ request }) => {
  // The exact count is tested in tests/public-pages.test.ts.
  const { allowed, refused } = await exhaustPublicLimit(request, newClientAddress());
  expect(allowed).toBeGreaterThanOrEqual(PUBLIC_PAGE_LIMIT);
  expect(refused?.status()).toBe(429);
  expect(refused?.headers()["retry-after"]).toMatch(/^\d+$/);
  // Another address still books.
  expect((await request.get("/book/not-a-link", { headers: { "x-forwarded-for": newClientAddress() } })).status()).toBe(200);
});

test("Book over the limit says to wait in the booking bar, books nothing, and books once the patient may again", async ({ browser, request }) => {
  test.setTimeout(90_000); // up to 25 s waiting out a minute's end
  const { url, patient } = await linkWithOneSlot(request);
  const address = newClientAddress();
  const context = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": address } });
  const page = await context.newPage();
  await page.goto(url);
  await page.getByRole("radio").first().check();
  // The patient's network (a care home's, say) has used up the minute meanwhile; the limit slides,
  // so a new minute's start would weight the spent count down under it before the click.
  await clearOfMinuteEnd(25_000);
  expect((await exhaustPublicLimit(request, address)).refused?.status()).toBe(429);
  await page.getByRole("button", { name: "Book appointment" }).click();
  await expect(page.getByTestId("booking-bar").getByRole("alert")).toHaveText("Too many requests from your network. Wait a minute, then try again.");
  await expect(page.getByRole("radio").first()).toBeFocused();
  const booked = async () => (await db().query(`SELECT count(*)::int AS n FROM appointments WHERE "patientId" = $1`, [patient.id])).rows[0].n;
  expect(await booked()).toBe(0);
  await context.close();

  // From an address under the limit (as after the minute), the same link and time still book.
  const later = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": newClientAddress() } });
  const again = await later.newPage();
  await again.goto(url);
  await again.getByRole("radio").first().check();
  await again.getByRole("button", { name: "Book appointment" }).click();
  await expect(again.getByRole("heading", { name: "Your appointment is booked" })).toBeVisible();
  expect(await booked()).toBe(1);
  await later.close();
});

test("a link that is not one says so, without a stack or a 500", async ({ page }) => {
  const response = await page.goto("/book/not-a-real-link");
  expect(response?.status()).toBe(200);
  await expect(page.getByRole("heading", { name: "This booking link is not valid" })).toBeVisible();
});

test("a cross-organisational link names the practice whose slots it offers; one without contact details says so", async ({ page, request }) => {
  const { key, practice: member } = await connect(["booking_links"]);
  const hub = await createPractice();
  await createNetwork([member.id, hub.id]);
  const patient = await createPatient(member.id);
  await createSlot(hub.id);
  const created = await request.post("/api/v1/booking-links", {
    headers: apiHeaders({ key, practiceGroupId: hub.id }),
    data: { patient_id: patient.id, appointment_type: "GP consultation" },
  });
  expect(created.status()).toBe(201);
  await page.goto((await created.json()).data.url);
  await expect(page.getByText(hub.name, { exact: true })).toBeVisible();
  await expect(page.getByText(member.name)).toHaveCount(0);
  await page.getByRole("radio").first().check();
  await page.getByRole("button", { name: "Book appointment" }).click();
  const confirmation = page.getByRole("region", { name: "Your appointment is booked" });
  await expect(confirmation).toBeVisible();
  await expect(confirmation.getByText(hub.name, { exact: true })).toBeVisible();
  await expect(confirmation).toContainText(`${hub.name} has not given its address or phone number here.`);
  await expect(confirmation.locator('a[href^="tel:"]')).toHaveCount(0);
  await expect(page.getByText(member.name)).toHaveCount(0);
});
