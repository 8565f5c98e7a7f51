import { expect, test } from "@playwright/test";

import { createPractice, uniqueName } from "../tests/support/practices";
import { insertUserKeys } from "./helpers/db";
import { storageState } from "./helpers/users";

test.use({ storageState: storageState("superAdmin") });

const LIST = "/settings/super-admin/api-keys";

test("shows the seed's caution and the seeded Zapier key with its owner", async ({ page }) => {
  await page.goto(LIST);
  await expect(page.getByRole("heading", { name: "API keys", level: 1 })).toBeVisible();
  await expect(page.getByRole("note", { name: "Caution" })).toContainText(
    "API keys provide unrestricted access to your data. They should only be used to connect with trusted external services such as Zapier.",
  );
  await page.getByLabel("Search API keys").fill("drmatt");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/\?q=drmatt(&practice=)?$/);
  const row = page.getByTestId("user-key-row").filter({ hasText: "Zapier" });
  await expect(row).toContainText("Dr Matt Evans");
  await expect(row).toContainText("Riverside Medical Practice");
  for (const column of ["Name", "Description", "User", "Practice", "Created", "Last used"]) {
    await expect(page.getByRole("columnheader", { name: column, exact: true })).toBeVisible();
  }
  // Seed 004's three action buttons, in its order.
  await expect(row.getByRole("group", { name: "Actions for Zapier" }).getByRole("button")).toHaveText(["Delete", "Edit", "View"]);
  // Seed 004's Navigation: Back returns to the previous screen, Settings > Super admin.
  await page.getByRole("link", { name: "Back" }).click();
  await expect(page).toHaveURL(/\/settings\/super-admin$/);
});

test("searches and pages on the server, keeping both in the URL", async ({ page }) => {
  const practice = await createPractice();
  const tag = uniqueName("Paging");
  // Newest first: "… 00" is the newest, "… 44" the oldest.
  await insertUserKeys(
    { id: practice.staff.id, practiceGroupId: practice.id },
    Array.from({ length: 45 }, (_, i) => `${tag} ${String(i).padStart(2, "0")}`),
  );

  await page.goto(LIST);
  // The search updates the page without a reload: a status region there from the start says what it found.
  const status = page.getByRole("status").and(page.getByTestId("results-status"));
  await status.evaluate((region) => region.setAttribute("data-loaded", ""));
  await page.getByLabel("Search API keys").fill(tag);
  await page.getByLabel("Search API keys").press("Enter");
  const rows = page.getByTestId("user-key-row");
  const summary = page.getByTestId("pagination-summary");
  await expect(summary).toHaveText("Showing 1–20 of 45 keys");
  await expect(status).toHaveText(`API keys matching “${tag}”: 45 keys.`);
  await expect(status).toHaveAttribute("data-loaded", "");
  await expect(rows).toHaveCount(20);
  await expect(rows.first()).toContainText(`${tag} 00`);

  const pagination = page.getByRole("navigation", { name: "Pagination" });
  await pagination.getByRole("link", { name: "Next" }).click();
  await expect(page).toHaveURL(new RegExp(`\\?q=${tag}&page=2$`));
  await expect(summary).toHaveText("Showing 21–40 of 45 keys");
  await expect(rows.first()).toContainText(`${tag} 20`);

  await pagination.getByRole("link", { name: "Next" }).click();
  await expect(summary).toHaveText("Showing 41–45 of 45 keys");
  await expect(rows).toHaveCount(5);
  await expect(pagination.getByRole("link", { name: "Next" })).toHaveCount(0);
  await expect(pagination).toContainText("Page 3 of 3");

  await pagination.getByRole("link", { name: "Previous" }).click();
  await expect(summary).toHaveText("Showing 21–40 of 45 keys");

  // The owner's username finds the same keys; a page past the end shows the last page.
  await page.goto(`${LIST}?q=${practice.staff.username}&page=99`);
  await expect(summary).toHaveText("Showing 41–45 of 45 keys");

  await page.goto(`${LIST}?q=${encodeURIComponent(`${tag} 07`)}`);
  await expect(rows).toHaveCount(1);
  await expect(summary).toHaveText("Showing 1–1 of 1 key");

  await page.goto(`${LIST}?q=${uniqueName("nothing")}`);
  await expect(page.getByText(/^No API keys match/)).toBeVisible();
});

test("a search with a NUL or a lone surrogate is a normal page, not a 500", async ({ page }) => {
  for (const query of ["%00", "a%00b", "%ED%A0%80"]) {
    const response = await page.goto(`${LIST}?q=${query}`);
    expect(response?.status()).toBe(200);
    await expect(page.getByRole("heading", { name: "API keys", level: 1 })).toBeVisible();
  }
});

test("a NUL typed into Edit is a field error, and nothing is saved", async ({ page }) => {
  await page.goto(`${LIST}?q=Zapier`);
  const row = page.getByTestId("user-key-row").filter({ has: page.getByRole("group", { name: "Actions for Zapier", exact: true }) });
  await row.getByRole("button", { name: "Edit" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Key description").fill("before\u0000after");
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog.getByText(/cannot be stored/)).toBeVisible();
  await dialog.getByRole("button", { name: "Close" }).click();
  await expect(row).not.toContainText("before");
  await page.reload();
  await expect(row).toBeVisible();
  await expect(row).not.toContainText("before");
});
