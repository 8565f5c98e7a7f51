import { expect, test, type Browser, type Page } from "@playwright/test";

import { createPractice, uniqueName } from "../tests/support/practices";
import { auditEventsFor, countUserKeysNamed, insertUserKey, userKeyRow } from "./helpers/db";
import { callServerAction, captureServerAction, type CapturedAction } from "./helpers/server-actions";
import { storageState, type DemoUser } from "./helpers/users";

const LIST = "/settings/super-admin/api-keys";
const OUTSIDERS: DemoUser[] = ["riversideStaff", "riversideAdmin"];

for (const user of OUTSIDERS) {
  test.describe(`${user} is not a super admin`, () => {
    test.use({ storageState: storageState(user) });

    test("sees no Super admin menu and gets not-found by URL", async ({ page }) => {
      await page.goto("/dashboard");
      const nav = page.getByRole("navigation", { name: "Main" });
      await expect(nav.getByRole("link", { name: "My Practice" })).toBeVisible();
      await expect(nav.getByRole("link", { name: "Super admin" })).toHaveCount(0);
      const practice = await createPractice();
      for (const path of ["/settings/super-admin", LIST, `${LIST}?q=Zapier`, `${LIST}/new`, `/settings/super-admin/practices/${practice.id}`]) {
        const response = await page.goto(path);
        expect(response?.status()).toBe(404);
        await expect(page.getByText("Zapier")).toHaveCount(0);
        // Nor in the title, which names the practice on its support page.
        expect(await page.title()).not.toContain(practice.name);
      }
    });
  });
}

test("the super admin sees the menu entry", async ({ browser }) => {
  const page = await signedInPage(browser, "superAdmin");
  await page.goto("/dashboard");
  // Seed 004's path: Settings > Super admin > API keys.
  const nav = page.getByRole("navigation", { name: "Main" });
  await nav.getByRole("link", { name: "Settings", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Settings", level: 1 })).toBeVisible();
  await nav.getByRole("link", { name: "Super admin" }).click();
  await expect(page.getByRole("heading", { name: "Super admin", level: 1 })).toBeVisible();
  await nav.getByRole("link", { name: "API keys" }).click();
  await expect(page).toHaveURL(new RegExp(`${LIST}$`));
  await expect(page.getByRole("heading", { name: "API keys", level: 1 })).toBeVisible();
  await expect(nav.getByRole("link", { name: "API keys" })).toHaveAttribute("aria-current", "page");
  // Under it (Add API Key), the entry still says where you are; the entries above it do not.
  await page.getByRole("link", { name: "Create new key" }).click();
  await expect(page.getByRole("heading", { name: "Add API Key" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "API keys" })).toHaveAttribute("aria-current", "true");
  for (const name of ["Settings", "Super admin"]) await expect(nav.getByRole("link", { name, exact: true })).not.toHaveAttribute("aria-current");
  await page.context().close();
});

async function signedInPage(browser: Browser, user: DemoUser) {
  const context = await browser.newContext({ storageState: storageState(user) });
  return context.newPage();
}

/** Real action ids, captured from the super admin's own clicks on a throwaway key. */
async function captureActions(page: Page, owner: { id: string; practiceGroupId: string; username: string }) {
  const bait = await insertUserKey(owner, uniqueName("Bait"));
  await page.goto(`${LIST}?q=${encodeURIComponent(bait.name)}`);
  const row = page.getByTestId("user-key-row").filter({ hasText: bait.name });
  const view = await captureServerAction(page, () => row.getByRole("button", { name: "View" }).click());
  await page.getByRole("dialog").getByRole("button", { name: "Close" }).click();
  await row.getByRole("button", { name: "Edit" }).click();
  const update = await captureServerAction(page, () => page.getByRole("dialog").getByRole("button", { name: "Save" }).click());
  await expect(page.getByRole("dialog")).toBeHidden();
  await row.getByRole("button", { name: "Delete" }).click();
  const remove = await captureServerAction(page, () => page.getByRole("alertdialog").getByRole("button", { name: "Delete" }).click());
  await expect(row).toHaveCount(0);

  await page.goto(`${LIST}/new`);
  const combobox = page.getByRole("combobox", { name: "Search for a User" });
  const search = await captureServerAction(page, () => combobox.fill(owner.username));
  await expect(page.getByRole("option")).toHaveCount(1);
  await combobox.press("Escape");
  const create = await captureServerAction(page, () => page.getByRole("button", { name: "Create" }).click());
  return { view, update, remove, search, create };
}

test("forged server-action calls by non-super-admins are refused and change nothing", async ({ browser, playwright, baseURL }) => {
  const practice = await createPractice();
  const owner = { id: practice.staff.id, practiceGroupId: practice.id, username: practice.staff.username };
  const superAdmin = await signedInPage(browser, "superAdmin");
  const actions = await captureActions(superAdmin, owner);
  await superAdmin.context().close();

  const target = await insertUserKey(owner, uniqueName("Target"), "untouched");
  const forgedName = uniqueName("Forged");

  for (const user of OUTSIDERS) {
    const request = await playwright.request.newContext({ baseURL, storageState: storageState(user) });
    const calls: [CapturedAction, unknown][] = [
      [actions.view, { keyId: target.id }],
      [actions.update, { keyId: target.id, name: forgedName, description: "forged" }],
      [actions.remove, { keyId: target.id }],
      [actions.create, { name: forgedName, description: "", ownerUserId: owner.id }],
      [actions.search, { query: owner.username }],
    ];
    for (const [action, input] of calls) {
      const { body } = await callServerAction(request, action, input);
      expect(body).toContain("Not found");
      expect(body).not.toContain(target.key);
      expect(body).not.toContain(owner.username);
    }
    await request.dispose();
  }

  expect(await userKeyRow(target.id)).toMatchObject({ name: target.name, description: "untouched", revokedAt: null, deletedAt: null, viewable: true });
  expect(await auditEventsFor(target.id)).toEqual([]);
  expect(await countUserKeysNamed(forgedName)).toBe(0);
});
