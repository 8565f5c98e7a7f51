// Apps: Connect, view + copy, Rotate API key, Disconnect, reconnect — the help article's table.
import type { Page } from "@playwright/test";

import { db } from "../tests/support/practices";
import { auditActions, createPartner, setPartnerScopes } from "./helpers/db";
import { expect, test } from "./helpers/fixtures";
import { KEY_PATTERN, storedKey } from "./helpers/keys";

async function connect(page: Page, partner: string) {
  await page.goto("/apps");
  await page.getByRole("link", { name: `${partner}: Not connected` }).click();
  await page.getByRole("button", { name: "Connect" }).click();
  await page
    .getByRole("dialog", { name: `Connect ${partner}` })
    .getByRole("button", { name: "Connect" })
    .click();
  const dialog = page.getByRole("alertdialog", { name: `${partner} is connected` });
  const key = await dialog.getByTestId("full-key").inputValue();
  await dialog.getByRole("button", { name: "Close" }).click();
  // The page refreshes after Connect: a test that changes the key in the database before the
  // refresh has landed would see the page read the changed key (CI once found no View API key).
  await expect(page.getByRole("button", { name: "View API key" })).toBeVisible();
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
  // The title changes from Apps', so arriving here is announced.
  await expect(page).toHaveTitle("TriageFirst · Apps · Hero");
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
    await dialog.getByRole("button", { name: "Copy", exact: true }).click();
    await expect(dialog.getByRole("button", { name: "Copied" })).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key);
    await dialog.getByRole("button", { name: "Close" }).click();
  }
  expect(await auditActions(practice.id)).toEqual(["partner.connected", "partner_key.viewed", "partner_key.viewed"]);
});

