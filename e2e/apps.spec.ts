// Apps: Connect, view + copy, Rotate API key, Disconnect, reconnect — the help article's table.
import type { Page } from "@playwright/test";

import { auditActions } from "./helpers/db";
import { expect, test } from "./helpers/fixtures";
import { KEY_PATTERN, storedKey } from "./helpers/keys";

async function connect(page: Page, partner: string) {
  await page.goto("/apps");
  await page.getByRole("link", { name: `${partner}: Not connected` }).click();
  await page.getByRole("button", { name: "Connect" }).click();
  const dialog = page.getByRole("alertdialog", { name: `${partner} is connected` });
  const key = await dialog.getByTestId("full-key").inputValue();
  await dialog.getByRole("button", { name: "Close" }).click();
  return key;
}

async function confirm(page: Page, button: string, dialogTitle: RegExp) {
  await page.getByRole("button", { name: button }).click();
  const dialog = page.getByRole("alertdialog", { name: dialogTitle });
  await dialog.getByRole("button", { name: button }).click();
  await expect(dialog).toBeHidden();
}

test("Connect sets up the integration, creates the key and shows Connected", async ({ page, practice }) => {
  const key = await connect(page, "TriageFirst");
  expect(key).toMatch(KEY_PATTERN);
  await expect(page.getByText("Connected", { exact: true })).toBeVisible();
  await expect(page.getByTestId("display-key")).toHaveText(`hero_test_…${key.slice(-4)}`);
  await page.goto("/apps");
  await expect(page.getByRole("link", { name: "TriageFirst: Connected" })).toBeVisible();
  const stored = await storedKey(key);
  expect(stored?.practiceGroupId).toBe(practice.id);
  expect(stored?.encryptedKey).not.toContain(key);
});

test("the partner's key can be viewed and copied at any time, and each view is audited", async ({ page, practice }) => {
  const key = await connect(page, "BookWell");
  await page.reload();
  for (let view = 0; view < 2; view++) {
    await page.getByRole("button", { name: "View API key" }).click();
    const dialog = page.getByRole("alertdialog", { name: "API key for BookWell" });
    await expect(dialog.getByTestId("full-key")).toHaveValue(key);
    await dialog.getByRole("button", { name: "Copy" }).click();
    await expect(dialog.getByRole("button", { name: "Copied" })).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key);
    await dialog.getByRole("button", { name: "Close" }).click();
  }
  expect(await auditActions(practice.id)).toEqual(["partner.connected", "partner_key.viewed", "partner_key.viewed"]);
});

test("Rotate API key: a new key at once, the old one stops working", async ({ page, practice }) => {
  const oldKey = await connect(page, "CareText");
  await page.getByRole("button", { name: "Rotate API key" }).click();
  const dialog = page.getByRole("alertdialog", { name: /Rotate the API key for CareText/ });
  await expect(dialog).toContainText("old key stops working straight away");
  await dialog.getByRole("button", { name: "Rotate API key" }).click();
  const shown = page.getByRole("alertdialog", { name: "New API key for CareText" });
  const newKey = await shown.getByTestId("full-key").inputValue();
  await shown.getByRole("button", { name: "Close" }).click();

  expect(newKey).toMatch(KEY_PATTERN);
  expect(newKey).not.toBe(oldKey);
  expect((await storedKey(oldKey))?.revokedAt).not.toBeNull();
  expect((await storedKey(newKey))?.revokedAt).toBeNull();
  await expect(page.getByText("Connected", { exact: true })).toBeVisible();
  await expect(page.getByTestId("display-key")).toHaveText(`hero_test_…${newKey.slice(-4)}`);
  expect(await auditActions(practice.id)).toContain("partner_key.rotated");
});

test("Disconnect removes access; reconnecting gives a different key", async ({ page, practice }) => {
  const first = await connect(page, "TriageFirst");
  await confirm(page, "Disconnect", /Disconnect TriageFirst/);
  await expect(page.getByText("Not connected", { exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: "View API key" })).toHaveCount(0);
  expect((await storedKey(first))?.revokedAt).not.toBeNull();

  await page.goto("/apps");
  const second = await connect(page, "TriageFirst");
  expect(second).not.toBe(first);
  expect((await storedKey(second))?.revokedAt).toBeNull();
  expect(await auditActions(practice.id)).toEqual(["partner.connected", "partner.disconnected", "partner.connected"]);
});

test("a cancelled confirmation changes nothing", async ({ page }) => {
  const key = await connect(page, "BookWell");
  await page.getByRole("button", { name: "Disconnect" }).click();
  await page.getByRole("alertdialog", { name: /Disconnect BookWell/ }).getByRole("button", { name: "Cancel" }).click();
  await page.keyboard.press("Escape");
  await expect(page.getByText("Connected", { exact: true })).toBeVisible();
  expect((await storedKey(key))?.revokedAt).toBeNull();
});
