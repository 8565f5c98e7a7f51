// My Practice > Who accessed this record > Open booking links: a practice admin finds a patient's
// link that can still book and stops it (one sent to the wrong person); the patient's page then
// says it no longer works, and Activity says who stopped it. Accessibility at 1280 and 390 px.
import { db } from "../tests/support/practices";
import { createPatient, createSlot } from "../tests/support/records";
import { apiHeaders, connect } from "./api/helpers/partner-api";
import { expectNoSeriousViolations, expectNoSidewaysScroll, WIDTHS } from "./helpers/axe";
import { expect, test } from "./helpers/fixtures";

test("a practice admin stops a patient's open booking link, and the patient can no longer book with it", async ({ page, practice, browser }) => {
  const { key, partnerId } = await connect(["booking_links"], practice);
  const partnerName = (await db().query(`SELECT name FROM partners WHERE id = $1`, [partnerId])).rows[0].name as string;
  const patient = await createPatient(practice.id);
  await createSlot(practice.id);
  const created = await page.request.post("/api/v1/booking-links", {
    headers: apiHeaders({ key, practiceGroupId: practice.id }),
    data: { patient_id: patient.id, appointment_type: "GP consultation" },
  });
  expect(created.status()).toBe(201);
  const { url } = (await created.json()).data as { url: string };

  await page.goto("/settings/my-practice");
  const search = page.getByRole("region", { name: "Who accessed this record" });
  await search.getByLabel("NHS number").fill(patient.nhsNumber);
  await search.getByRole("button", { name: "Search" }).click();
  // What can be acted on first: the record's requests below run to 200 rows.
  await expect(search.getByRole("heading", { level: 3 })).toHaveText(["Open booking links", "API requests"]);
  const links = search.getByRole("table", { name: "Open booking links for Test Patient" });
  await expect(links.getByTestId("booking-link-row")).toHaveCount(1);
  await expect(links.getByTestId("booking-link-row")).toContainText("GP consultation");
  await expect(links.getByTestId("booking-link-row")).toContainText("This practice");
  await expect(links.getByTestId("booking-link-row")).toContainText(partnerName);
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    await expectNoSeriousViolations(page, `My Practice with a patient's booking links at ${width} px`);
    await expectNoSidewaysScroll(page, `My Practice with a patient's booking links at ${width} px`);
  }

  // Cancel changes nothing.
  await links.getByRole("button", { name: "Stop" }).click();
  const dialog = page.getByRole("alertdialog", { name: "Stop this booking link?" });
  await expect(dialog).toContainText(new RegExp(`GP consultation link made by ${partnerName} on .+ stops working immediately`));
  await dialog.getByRole("button", { name: "Cancel" }).click();
  const patientPage = await browser.newPage();
  await patientPage.goto(url);
  await expect(patientPage.getByRole("button", { name: "Book appointment" })).toBeVisible();

  await links.getByRole("button", { name: "Stop" }).click();
  await dialog.getByRole("button", { name: "Stop link" }).click();
  await expect(dialog).toBeHidden();
  await expect(search).toContainText("Test Patient has no open booking links.");
  await expect(page.getByRole("list", { name: "Activity" }).getByTestId("activity-item").first()).toContainText(
    `Stopped booking link · GP consultation link made by ${partnerName}`,
  );

  await patientPage.reload();
  await expect(patientPage.getByRole("heading", { level: 1 })).toHaveText("This booking link no longer works");
  await expect(patientPage.getByRole("button", { name: "Book appointment" })).toHaveCount(0);
  await patientPage.close();
});

test("Stop on a used link hides the booking from whoever has the link, names the appointment, and leaves it booked", async ({ page, practice, browser }) => {
  const { key } = await connect(["booking_links"], practice);
  const patient = await createPatient(practice.id);
  await createSlot(practice.id);
  const created = await page.request.post("/api/v1/booking-links", {
    headers: apiHeaders({ key, practiceGroupId: practice.id }),
    data: { patient_id: patient.id, appointment_type: "GP consultation" },
  });
  const { url } = (await created.json()).data as { url: string };
  // Whoever has the link books with it.
  const holder = await browser.newPage();
  await holder.goto(url);
  await holder.getByRole("radio").first().check();
  await holder.getByRole("button", { name: "Book appointment" }).click();
  await expect(holder.getByRole("heading", { name: "Your appointment is booked" })).toBeVisible();

  await page.goto("/settings/my-practice");
  const search = page.getByRole("region", { name: "Who accessed this record" });
  await search.getByLabel("NHS number").fill(patient.nhsNumber);
  await search.getByRole("button", { name: "Search" }).click();
  const row = search.getByRole("table", { name: "Open booking links for Test Patient" }).getByTestId("booking-link-row");
  await expect(row).toContainText("Booked the appointment on");
  // Not the link's own expiry: whoever has it sees the booking until the appointment ends, if later.
  await expect(row.getByRole("cell").nth(4)).toContainText("Used: shows its booking until");
  await row.getByRole("button", { name: "Stop" }).click();
  const dialog = page.getByRole("alertdialog", { name: "Stop this booking link?" });
  await expect(dialog).toContainText("no longer sees the appointment it booked");
  await dialog.getByRole("button", { name: "Stop link" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Stopped. This link had booked the appointment on" })).toContainText("it is still booked");
  await expect(search).toContainText("Test Patient has no open booking links.");

  await holder.reload();
  // Not "expired": the patient's booking stays, and the page must not read as "you have none".
  await expect(holder.getByRole("heading", { level: 1 })).toHaveText("This booking link no longer works");
  await expect(holder.getByText("Your appointment is booked")).toHaveCount(0);
  expect((await db().query(`SELECT status FROM appointments WHERE "patientId" = $1`, [patient.id])).rows).toEqual([{ status: "BOOKED" }]);
  await holder.close();
});