test("Rotate API key: a new key at once, the old one stops working", async ({ page, practice }) => {
  const oldKey = await connect(page, "CareText");
  await page.getByRole("button", { name: "Rotate API key" }).click();
  const dialog = page.getByRole("dialog", { name: /Rotate the API key for CareText/ });
  await expect(dialog).toContainText("current key stops working straight away");
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

test("a Rotate API key whose answer is lost after it was done never says nothing was changed", async ({ page }) => {
  const oldKey = await connect(page, "CareText");
  // The server action runs and commits; its answer never reaches the browser.
  await page.route("**/apps/**", async (route) => {
    if (route.request().method() !== "POST" || !route.request().headers()["next-action"]) return route.fallback();
    await route.fetch();
    await route.abort("connectionreset");
  });
  await page.getByRole("button", { name: "Rotate API key" }).click();
  await page
    .getByRole("dialog", { name: /Rotate the API key for CareText/ })
    .getByRole("button", { name: "Rotate API key" })
    .click();
  const error = page.getByRole("alert").filter({ hasText: "could not be loaded" });
  await expect(error).toBeVisible();
  await expect(error).not.toContainText("Nothing was changed");
  await expect(error).toContainText("reload the page to see whether it was done");
  expect((await storedKey(oldKey))?.revokedAt).not.toBeNull();
  // Try again fetches the page again: it shows the key the rotation made, not the one it replaced.
  await page.unrouteAll();
  await error.getByRole("button", { name: "Try again" }).click();
  await expect(error).toBeHidden();
  await expect(page.getByTestId("display-key")).toHaveText(/^hero_test_…\w{4}$/);
  await expect(page.getByTestId("display-key")).not.toHaveText(`hero_test_…${oldKey.slice(-4)}`);
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

test("Disconnect on a page that showed an earlier key is refused, and the key a colleague made since keeps working", async ({ page, context }) => {
  await connect(page, "CareText");
  const colleague = await context.newPage();
  await colleague.goto("/apps/caretext");
  await colleague.getByRole("button", { name: "Rotate API key" }).click();
  await colleague
    .getByRole("dialog", { name: /Rotate the API key/ })
    .getByRole("button", { name: "Rotate API key" })
    .click();
  const shown = colleague.getByRole("alertdialog", { name: "New API key for CareText" });
  const current = await shown.getByTestId("full-key").inputValue();
  await shown.getByRole("button", { name: "Close" }).click();

  await page.getByRole("button", { name: "Disconnect" }).click();
  const dialog = page.getByRole("alertdialog", { name: /Disconnect CareText/ });
  await dialog.getByRole("button", { name: "Disconnect" }).click();
  await expect(dialog.getByRole("alert")).toContainText("key has changed since this page was loaded");
  expect((await storedKey(current))?.revokedAt).toBeNull();
  // Closed, the page reads the key as it is now; Disconnect then does what it says.
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByTestId("display-key")).toHaveText(`hero_test_…${current.slice(-4)}`);
  await confirm(page, "Disconnect", /Disconnect CareText/);
  expect((await storedKey(current))?.revokedAt).not.toBeNull();
});

test("View API key's refusal goes once Rotate API key has replaced the key it was about", async ({ page }) => {
  const key = await connect(page, "CareText");
  // Expired after the page was loaded: it still offers View API key.
  await db().query(`UPDATE api_keys SET "expiresAt" = now() - interval '1 second' WHERE id = $1`, [(await storedKey(key))!.id]);
  await page.getByRole("button", { name: "View API key" }).click();
  const refusal = page.getByRole("alert").filter({ hasText: "CareText's key has expired and no longer works." });
  await expect(refusal).toBeVisible();
  await page.getByRole("button", { name: "Rotate API key" }).click();
  const rotate = page.getByRole("dialog", { name: /Rotate the API key/ });
  await rotate.getByRole("button", { name: "Rotate API key" }).click();
  await page.getByRole("alertdialog", { name: "New API key for CareText" }).getByRole("button", { name: "Close" }).click();
  await expect(page.getByTestId("display-key")).not.toHaveText(`hero_test_…${key.slice(-4)}`);
  await expect(refusal).toBeHidden();
});

test("a dialog stays open while its action runs (Escape and a click outside wait for the answer), and selecting its key does not close it", async ({
  page,
}) => {
  await connect(page, "BookWell");
  const outside = { x: 5, y: page.viewportSize()!.height - 5 };

  // Selecting the key by dragging past the dialog's edge lets go outside it: not a click outside.
  await page.getByRole("button", { name: "View API key" }).click();
  const view = page.getByRole("alertdialog", { name: "API key for BookWell" });
  const field = (await view.getByTestId("full-key").boundingBox())!;
  await page.mouse.move(field.x + 5, field.y + field.height / 2);
  await page.mouse.down();
  await page.mouse.move(outside.x, outside.y, { steps: 5 });
  await page.mouse.up();
  await expect(view).toBeVisible();
  await view.getByRole("button", { name: "Close" }).click();

  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route("**/apps/**", async (route) => {
    if (route.request().method() !== "POST" || !route.request().headers()["next-action"]) return route.fallback();
    await held;
    await route.fallback();
  });
  await page.getByRole("button", { name: "Disconnect" }).click();
  const dialog = page.getByRole("alertdialog", { name: /Disconnect BookWell/ });
  await dialog.getByRole("button", { name: "Disconnect" }).click();
  await expect(dialog.getByRole("button", { name: "Disconnecting…" })).toBeVisible();
  // Twice: Chrome closes a dialog on a second Escape whatever the page says.
  await page.keyboard.press("Escape");
  await page.keyboard.press("Escape");
  await page.mouse.click(outside.x, outside.y);
  await expect(dialog).toBeVisible();
  release();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId("status-message")).toContainText("BookWell is disconnected");
});

test("a cancelled confirmation changes nothing", async ({ page }) => {
  const key = await connect(page, "BookWell");
  await page.getByRole("button", { name: "Disconnect" }).click();
  await page
    .getByRole("alertdialog", { name: /Disconnect BookWell/ })
    .getByRole("button", { name: "Cancel" })
    .click();
  await page.keyboard.press("Escape");
  await expect(page.getByText("Connected", { exact: true })).toBeVisible();
  expect((await storedKey(key))?.revokedAt).toBeNull();
});

test("Connect and Rotate API key open on what the page shows now: not a cancelled edit, nor the key before the last rotation", async ({ page }) => {
  await page.goto("/apps/triagefirst");
  const reopen = async (button: string, name: RegExp) => {
    await page.getByRole("button", { name: button }).click();
    return page.getByRole("dialog", { name });
  };

  let dialog = await reopen("Connect", /^Connect TriageFirst/);
  await dialog.getByLabel(/Key name/).fill("Not kept");
  await dialog.getByRole("checkbox", { name: "Booking links" }).uncheck();
  await dialog.getByRole("button", { name: "Cancel" }).click();
  dialog = await reopen("Connect", /^Connect TriageFirst/);
  await expect(dialog.getByLabel(/Key name/)).toHaveValue("");
  await expect(dialog.getByRole("checkbox", { name: "Booking links" })).toBeChecked();
  await dialog.getByRole("checkbox", { name: "Booking links" }).uncheck();
  await dialog.getByRole("button", { name: "Connect" }).click();
  await page.getByRole("alertdialog", { name: "TriageFirst is connected" }).getByRole("button", { name: "Close" }).click();

  dialog = await reopen("Rotate API key", /Rotate the API key/);
  await dialog.getByRole("checkbox", { name: "Booking links" }).check();
  await page.keyboard.press("Escape");
  dialog = await reopen("Rotate API key", /Rotate the API key/);
  await expect(dialog.getByRole("checkbox", { name: "Booking links" })).not.toBeChecked();

  // The page changes while the dialog is closed: it reopens on the new key's scopes.
  await dialog.getByRole("checkbox", { name: "Booking links" }).check();
  await dialog.getByRole("button", { name: "Rotate API key" }).click();
  await page.getByRole("alertdialog", { name: "New API key for TriageFirst" }).getByRole("button", { name: "Close" }).click();
  await expect(page.getByTestId("key-scopes")).toHaveText("Booking links, Messaging");
  dialog = await reopen("Rotate API key", /Rotate the API key/);
  await expect(dialog.getByRole("checkbox", { name: "Booking links" })).toBeChecked();
  await expect(dialog.getByRole("checkbox", { name: "Messaging" })).toBeChecked();
});

test("a Rotate API key refused because the key changed in another tab rotates the current key after Cancel, without a reload", async ({ page }) => {
  const first = await connect(page, "BookWell");
  const other = await page.context().newPage();
  await other.goto("/apps/bookwell");
  await other.getByRole("button", { name: "Rotate API key" }).click();
  await other
    .getByRole("dialog", { name: /Rotate the API key/ })
    .getByRole("button", { name: "Rotate API key" })
    .click();
  const elsewhere = other.getByRole("alertdialog", { name: "New API key for BookWell" });
  const second = await elsewhere.getByTestId("full-key").inputValue();
  await other.close();

  await page.getByRole("button", { name: "Rotate API key" }).click();
  const dialog = page.getByRole("dialog", { name: /Rotate the API key/ });
  await dialog.getByRole("button", { name: "Rotate API key" }).click();
  await expect(dialog.getByRole("alert")).toContainText("BookWell's key has changed since this page was loaded. Nothing was changed");
  expect((await storedKey(second))?.revokedAt).toBeNull();

  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByTestId("display-key")).toHaveText(`hero_test_…${second.slice(-4)}`);
  await page.getByRole("button", { name: "Rotate API key" }).click();
  await dialog.getByRole("button", { name: "Rotate API key" }).click();
  const shown = page.getByRole("alertdialog", { name: "New API key for BookWell" });
  const third = await shown.getByTestId("full-key").inputValue();
  expect(third).not.toBe(second);
  expect((await storedKey(second))?.revokedAt).not.toBeNull();
  expect((await storedKey(first))?.revokedAt).not.toBeNull();
});

test("Connect says what the partner will be able to do, and the key carries the scopes, name and expiry chosen", async ({ page }) => {
  await page.goto("/apps/triagefirst");
  await expect(page.getByTestId("partner-access")).toContainText(
    "TriageFirst will be able to: create, see and stop booking links for your patients, including links others made; and send your patients messages and read every message sent to them through Hero's API.",
  );
  await page.getByRole("button", { name: "Connect" }).click();
  const dialog = page.getByRole("dialog", { name: "Connect TriageFirst" });
  await dialog.getByLabel(/Key name/).fill("TriageFirst production");
  await dialog.getByLabel("Expires").selectOption({ label: "90 days" });
  await dialog.getByRole("checkbox", { name: "Booking links" }).uncheck();
  await expect(dialog.getByTestId("access-summary")).toHaveText(
    "TriageFirst will be able to send your patients messages and read every message sent to them through Hero's API.",
  );
  await dialog.getByRole("button", { name: "Connect" }).click();
  await page.getByRole("alertdialog", { name: "TriageFirst is connected" }).getByRole("button", { name: "Close" }).click();

  const live = page.getByRole("definition").filter({ hasText: "TriageFirst production" });
  await expect(live).toBeVisible();
  await expect(page.getByTestId("key-scopes")).toHaveText("Messaging");
  await expect(page.getByTestId("partner-access")).toHaveText(
    "TriageFirst will be able to send your patients messages and read every message sent to them through Hero's API.",
  );

  // Rotate API key keeps the previous choice of scopes.
  await page.getByRole("button", { name: "Rotate API key" }).click();
  const rotate = page.getByRole("dialog", { name: /Rotate the API key/ });
  await expect(rotate.getByRole("checkbox", { name: "Booking links" })).not.toBeChecked();
  await expect(rotate.getByRole("checkbox", { name: "Messaging" })).toBeChecked();
  await rotate.getByRole("button", { name: "Rotate API key" }).click();
  await page.getByRole("alertdialog", { name: "New API key for TriageFirst" }).getByRole("button", { name: "Close" }).click();
  await expect(page.getByTestId("key-scopes")).toHaveText("Messaging");
});

test("Rotate API key after Generate API Key kills the generated key; the page lists the earlier key with who and why", async ({ page, practice, request }) => {
  await page.goto("/settings/my-practice");
  await page.getByRole("button", { name: "Generate API Key" }).click();
  await page.getByLabel("Partner").selectOption({ label: "BookWell" });
  await page.getByRole("button", { name: "Generate", exact: true }).click();
  const generated = await page.getByTestId("full-key").inputValue();
  await page.getByRole("button", { name: "Copy", exact: true }).click();
  await page.getByRole("button", { name: "Done" }).click();

  await page.goto("/apps/bookwell");
  await expect(page.getByTestId("not-viewable")).toContainText("cannot be shown again");
  await expect(page.getByTestId("not-viewable").getByRole("link", { name: "support@herohealth.net" })).toHaveAttribute("href", "mailto:support@herohealth.net");
  await expect(page.getByRole("button", { name: "View API key" })).toHaveCount(0);
  await page.getByRole("button", { name: "Rotate API key" }).click();
  await page
    .getByRole("dialog", { name: /Rotate the API key/ })
    .getByRole("button", { name: "Rotate API key" })
    .click();
  const fresh = await page.getByRole("alertdialog", { name: "New API key for BookWell" }).getByTestId("full-key").inputValue();
  await page.getByRole("button", { name: "Close" }).click();

  const headers = (key: string) => ({ "x-api-key": key, "x-practice-group-id": practice.id });
  expect((await request.get("/api/v1/practice-groups", { headers: headers(generated) })).status()).toBe(401);
  expect((await request.get("/api/v1/practice-groups", { headers: headers(fresh) })).status()).toBe(200);
  const history = page.getByTestId("history-row");
  await expect(history).toHaveCount(1);
  await expect(history).toContainText(`hero_test_…${generated.slice(-4)}`);
  await expect(history).toContainText("Replaced by a new key");
  await expect(history).toContainText(`E2E ${practice.admin.username}`);
  await page.goto("/settings/my-practice");
  await expect(page.getByTestId("api-key-row").filter({ hasText: "BookWell" }).filter({ hasText: "Active" })).toHaveCount(1);
});

test("after Hero support narrows a partner, its key shows what it may do now, and Rotate API key and Generate API Key still work", async ({ page }) => {
  const partner = await createPartner(["booking_links", "messaging"]);
  await connect(page, partner);
  await setPartnerScopes(partner, ["booking_links"]);

  await page.reload();
  await expect(page.getByTestId("key-scopes")).toHaveText("Booking links");
  await expect(page.getByTestId("partner-access")).toHaveText(
    `${partner} will be able to create, see and stop booking links for your patients, including links others made.`,
  );
  await page.getByRole("button", { name: "Rotate API key" }).click();
  const rotate = page.getByRole("dialog", { name: /Rotate the API key/ });
  await rotate.getByRole("button", { name: "Rotate API key" }).click();
  await page
    .getByRole("alertdialog", { name: `New API key for ${partner}` })
    .getByRole("button", { name: "Close" })
    .click();
  await expect(page.getByTestId("key-scopes")).toHaveText("Booking links");

  await page.goto("/settings/my-practice");
  await expect(page.getByTestId("api-key-row").filter({ hasText: "Active" })).toContainText("Booking links");
  await expect(page.getByTestId("api-key-row").filter({ hasText: "Active" })).not.toContainText("Messaging");
  await page.getByRole("button", { name: "Generate API Key" }).click();
  const generate = page.getByRole("dialog", { name: "Generate API Key" });
  await generate.getByLabel("Partner").selectOption({ label: `${partner} (connected)` });
  await generate.getByRole("button", { name: "Replace key" }).click();
  await expect(page.getByRole("alertdialog", { name: `API key for ${partner}` })).toBeVisible();
});

test("a partner Hero support has suspended says so and offers no Connect, nor a key in Generate API Key", async ({ page }) => {
  const partner = await createPartner(["booking_links"]);
  await db().query(`UPDATE partners SET "suspendedAt" = now() WHERE slug = $1`, [partner]);

  // The Apps list says it too, where a practice would go to connect it.
  await page.goto("/apps");
  await expect(page.getByRole("link", { name: `${partner}: Not connected · Suspended by Hero support` })).toBeVisible();
  await page.goto(`/apps/${partner}`);
  await expect(page.getByTestId("partner-suspended")).toContainText(`Hero support suspended ${partner} on`);
  await expect(page.getByTestId("partner-suspended")).toContainText("it cannot be connected until Hero resumes it");
  await expect(page.getByRole("heading", { name: partner })).toBeVisible();
  await expect(page.getByRole("button", { name: "Connect" })).toHaveCount(0);

  await page.goto("/settings/my-practice");
  await page.getByRole("button", { name: "Generate API Key" }).click();
  const option = page.getByRole("dialog", { name: "Generate API Key" }).getByRole("option", { name: `${partner} (Suspended by Hero support)` });
  await expect(option).toBeDisabled();
});
