import { expect, test } from "@playwright/test";

import { SEARCH_MAX_LENGTH } from "@/lib/limits";

import { createPractice, uniqueName } from "../tests/support/practices";
import { auditEventsFor, userKeyByHash } from "./helpers/db";
import { storageState } from "./helpers/users";

test.use({ storageState: storageState("superAdmin") });

const LIST = "/settings/super-admin/api-keys";

test("Create new key: searches users of any practice, creates the key and shows its credentials", async ({ page }) => {
  const practice = await createPractice();
  const owner = practice.staff;
  const name = uniqueName("Zapier create");

  await page.goto(LIST);
  await page.getByRole("link", { name: "Create new key" }).click();
  await expect(page.getByRole("heading", { name: "Add API Key" })).toBeVisible();
  await expect(page.getByRole("note", { name: "Caution" })).toContainText("API keys provide unrestricted access to your data");

  // Nothing filled in: each error sits next to its field and nothing is created. A screen reader
  // reads a field as focus reaches it, so its error must be on it by then, not a render later.
  await page.evaluate(() => {
    document.addEventListener("focusin", ({ target }) => {
      const field = target as HTMLElement;
      if (!field.matches("input, textarea")) return;
      const description = (field.getAttribute("aria-describedby") ?? "").split(" ").map((id) => document.getElementById(id)?.textContent ?? "");
      (window as { focusedAs?: object }).focusedAs ??= { invalid: field.getAttribute("aria-invalid"), description: description.join(" ") };
    });
  });
  await page.getByRole("button", { name: "Create" }).click();
  await expect
    .poll(() => page.evaluate(() => (window as { focusedAs?: object }).focusedAs))
    .toMatchObject({
      invalid: "true",
      description: expect.stringContaining("Enter a key name"),
    });
  await expect(page.getByLabel("Key name")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Key name")).toHaveAccessibleDescription(/Enter a key name/);
  await expect(page.getByRole("combobox", { name: "Search for a User" })).toHaveAccessibleDescription(/Choose the user who will own this key/);
  await expect(page.getByLabel("Key name")).toBeFocused();

  await page.getByLabel("Key name").fill(name);
  await page.getByLabel("Key description").fill("Workflow automation for recalls");

  // Type-ahead by part of the username, chosen with the keyboard.
  const combobox = page.getByRole("combobox", { name: "Search for a User" });
  // A paste longer than a search takes is cut at the box, not refused with a validation message.
  await combobox.fill("x".repeat(SEARCH_MAX_LENGTH + 50));
  await expect(combobox).toHaveValue("x".repeat(SEARCH_MAX_LENGTH));
  await expect(page.getByText(/Too big/)).toHaveCount(0);
  await combobox.fill("");
  await combobox.pressSequentially(owner.username.slice(-8));
  const option = page.getByRole("option", { name: new RegExp(owner.username) });
  await expect(option).toBeVisible();
  await expect(option).toContainText(practice.name);
  await expect(combobox).toHaveAttribute("aria-expanded", "true");
  await combobox.press("ArrowDown");
  await combobox.press("ArrowUp");
  await combobox.press("Enter");
  await expect(combobox).toHaveAttribute("aria-expanded", "false");
  await expect(page.getByTestId("selected-owner")).toContainText(owner.username);
  // Choosing the user fixes that field's error at once.
  await expect(page.getByText("Choose the user who will own this key")).toHaveCount(0);

  await page.getByRole("button", { name: "Create" }).click();
  const dialog = page.getByRole("dialog", { name: new RegExp(name) });
  await expect(dialog).toContainText("Both the username and the API key are required");
  await expect(dialog.getByLabel("Username")).toHaveValue(owner.username);
  const key = await dialog.getByLabel("Key", { exact: true }).inputValue();
  expect(key).toMatch(/^hero_test_[0-9A-Za-z]{38}$/);
  await expect(dialog.getByRole("button", { name: "Copy key" })).toBeVisible();
  // What the dialog shows is all a call needs: the key, the username and the practice group the key acts for.
  await expect(dialog).toContainText("x-practice-group-id");
  const practiceGroupId = await dialog.getByLabel("Practice group ID").inputValue();
  expect(practiceGroupId).toBe(practice.id);
  const call = await page.request.get("/api/v1/practice-groups", {
    headers: { "x-api-key": key, "x-username": owner.username, "x-practice-group-id": practiceGroupId },
  });
  expect(call.status()).toBe(200);

  // What the dialog showed is the key that was stored (as a hash), owned by the chosen user.
  const stored = await userKeyByHash(key);
  expect(stored).toMatchObject({ kind: "USER", name, ownerUserId: owner.id });
  expect((await auditEventsFor(stored!.id)).map(({ action, actorName }) => ({ action, actorName }))).toEqual([
    { action: "user_key.created", actorName: "Hero support" },
  ]);
  expect(JSON.stringify(await auditEventsFor(stored!.id))).not.toContain(key);

  // The form behind is shut: a second Create before the list arrives would make a second key.
  await expect(page.locator("form", { has: page.getByLabel("Key name") }).locator("button[type=submit]")).toBeDisabled();
  await dialog.getByRole("button", { name: "Close" }).click();
  await expect(page).toHaveURL(new RegExp(`${LIST}$`));
  // The list says what was done, and focus is there, not lost with the dialog.
  await expect(page.getByTestId("status-message")).toHaveText(`Created the API key "${name}" for ${owner.username}.`);
  await expect(page.getByTestId("status-message")).toBeFocused();
  await page.getByLabel("Search API keys").fill(name);
  await page.getByLabel("Search API keys").press("Enter");
  const row = page.getByTestId("user-key-row").filter({ hasText: name });
  await expect(row).toContainText("Workflow automation for recalls");
  await expect(row).toContainText(owner.username);
  await expect(row).toContainText(practice.name);
  // Used by the call above: its last use, not "Never".
  const lastUsed = row.locator("td").filter({ hasText: "Last used:" });
  await expect(lastUsed).toContainText(String(new Date().getFullYear()));
  await expect(lastUsed).not.toContainText("Never");

  // Filtered by the owner's practice, in any case: the table says whose keys it lists.
  await page.goto(`${LIST}?practice=${encodeURIComponent(practice.code.toLowerCase())}`);
  await expect(page.getByRole("table", { name: `API keys for users of practice ${practice.code.toLowerCase()}` })).toBeVisible();
  await expect(page.getByTestId("user-key-row").filter({ hasText: name })).toHaveCount(1);
});

test("the user search says when nothing matches and Escape closes the list", async ({ page }) => {
  await page.goto(`${LIST}/new`);
  const combobox = page.getByRole("combobox", { name: "Search for a User" });
  await combobox.fill(uniqueName("nobody-here"));
  await expect(page.getByTestId("user-search-status")).toHaveText("No users match.");
  await expect(combobox).toHaveAttribute("aria-expanded", "false");

  await combobox.fill("Dr Matt");
  await expect(page.getByRole("option", { name: /drmatt/ })).toBeVisible();
  await combobox.press("Escape");
  await expect(page.getByRole("listbox")).toBeHidden();
  await page.getByRole("link", { name: "Back" }).click();
  await expect(page).toHaveURL(new RegExp(`${LIST}$`));
});

test("Add API Key works on a phone-width screen", async ({ browser }) => {
  const context = await browser.newContext({ storageState: storageState("superAdmin"), viewport: { width: 375, height: 740 } });
  const page = await context.newPage();
  await page.goto(`${LIST}/new`);
  await expect(page.getByRole("button", { name: "Create" })).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await context.close();
});

test("Add API Key's Help: its heading follows the page's, one level down", async ({ page }) => {
  await page.goto("/settings/super-admin/api-keys/new");
  await page.getByText("Help", { exact: true }).click();
  await expect(page.getByRole("heading", { name: "Security best practices", level: 2 })).toBeVisible();
  await expect(page.getByRole("heading", { level: 3 })).toHaveCount(0);
});
