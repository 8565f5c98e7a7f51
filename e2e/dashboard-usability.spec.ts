// The dashboard on a phone, by keyboard and with a screen reader: no page scrolls sideways at
// 390 px, actions say what they did in a polite status message that takes the focus, and empty
// or read-only states say what to do next.
import type { Page } from "@playwright/test";

import { db, uniqueName } from "../tests/support/practices";
import { connect as connectPartner, rotate } from "./api/helpers/partner-api";
import { insertUserKey } from "./helpers/db";
import { expect, test } from "./helpers/fixtures";
import { signIn } from "./helpers/session";
import { storageState } from "./helpers/users";

async function expectNoSidewaysScroll(page: Page, path: string) {
  await page.goto(path);
  await expect(page.locator("main h1").first()).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `${path} scrolls sideways by ${overflow}px`).toBeLessThanOrEqual(0);
}

async function expectStatus(page: Page, text: string | RegExp) {
  const status = page.getByTestId("status-message");
  await expect(status).toHaveText(text);
  await expect(status).toHaveAttribute("role", "status");
  await expect(status).toBeFocused();
}

async function connect(page: Page, partner: string) {
  await page.goto(`/apps/${partner.toLowerCase()}`);
  await page.getByRole("button", { name: "Connect" }).click();
  await page
    .getByRole("dialog", { name: `Connect ${partner}` })
    .getByRole("button", { name: "Connect" })
    .click();
  await page
    .getByRole("alertdialog", { name: `${partner} is connected` })
    .getByRole("button", { name: "Close" })
    .click();
  await expectStatus(page, `${partner} is connected.`);
}

test("no page of the practice's dashboard scrolls sideways at 390 px", async ({ page }) => {
  await connect(page, "TriageFirst");
  await page.setViewportSize({ width: 390, height: 844 });
  for (const path of ["/dashboard", "/apps", "/apps/triagefirst", "/settings", "/settings/my-practice"]) await expectNoSidewaysScroll(page, path);
  // Status and Revoke are within the screen's width, not beyond a sideways scroll.
  await page.goto("/settings/my-practice");
  const row = page.getByTestId("api-key-row").first();
  for (const element of [row.getByText("Active"), row.getByRole("button", { name: "Revoke" })]) {
    const box = await element.boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= 390).toBe(true);
  }
});

test("a key name of 100 characters wraps rather than pushing the page sideways at 390 px", async ({ page, practice }) => {
  const connection = await connectPartner(undefined, practice);
  await rotate(connection);
  await insertUserKey({ id: practice.staff.id, practiceGroupId: practice.id }, "A user key");
  await db().query(`UPDATE api_keys SET name = $1 WHERE "practiceGroupId" = $2`, ["riverside_triagefirst_production_integration_key_".repeat(2), practice.id]);
  const { rows } = await db().query(`SELECT slug FROM partners WHERE id = $1`, [connection.partnerId]);
  await page.setViewportSize({ width: 390, height: 844 });
  for (const path of ["/settings/my-practice", `/apps/${rows[0].slug}`]) await expectNoSidewaysScroll(page, path);
});

test("no super admin page scrolls sideways at 390 px", async ({ browser }) => {
  const context = await browser.newContext({ storageState: storageState("superAdmin"), viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  for (const path of ["/settings/super-admin", "/settings/super-admin/api-keys", "/settings/super-admin/partners", "/settings/super-admin/networks"]) {
    await expectNoSidewaysScroll(page, path);
  }
  await context.close();
});

test("Disconnect and Revoke say what they did, and focus moves to the message", async ({ page }) => {
  await connect(page, "CareText");
  await page.getByRole("button", { name: "Disconnect" }).click();
  await page
    .getByRole("alertdialog", { name: /Disconnect CareText/ })
    .getByRole("button", { name: "Disconnect" })
    .click();
  await expectStatus(page, "CareText is disconnected. Its API key no longer works.");

  await connect(page, "BookWell");
  await page.goto("/settings/my-practice");
  await page.getByTestId("api-key-row").filter({ hasText: "Active" }).getByRole("button", { name: "Revoke" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Revoke and disconnect" }).click();
  await expectStatus(page, /^Revoked the BookWell key .*BookWell is disconnected\.$/);
});

test("Settings is a real menu entry, also on a phone", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/dashboard");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Settings", level: 1 })).toBeVisible();
  await page
    .getByRole("main")
    .getByRole("link", { name: /My Practice/ })
    .click();
  await expect(page.getByRole("heading", { name: "My Practice", level: 1 })).toBeVisible();
});

