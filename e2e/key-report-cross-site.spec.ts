// A key report opened by a link on another site: opening one is recorded in practices' Activity
// ("Hero support · Viewed key report"), so another site must not be able to record a view in a
// signed-in browser. It gets a page asking first; the same address followed from there records.
import { expect, test, type APIRequestContext } from "@playwright/test";

import { db } from "../tests/support/practices";
import { createPatient, createSlot } from "../tests/support/records";
import { apiHeaders, connect } from "./api/helpers/partner-api";
import { practiceActivity } from "./helpers/session";
import { DEMO_PASSWORD, storageState, USERS } from "./helpers/users";

test.use({ storageState: storageState("superAdmin") });

/** A partner key with one booking on record, and a count of the recorded views of its report. */
async function keyWithOneBooking(request: APIRequestContext) {
  const { practice, partnerId, key } = await connect(["booking"]);
  // One booking, so the report has a patient to show (or not).
  const patient = await createPatient(practice.id);
  const slot = await createSlot(practice.id);
  const booked = await request.post("/api/v1/appointments", {
    headers: apiHeaders({ key, practiceGroupId: practice.id }),
    data: { slot_id: slot.id, patient_id: patient.id },
  });
  expect(booked.status()).toBe(201);
  // Written by the ledger within a second.
  await expect
    .poll(async () => Number((await db().query(`SELECT count(*) FROM api_requests WHERE "actingPracticeGroupId" = $1`, [practice.id])).rows[0].count))
    .toBe(1);
  const { rows } = await db().query(`SELECT id FROM api_keys WHERE "practiceGroupId" = $1 AND "partnerId" = $2`, [practice.id, partnerId]);
  const keyId = rows[0].id as string;
  const views = async () =>
    Number((await db().query(`SELECT count(*) FROM audit_events WHERE action = 'api_key.report_viewed' AND "targetId" = $1`, [keyId])).rows[0].count);
  return { practice, keyId, views };
}

test("a key report followed from another site records nothing until Show key report", async ({ browser, page, baseURL }) => {
  const { practice, keyId, views } = await keyWithOneBooking(page.request);

  // A page of no origin of ours (a data: URL) links to the report: the browser marks the visit cross-site.
  const report = new URL(`/settings/keys/${keyId}`, baseURL).toString();
  await page.goto(`data:text/html,<a href="${report}">The report</a>`);
  await page.getByRole("link", { name: "The report" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Open this key report?");
  await expect(page.getByTestId("report-patient")).toHaveCount(0);
  expect(await views()).toBe(0);

  await page.getByRole("link", { name: "Show key report" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("hero_test_");
  await expect(page.getByTestId("report-patient")).toHaveCount(1);
  await expect.poll(views).toBeGreaterThan(0);

  // The practice sees what Hero support looked at: the range, and how many of its patients it listed.
  const { from, to } = Object.fromEntries(new URL(page.url()).searchParams);
  const activity = await practiceActivity(browser, practice.admin.id);
  expect(activity).toContainEqual(
    expect.stringMatching(new RegExp(`^Hero support · Viewed key report · hero_test_\\S+ · ${from} to ${to}, 1 patient of yours`)),
  );
});

test.describe("signed out", () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  // The link that led to sign-in may have been another site's: after sign-in the browser's visit is
  // the app's own, so the report asks first, and its CSV becomes the report asking first.
  for (const target of ["report", "CSV"] as const) {
    test(`a link to a key report's ${target} asks first after sign-in`, async ({ page }) => {
      const { keyId, views } = await keyWithOneBooking(page.request);
      const path = `/settings/keys/${keyId}${target === "CSV" ? "/export" : ""}?from=2026-01-01&to=2099-12-31`;
      await page.goto(path);
      await expect(page).toHaveURL(/\/sign-in\?/);
      await page.getByLabel("Email").fill(USERS.superAdmin);
      await page.getByLabel("Password").fill(DEMO_PASSWORD);
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("Open this key report?", { timeout: 30_000 });
      expect(await views()).toBe(0);

      await page.getByRole("link", { name: "Show key report" }).click();
      await expect(page.getByTestId("report-patient")).toHaveCount(1);
      expect(new URL(page.url()).searchParams.get("ask")).toBeNull();
      await expect.poll(views).toBe(1);
    });
  }
});
