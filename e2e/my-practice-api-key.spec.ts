// Settings > My Practice > API Key: Generate API Key, shown once, copy, Done; Revoke.
import { expect, test } from "./helpers/fixtures";
import { auditActions, storedKeyColumns } from "./helpers/db";
import { KEY_PATTERN, storedKey } from "./helpers/keys";

async function generateKey(page: import("@playwright/test").Page, partner: string) {
  await page.goto("/settings/my-practice");
  await page.getByRole("button", { name: "Generate API Key" }).click();
  await page.getByLabel("Partner").selectOption({ label: partner });
  await page.getByRole("button", { name: "Generate", exact: true }).click();
  const dialog = page.getByRole("alertdialog", { name: `API key for ${partner}` });
  await expect(dialog).toBeVisible();
  return { dialog, key: await dialog.getByTestId("full-key").inputValue() };
}

test("generate → shown once → copy → Done → never visible again", async ({ page, practice }) => {
  const { dialog, key } = await generateKey(page, "TriageFirst");
  expect(key).toMatch(KEY_PATTERN);
  await expect(dialog).toContainText("displayed only once");

  await dialog.getByRole("button", { name: "Copy" }).click();
  await expect(dialog.getByRole("button", { name: "Copied" })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key);

  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(dialog).toBeHidden();
  const row = page.getByTestId("api-key-row").filter({ hasText: "TriageFirst" });
  await expect(row).toContainText(`hero_test_…${key.slice(-4)}`);
  await expect(row).toContainText("Active");
  expect(await page.content()).not.toContain(key);

  await page.reload();
  await expect(row).toBeVisible();
  expect(await page.content()).not.toContain(key);
  await expect(page.getByTestId("full-key")).toHaveCount(0);

  const stored = await storedKey(key);
  expect(stored?.practiceGroupId).toBe(practice.id);
  expect(stored?.encryptedKey).toBeNull();
  expect(await storedKeyColumns()).not.toContain(key);
  expect(await auditActions(practice.id)).toEqual(["partner.connected", "api_key.generated"]);
});

test("a partner must be chosen; the error appears next to the dropdown", async ({ page }) => {
  await page.goto("/settings/my-practice");
  await page.getByRole("button", { name: "Generate API Key" }).click();
  await page.getByRole("button", { name: "Generate", exact: true }).click();
  await expect(page.getByText("Select a partner from the list")).toBeVisible();
  await expect(page.getByLabel("Partner")).toHaveAttribute("aria-invalid", "true");
});

test("revoke asks first, then stops the key at once", async ({ page, practice }) => {
  const { dialog, key } = await generateKey(page, "CareText");
  await dialog.getByRole("button", { name: "Done" }).click();

  const row = page.getByTestId("api-key-row").filter({ hasText: "CareText" });
  await row.getByRole("button", { name: "Revoke" }).click();
  const confirm = page.getByRole("alertdialog", { name: /Revoke CareText key/ });
  await confirm.getByRole("button", { name: "Cancel" }).click();
  expect((await storedKey(key))?.revokedAt).toBeNull();

  await row.getByRole("button", { name: "Revoke" }).click();
  await confirm.getByRole("button", { name: "Revoke" }).click();
  await expect(confirm).toBeHidden();
  await expect(row).toContainText("Revoked");
  await expect(row.getByRole("button", { name: "Revoke" })).toHaveCount(0);
  expect((await storedKey(key))?.revokedAt).not.toBeNull();
  expect(await auditActions(practice.id)).toContain("api_key.revoked");
});

test("the Activity list shows who did what", async ({ page }) => {
  const { dialog } = await generateKey(page, "BookWell");
  await dialog.getByRole("button", { name: "Done" }).click();
  const activity = page.getByRole("list", { name: "Activity" });
  await expect(activity.getByTestId("activity-item").first()).toContainText("Generated API key");
  await expect(activity).toContainText("Connected");
});

test("the shown-once dialog works from the keyboard", async ({ page }) => {
  await page.goto("/settings/my-practice");
  await page.getByRole("button", { name: "Generate API Key" }).focus();
  await page.keyboard.press("Enter");
  await page.getByLabel("Partner").focus();
  await page.getByLabel("Partner").selectOption({ label: "TriageFirst" });
  await page.getByRole("button", { name: "Generate", exact: true }).focus();
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("alertdialog", { name: "API key for TriageFirst" });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Done" }).focus();
  await page.keyboard.press("Enter");
  await expect(dialog).toBeHidden();
});