test("empty and read-only states say what to do next", async ({ page, practice, browser }) => {
  await page.goto("/dashboard");
  await expect(page.getByText("Connect a partner in Apps")).toBeVisible();
  await expect(page.getByText("Generate API Key in Settings > My Practice")).toBeVisible();

  // A context of its own: the admin's page may still be prefetching, and each answer sets its cookie again.
  const staff = await browser.newContext();
  const staffPage = await staff.newPage();
  await signIn(staffPage, practice.staff.email, practice.staff.password);
  await staffPage.goto("/settings/my-practice");
  await expect(staffPage.getByTestId("read-only-note")).toHaveText(
    "Only practice admins can generate or revoke API keys. Ask a practice admin if a partner needs a key.",
  );
  await staff.close();
});

test("an Apps card is named by its partner and status, and described by its description and scopes", async ({ page }) => {
  await page.goto("/apps");
  const card = page.getByRole("link", { name: "TriageFirst: Not connected", exact: true });
  await expect(card).toHaveAccessibleDescription(/^\S.* Scopes: Booking links, Messaging$/);
  await connect(page, "TriageFirst");
  await page.goto("/apps");
  await expect(page.getByRole("link", { name: "TriageFirst: Connected", exact: true })).toBeVisible();
});

test("View API key hands focus back to its button when the key is closed", async ({ page }) => {
  await connect(page, "CareText");
  const view = page.getByRole("button", { name: "View API key" });
  await view.click();
  const dialog = page.getByRole("alertdialog", { name: "API key for CareText" });
  await dialog.getByRole("button", { name: "Close" }).click();
  await expect(dialog).toBeHidden();
  await expect(view).toBeFocused();
  await expect(page.getByTestId("status-message")).toHaveText("CareText is connected.");
});

test("Delete and Save say what they did, and focus moves to the message", async ({ browser, practice }) => {
  const context = await browser.newContext({ storageState: storageState("superAdmin") });
  const page = await context.newPage();
  const [saved, deleted] = await Promise.all(
    ["Save me", "Delete me"].map((name) => insertUserKey({ id: practice.staff.id, practiceGroupId: practice.id }, uniqueName(name))),
  );
  await page.goto(`/settings/super-admin/api-keys?q=${encodeURIComponent(saved.name)}`);
  await page.getByRole("button", { name: "Edit" }).click();
  const renamed = uniqueName("Saved");
  await page.getByRole("dialog").getByLabel("Key name").fill(renamed);
  await page.getByRole("dialog").getByRole("button", { name: "Save" }).click();
  await expectStatus(page, `Saved the API key "${renamed}".`);

  await page.goto(`/settings/super-admin/api-keys?q=${encodeURIComponent(deleted.name)}`);
  await page.getByRole("button", { name: "Delete" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Delete" }).click();
  await expectStatus(page, `Deleted the API key "${deleted.name}". It no longer works.`);
  await context.close();
});

test("a fixed field loses its error at once, not at the next submit", async ({ page, browser, practice }) => {
  await page.goto("/apps/bookwell");
  await page.getByRole("button", { name: "Connect" }).click();
  const connectDialog = page.getByRole("dialog", { name: "Connect BookWell" });
  for (const scope of await connectDialog.getByRole("checkbox").all()) await scope.uncheck();
  await connectDialog.getByRole("button", { name: "Connect" }).click();
  await expect(connectDialog.getByText("Choose at least one scope")).toBeVisible();
  await connectDialog.getByRole("checkbox", { name: "Booking", exact: true }).check();
  await expect(connectDialog.getByText("Choose at least one scope")).toBeHidden();

  await connectDialog.getByLabel("Expires").selectOption("date");
  await connectDialog.getByRole("button", { name: "Connect" }).click();
  const date = connectDialog.getByLabel("Expiry date");
  await expect(date).toHaveAttribute("aria-invalid", "true");
  // When in the day it ends, and in which zone: a practice outside the UK's clock would guess.
  await expect(date).toHaveAccessibleDescription(/^The key works until the end of this day, UK time\./);
  await date.fill("2099-01-01");
  await expect(date).not.toHaveAttribute("aria-invalid");

  // Hero support's dialogs: the reason, and a field of the action's own.
  await connectPartner(undefined, practice);
  const context = await browser.newContext({ storageState: storageState("superAdmin") });
  const support = await context.newPage();
  await support.goto(`/settings/super-admin/practices/${practice.id}`);
  await support.getByRole("button", { name: "Change rate limit" }).click();
  const dialog = support.getByRole("dialog", { name: /^Rate limit of/ });
  const reason = dialog.getByLabel("Reason");
  await dialog.getByRole("button", { name: "Save rate limit" }).click();
  await expect(reason).toHaveAttribute("aria-invalid", "true");
  await reason.fill("Support ticket 16");
  await expect(reason).not.toHaveAttribute("aria-invalid");
  await dialog.getByLabel("Requests a minute").fill("lots");
  await dialog.getByRole("button", { name: "Save rate limit" }).click();
  const limitError = dialog.getByText(/^Enter a whole number/);
  await expect(limitError).toBeVisible();
  await dialog.getByLabel("Requests a minute").fill("600");
  await expect(limitError).toBeHidden();
  await context.close();
});
