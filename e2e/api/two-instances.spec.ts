// Two `next start` instances (A and B) on one PostgreSQL and one Redis, both limiting through
// Upstash: the 300-a-minute limit is one limit across them, and what the dashboard of one does
// to a key is seen by the other on the very next request. Nothing is cached per instance.
import { type APIRequestContext, type Page } from "@playwright/test";

import { expect, test } from "../helpers/fixtures";
import { apiHeaders, connect } from "./helpers/partner-api";
import { burst, expectRefusal, startEarlyInAMinute } from "./helpers/rate-limit";

const A = process.env.E2E_UPSTASH_BASE_URL!;
const B = process.env.E2E_UPSTASH_B_BASE_URL!;

const practiceGroups = (request: APIRequestContext, base: string, headers: Record<string, string>) =>
  request.get(`${base}/api/v1/practice-groups`, { headers });

async function statusOn(request: APIRequestContext, base: string, headers: Record<string, string>) {
  const response = await practiceGroups(request, base, headers);
  return response.status() === 200 ? 200 : `${response.status()} ${(await response.json()).error}`;
}

/** The full key from the shown-once dialog titled `title`, then closes it with `close`. */
async function keyFromDialog(page: Page, title: string, close: string) {
  const dialog = page.getByRole("alertdialog", { name: title });
  const key = await dialog.getByTestId("full-key").inputValue();
  await dialog.getByRole("button", { name: close }).click();
  await expect(dialog).toBeHidden();
  return key;
}

test("the limit is global: 300 accepted in total across both instances, the rest 429", async ({ request }) => {
  test.setTimeout(120_000);
  const { key, practice } = await connect();
  const headers = apiHeaders({ key, practiceGroupId: practice.id });
  await startEarlyInAMinute();

  // 400 requests, alternating between the instances.
  const answered = await burst(400, (index) => practiceGroups(request, index % 2 ? B : A, headers));
  const statuses = answered.map((response) => response.status());
  expect(statuses.filter((status) => status !== 200 && status !== 429)).toEqual([]);

  const allowed = answered.filter((response) => response.status() === 200);
  const remaining = allowed.map((response) => Number(response.headers()["x-ratelimit-remaining"]));
  // One counter, Redis being healthy: exactly 300 allowed, with 300 different Remaining values.
  expect(allowed.length).toBe(300);
  expect(remaining.sort((x, y) => x - y)).toEqual(Array.from({ length: 300 }, (_, i) => i));
  // Both instances took part in the 300, and both now refuse.
  const instanceOf = (index: number) => (index % 2 ? "B" : "A");
  expect(new Set(answered.flatMap((response, index) => (response.status() === 200 ? [instanceOf(index)] : [])))).toEqual(new Set(["A", "B"]));
  expectRefusal(await practiceGroups(request, A, headers));
  expectRefusal(await practiceGroups(request, B, headers));
});

test("a key rotated through the dashboard of instance A is rejected by instance B on the very next request", async ({ page, request, practice }) => {
  await page.goto(`${A}/apps`);
  await page.getByRole("link", { name: "CareText: Not connected" }).click();
  await page.getByRole("button", { name: "Connect" }).click();
  await page.getByRole("dialog", { name: "Connect CareText" }).getByRole("button", { name: "Connect" }).click();
  const oldKey = await keyFromDialog(page, "CareText is connected", "Close");
  const oldHeaders = apiHeaders({ key: oldKey, practiceGroupId: practice.id });
  expect([await statusOn(request, A, oldHeaders), await statusOn(request, B, oldHeaders)]).toEqual([200, 200]);

  await page.getByRole("button", { name: "Rotate API key" }).click();
  await page
    .getByRole("dialog", { name: /Rotate the API key for CareText/ })
    .getByRole("button", { name: "Rotate API key" })
    .click();
  const newKey = await keyFromDialog(page, "New API key for CareText", "Close");
  expect(page.url().startsWith(A)).toBe(true);

  expect(await statusOn(request, B, oldHeaders)).toBe("401 invalid_credentials");
  expect(await statusOn(request, A, oldHeaders)).toBe("401 invalid_credentials");
  const newHeaders = apiHeaders({ key: newKey, practiceGroupId: practice.id });
  expect([await statusOn(request, B, newHeaders), await statusOn(request, A, newHeaders)]).toEqual([200, 200]);
});

test("a key revoked through the dashboard of instance A takes its bearer tokens with it on both instances", async ({ page, request, practice }) => {
  await page.goto(`${A}/settings/my-practice`);
  await page.getByRole("button", { name: "Generate API Key" }).click();
  await page.getByLabel("Partner").selectOption({ label: "BookWell" });
  await page.getByRole("button", { name: "Generate", exact: true }).click();
  await page.getByRole("alertdialog", { name: "API key for BookWell" }).getByRole("button", { name: "Copy", exact: true }).click();
  const key = await keyFromDialog(page, "API key for BookWell", "Done");

  const exchange = await request.post(`${A}/api/v1/access_token`, { headers: apiHeaders({ key, practiceGroupId: practice.id }) });
  expect(exchange.status()).toBe(200);
  const token = (await exchange.json()).access_token as string;
  const tokenHeaders = apiHeaders({ token, practiceGroupId: practice.id });
  expect([await statusOn(request, A, tokenHeaders), await statusOn(request, B, tokenHeaders)]).toEqual([200, 200]);

  const row = page.getByTestId("api-key-row").filter({ hasText: "BookWell" }).filter({ hasText: "Active" });
  await row.getByRole("button", { name: "Revoke" }).click();
  await page
    .getByRole("alertdialog", { name: /Revoke BookWell key/ })
    .getByRole("button", { name: "Revoke and disconnect" })
    .click();
  await expect(page.getByTestId("api-key-row").filter({ hasText: "Revoked" })).toHaveCount(1);

  expect(await statusOn(request, B, tokenHeaders)).toBe("401 invalid_credentials");
  expect(await statusOn(request, A, tokenHeaders)).toBe("401 invalid_credentials");
  const keyHeaders = apiHeaders({ key, practiceGroupId: practice.id });
  expect([await statusOn(request, A, keyHeaders), await statusOn(request, B, keyHeaders)]).toEqual(["401 invalid_credentials", "401 invalid_credentials"]);
});
