import { expect, test } from "@playwright/test";

import { createPractice, uniqueName } from "../tests/support/practices";
import { auditEventsFor, insertUserKey, userKeyRow } from "./helpers/db";
import { storageState } from "./helpers/users";

test.use({ storageState: storageState("superAdmin") });

test("Delete asks first, then revokes the key at once and audits it", async ({ page }) => {
  const practice = await createPractice();
  const key = await insertUserKey({ id: practice.staff.id, practiceGroupId: practice.id }, uniqueName("Delete me"));
  await page.goto(`/settings/super-admin/api-keys?q=${encodeURIComponent(key.name)}`);
  const row = page.getByTestId("user-key-row").filter({ hasText: key.name });

  // Cancel leaves it alone.
  await row.getByRole("button", { name: "Delete" }).click();
  const confirm = page.getByRole("alertdialog", { name: `Delete the API key "${key.name}"?` });
  await expect(confirm).toContainText("stops working immediately");
  await confirm.getByRole("button", { name: "Cancel" }).click();
  expect((await userKeyRow(key.id)).revokedAt).toBeNull();

  await row.getByRole("button", { name: "Delete" }).click();
  await confirm.getByRole("button", { name: "Delete" }).click();
  await expect(confirm).toBeHidden();
  await expect(row).toHaveCount(0);
  await expect(page.getByText(`No API keys match “${key.name}”.`)).toBeVisible();

  // Revoked (verifyApiKey refuses any revoked key), marked deleted, and no longer decryptable.
  const stored = await userKeyRow(key.id);
  expect(stored.revokedAt).not.toBeNull();
  expect(stored.deletedAt).not.toBeNull();
  expect(stored).toMatchObject({ revokedReason: "deleted", viewable: false });
  const events = await auditEventsFor(key.id);
  expect(events.map(({ action, actorName }) => ({ action, actorName }))).toEqual([{ action: "user_key.deleted", actorName: "Hero support" }]);
  expect(JSON.stringify(events)).not.toContain(key.key);
});
