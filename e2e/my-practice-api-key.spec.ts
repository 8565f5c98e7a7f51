// Settings > My Practice > API Key: Generate API Key, shown once, copy, Done; Revoke. One partner
// has one live key: generating for a connected partner replaces its key, revoking disconnects it.
import type { APIRequestContext, Page } from "@playwright/test";

import { endOfUkDay, ukDate } from "@/lib/key-expiry";

import { createPractice, db, uniqueName } from "../tests/support/practices";
import { auditActions, storedKeyColumns } from "./helpers/db";
import { expect, test } from "./helpers/fixtures";
import { KEY_PATTERN, storedKey } from "./helpers/keys";

type Options = { scopes?: string[]; expiry?: string; name?: string };

async function openGenerate(page: Page, partner: string, { scopes, expiry, name }: Options = {}) {
  await page.goto("/settings/my-practice");
  await page.getByRole("button", { name: "Generate API Key" }).click();
  const form = page.getByRole("dialog", { name: "Generate API Key" });
  await form.getByLabel("Partner").selectOption({ label: partner });
  if (name) await form.getByLabel(/Key name/).fill(name);
  if (expiry) await form.getByLabel("Expires").selectOption({ label: expiry });
  if (scopes) {
    for (const box of await form.getByRole("checkbox").all()) await box.uncheck();
    for (const scope of scopes) await form.getByRole("checkbox", { name: scope }).check();
  }
  return form;
}

async function generateKey(page: Page, partner: string, options: Options = {}) {
  const form = await openGenerate(page, partner, options);
  await form.getByRole("button", { name: /^(Generate|Replace key)$/ }).click();
  const dialog = page.getByRole("alertdialog", { name: `API key for ${partner.replace(" (connected)", "")}` });
  await expect(dialog).toBeVisible();
  return { dialog, key: await dialog.getByTestId("full-key").inputValue() };
}

/** Copy, then Done: the way out that does not ask. */
async function copyAndClose(page: Page) {
  const dialog = page.getByRole("alertdialog", { name: /API key for/ });
  await dialog.getByRole("button", { name: "Copy", exact: true }).click();
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(dialog).toBeHidden();
}

async function apiStatus(request: APIRequestContext, key: string, practiceGroupId: string, path = "/api/v1/practice-groups") {
  const response = await request.get(path, { headers: { "x-api-key": key, "x-practice-group-id": practiceGroupId } });
  return { status: response.status(), error: response.ok() ? null : ((await response.json()) as { error: string }).error };
}

test("generate → shown once → copy → Done → never visible again", async ({ page, practice }) => {
  const { dialog, key } = await generateKey(page, "TriageFirst");
  expect(key).toMatch(KEY_PATTERN);
  await expect(dialog).toContainText("displayed only once");
  await expect(dialog.getByTestId("new-key-practice-group-id")).toHaveText(practice.id);
  await dialog.getByText("Try it: an example request").click();
  await expect(dialog.getByTestId("curl-example")).toContainText(`x-api-key: ${key}`);
  await expect(dialog.getByTestId("curl-example")).toContainText(`x-practice-group-id: ${practice.id}`);

  await dialog.getByRole("button", { name: "Copy practice group ID" }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(practice.id);
  await dialog.getByRole("button", { name: "Copy", exact: true }).click();
  await expect(dialog.getByRole("button", { name: "Copied" }).first()).toBeVisible();
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
  // Seed 000: "if you clicked Done without copying it, please contact the Hero support team".
  await expect(page.getByRole("link", { name: "support@herohealth.net" })).toHaveAttribute("href", "mailto:support@herohealth.net");

  const stored = await storedKey(key);
  expect(stored?.practiceGroupId).toBe(practice.id);
  // Encrypted for Hero support's Share key only (seed 000), apart from the copies the practice may view, never in the clear.
  expect(stored?.shownOnce).toBe(true);
  expect(stored?.encryptedKey).toBeNull();
  expect(stored?.supportCopy).toMatch(/\S/);
  expect(stored?.supportCopy).not.toContain(key);
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

test("a key name past its limit says how many characters too many, and Generate refuses it at the field and keeps it", async ({ page }) => {
  await page.goto("/settings/my-practice");
  await page.getByRole("button", { name: "Generate API Key" }).click();
  const dialog = page.getByRole("dialog", { name: "Generate API Key" });
  await dialog.getByLabel("Partner").selectOption({ label: "TriageFirst" });
  const name = dialog.getByLabel("Key name");
  await name.fill("k".repeat(101));
  await expect(dialog.getByTestId("character-count")).toHaveText("1 character too many");
  await dialog.getByRole("button", { name: "Generate", exact: true }).click();
  await expect(name).toHaveAttribute("aria-invalid", "true");
  await expect(name).toHaveAccessibleDescription(/1 character too many.*Key name must be 100 characters or fewer/);
  await expect(name).toHaveValue("k".repeat(101));
  await expect(page.getByTestId("full-key")).toHaveCount(0);
});

test("Escape, a click outside and Done before Copy ask before the key is gone", async ({ page }) => {
  const { dialog } = await generateKey(page, "CareText");
  const question = dialog.getByText("You have not copied the key. Close anyway?");

  await page.keyboard.press("Escape");
  await expect(question).toBeVisible();
  await dialog.getByRole("button", { name: "Go back" }).click();
  await expect(question).toBeHidden();

  // A click on the backdrop, outside the dialog's box.
  await page.mouse.click(5, 5);
  await expect(question).toBeVisible();
  await dialog.getByRole("button", { name: "Go back" }).click();

  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(question).toBeVisible();
  await dialog.getByRole("button", { name: "Close anyway" }).click();
  await expect(dialog).toBeHidden();
});

test("leaving the page before Copy asks first, as the key goes with it; once copied, it does not", async ({ page }) => {
  const asked: string[] = [];
  page.on("dialog", (question) => {
    asked.push(question.type());
    void question.accept();
  });

  const { dialog } = await generateKey(page, "CareText");
  await dialog.getByRole("button", { name: "Copy", exact: true }).click();
  await expect(dialog.getByText("Copied to the clipboard")).toBeVisible();
  await page.goto("/docs");
  expect(asked).toEqual([]);

  await generateKey(page, "CareText (connected)");
  await page.goto("/docs");
  expect(asked).toEqual(["beforeunload"]);
});

test("from the keyboard, focus follows the question: Go back when it appears, Done when it goes", async ({ page }) => {
  const { dialog } = await generateKey(page, "CareText");
  await dialog.getByRole("button", { name: "Done" }).focus();
  await page.keyboard.press("Enter");
  await expect(dialog.getByRole("button", { name: "Go back" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(dialog.getByRole("button", { name: "Done" })).toBeFocused();
});

test("copying the example request, which holds the key, counts as copying the key", async ({ page }) => {
  const { dialog, key } = await generateKey(page, "BookWell");
  await dialog.getByText("Try it: an example request").click();
  await dialog.getByRole("button", { name: "Copy example" }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toContain(key);
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(dialog).toBeHidden();
});

test("copying the whole key by hand counts as copying it; copying part of it does not", async ({ page }) => {
  const { dialog } = await generateKey(page, "TriageFirst");
  const field = dialog.getByTestId("full-key");
  await field.evaluate((textarea: HTMLTextAreaElement) => textarea.setSelectionRange(0, 8));
  await page.keyboard.press("ControlOrMeta+C");
  await dialog.getByRole("button", { name: "Done" }).click();
  await dialog.getByRole("button", { name: "Go back" }).click();
  // Focus selects the whole key (as a click does), then the keyboard's copy.
  await dialog.getByRole("button", { name: "Done" }).focus();
  await field.focus();
  await page.keyboard.press("ControlOrMeta+C");
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(dialog).toBeHidden();
});

// Each said "select the key", the practice group ID's and the example's too.
test("a Copy that cannot reach the clipboard says what to select and copy by hand", async ({ page }) => {
  // A browser that refuses the clipboard (a policy, a window without focus).
  await page.addInitScript(() => {
    navigator.clipboard.writeText = () => Promise.reject(new DOMException("Write permission denied.", "NotAllowedError"));
  });
  const { dialog } = await generateKey(page, "TriageFirst");
  await dialog.getByRole("button", { name: "Copy", exact: true }).click();
  await expect(dialog.getByText("Could not copy: select the key and copy it by hand.")).toBeVisible();
  await dialog.getByRole("button", { name: "Copy practice group ID" }).click();
  await expect(dialog.getByText("Could not copy: select the practice group ID and copy it by hand.")).toBeVisible();
});

test("the whole key is readable at phone width", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const { dialog, key } = await generateKey(page, "BookWell");
  const field = dialog.getByTestId("full-key");
  await expect(field).toBeInViewport();
  const fits = await field.evaluate((element) => element.scrollWidth <= element.clientWidth && element.scrollHeight <= element.clientHeight);
  expect(fits).toBe(true);
  expect(await field.inputValue()).toBe(key);
  await copyAndClose(page);
});

test("Generate API Key for a connected partner says it replaces the key, and the old key is 401 at once", async ({ page, practice, request }) => {
  const first = await generateKey(page, "TriageFirst");
  await copyAndClose(page);
  expect((await apiStatus(request, first.key, practice.id)).status).toBe(200);

  const form = await openGenerate(page, "TriageFirst (connected)");
  await expect(form.getByTestId("replace-warning")).toContainText(`replaces its current key (hero_test_…${first.key.slice(-4)}), which stops working at once`);
  // Nothing has happened yet.
  expect((await apiStatus(request, first.key, practice.id)).status).toBe(200);
  await form.getByRole("button", { name: "Replace key" }).click();
  const second = page.getByRole("alertdialog", { name: "API key for TriageFirst" });
  await expect(second).toContainText(`The previous key (hero_test_…${first.key.slice(-4)}) no longer works.`);
  const secondKey = await second.getByTestId("full-key").inputValue();
  await copyAndClose(page);

  expect(await apiStatus(request, first.key, practice.id)).toEqual({ status: 401, error: "invalid_credentials" });
  expect((await apiStatus(request, secondKey, practice.id)).status).toBe(200);
  const rows = page.getByTestId("api-key-row").filter({ hasText: "TriageFirst" });
  await expect(rows.filter({ hasText: "Active" })).toHaveCount(1);
  await expect(rows.filter({ hasText: first.key.slice(-4) })).toContainText("Rotated");
});

test("a key generated in another tab since this dialog opened is not replaced unseen: refused, and it keeps working", async ({ page, practice, request }) => {
  const form = await openGenerate(page, "TriageFirst");
  await expect(form.getByTestId("replace-warning")).toHaveCount(0);
  const other = await page.context().newPage();
  const elsewhere = await generateKey(other, "TriageFirst");
  await copyAndClose(other);

  await form.getByRole("button", { name: "Generate" }).click();
  await expect(form.getByRole("alert")).toContainText("TriageFirst's key has changed since this page was loaded. Nothing was changed");
  // Focus is on the refusal, not lost to the page with the button that was disabled while it ran.
  await expect(form.getByRole("alert")).toBeFocused();
  expect((await apiStatus(request, elsewhere.key, practice.id)).status).toBe(200);

  // Cancel shows the page as it is now: trying again (without a reload) names the key it replaces, and replaces it.
  await form.getByRole("button", { name: "Cancel" }).click();
  await page.getByRole("button", { name: "Generate API Key" }).click();
  await form.getByLabel("Partner").selectOption({ label: "TriageFirst (connected)" });
  await expect(form.getByTestId("replace-warning")).toContainText(`(hero_test_…${elsewhere.key.slice(-4)})`);
  await form.getByRole("button", { name: "Replace key" }).click();
  await expect(page.getByRole("alertdialog", { name: "API key for TriageFirst" })).toContainText(
    `The previous key (hero_test_…${elsewhere.key.slice(-4)}) no longer works.`,
  );
  expect(await apiStatus(request, elsewhere.key, practice.id)).toEqual({ status: 401, error: "invalid_credentials" });
});

test("Revoke says it disconnects the partner, stops the key at once, and never leaves it Connected without a key", async ({ page, practice, request }) => {
  const { key } = await generateKey(page, "CareText");
  await copyAndClose(page);

  const row = page.getByTestId("api-key-row").filter({ hasText: key.slice(-4) });
  await row.getByRole("button", { name: "Revoke" }).click();
  const confirm = page.getByRole("alertdialog", { name: /Revoke CareText key/ });
  await expect(confirm).toContainText("CareText is disconnected");
  await confirm.getByRole("button", { name: "Cancel" }).click();
  expect((await storedKey(key))?.revokedAt).toBeNull();

  await row.getByRole("button", { name: "Revoke" }).click();
  await confirm.getByRole("button", { name: "Revoke and disconnect" }).click();
  await expect(confirm).toBeHidden();
  await expect(row).toContainText("Revoked");
  await expect(row.getByRole("button", { name: "Revoke" })).toHaveCount(0);
  expect(await apiStatus(request, key, practice.id)).toEqual({ status: 401, error: "invalid_credentials" });

  await page.goto("/apps");
  await expect(page.getByRole("link", { name: "CareText: Not connected" })).toBeVisible();
  expect(await auditActions(practice.id)).toEqual(expect.arrayContaining(["api_key.revoked", "partner.disconnected"]));
});

test("a Revoke refused because another tab revoked the key first shows the key as it is now after Cancel, without a reload", async ({ page, context }) => {
  const { key } = await generateKey(page, "CareText");
  await copyAndClose(page);
  const row = page.getByTestId("api-key-row").filter({ hasText: key.slice(-4) });

  const other = await context.newPage();
  await other.goto("/settings/my-practice");
  const otherRow = other.getByTestId("api-key-row").filter({ hasText: key.slice(-4) });
  await otherRow.getByRole("button", { name: "Revoke" }).click();
  await other
    .getByRole("alertdialog", { name: /Revoke CareText key/ })
    .getByRole("button", { name: "Revoke and disconnect" })
    .click();
  await expect(otherRow).toContainText("Revoked");
  await other.close();

  await row.getByRole("button", { name: "Revoke" }).click();
  const confirm = page.getByRole("alertdialog", { name: /Revoke CareText key/ });
  await confirm.getByRole("button", { name: "Revoke and disconnect" }).click();
  await expect(confirm).toContainText("This key is already revoked");
  await confirm.getByRole("button", { name: "Cancel" }).click();
  await expect(row).toContainText("Revoked");
  await expect(row.getByRole("button", { name: "Revoke" })).toHaveCount(0);
});

test("a narrowed key is 403 insufficient_permissions on the scope it lacks and 200 on the one it kept", async ({ page, practice, request }) => {
  const form = await openGenerate(page, "BookWell", { scopes: ["Booking links"] });
  await expect(form).toContainText("BookWell will be able to create, see and stop booking links for your patients, including links others made.");
  await form.getByRole("button", { name: "Generate" }).click();
  const key = await page.getByTestId("full-key").inputValue();
  await copyAndClose(page);

  await expect(page.getByTestId("api-key-row").filter({ hasText: key.slice(-4) })).toContainText("Booking links");
  expect((await apiStatus(request, key, practice.id, "/api/v1/booking-links")).status).toBe(200);
  expect(await apiStatus(request, key, practice.id, "/api/v1/appointments")).toEqual({ status: 403, error: "insufficient_permissions" });
});

test("an expiry on a date with no date is refused, announced, next to the date", async ({ page }) => {
  const form = await openGenerate(page, "CareText", { expiry: "On a date" });
  await form.getByRole("button", { name: "Generate" }).click();
  await expect(form.getByRole("alert").filter({ hasText: "Enter the expiry date" })).toBeVisible();
  // A summer date: the key works to the end of that UK day, and My Practice names the day chosen.
  const year = new Date().getUTCFullYear() + 1;
  await form.getByLabel("Expiry date").fill(`${year}-06-05`);
  await form.getByRole("button", { name: "Generate" }).click();
  const key = await page.getByTestId("full-key").inputValue();
  await copyAndClose(page);
  await expect(page.getByTestId("api-key-row").filter({ hasText: key.slice(-4) })).toContainText(`End of 5 Jun ${year}`);
  // Stored in UTC: midnight at the start of 6 June is 23:00 on 5 June (BST).
  const { rows } = await db().query(`SELECT to_char("expiresAt", 'YYYY-MM-DD HH24:MI') AS utc FROM api_keys WHERE id = $1`, [(await storedKey(key))!.id]);
  expect(rows[0].utc).toBe(`${year}-06-05 23:00`);
});

test("no scope at all is refused next to the scopes", async ({ page }) => {
  const form = await openGenerate(page, "BookWell", { scopes: [] });
  await form.getByRole("button", { name: "Generate" }).click();
  await expect(form.getByText("Choose at least one scope")).toBeVisible();
  // Disabled while it ran, Generate gets focus back: not lost to the page.
  await expect(form.getByRole("button", { name: "Generate" })).toBeFocused();
});

test("expiry: a warning within 14 days on My Practice, Apps and the Dashboard; once expired, 401 and 'Connected · key expired'", async ({
  page,
  practice,
  request,
}) => {
  const { key } = await generateKey(page, "TriageFirst", { expiry: "30 days", name: "TriageFirst production" });
  await copyAndClose(page);
  const row = page.getByTestId("api-key-row").filter({ hasText: key.slice(-4) });
  await expect(row).toContainText("TriageFirst production");
  await expect(row).not.toContainText("Expires in");

  const { id } = (await storedKey(key))!;
  await db().query(`UPDATE api_keys SET "expiresAt" = now() + interval '5 days' - interval '1 minute' WHERE id = $1`, [id]);
  await page.reload();
  await expect(row).toContainText("Expires in 5 days");
  await page.goto("/apps/triagefirst");
  await expect(page.getByText("Expires in 5 days")).toBeVisible();
  await page.goto("/dashboard");
  await expect(page.getByTestId("expiring-key")).toContainText("Expires in 5 days");

  await db().query(`UPDATE api_keys SET "expiresAt" = now() - interval '1 second' WHERE id = $1`, [id]);
  expect(await apiStatus(request, key, practice.id)).toEqual({ status: 401, error: "invalid_credentials" });
  await page.goto("/apps");
  await expect(page.getByRole("link", { name: "TriageFirst: Connected · key expired" })).toBeVisible();
  await page.goto("/settings/my-practice");
  await expect(row).toContainText("Expired");
});

test("replacing a key that expires keeps its name and last day, in Generate API Key and Rotate API key; an expired key's leaves the date to choose", async ({
  page,
}) => {
  const { key } = await generateKey(page, "TriageFirst", { expiry: "30 days", name: "production" });
  await copyAndClose(page);
  const lastDay = ukDate(new Date((await storedKey(key))!.expiresAt!.getTime() - 1));

  const form = await openGenerate(page, "TriageFirst (connected)");
  await expect(form.getByLabel(/Key name/)).toHaveValue("production");
  await expect(form.getByLabel("Expires")).toHaveValue("date");
  await expect(form.getByLabel("Expiry date")).toHaveValue(lastDay);
  const { key: replacement } = await generateKey(page, "TriageFirst (connected)");
  await copyAndClose(page);
  expect((await storedKey(replacement))!.expiresAt).toEqual(endOfUkDay(lastDay));

  await page.goto("/apps/triagefirst");
  await page.getByRole("button", { name: "Rotate API key" }).click();
  let rotate = page.getByRole("dialog", { name: /Rotate the API key/ });
  await expect(rotate.getByLabel(/Key name/)).toHaveValue("production");
  await expect(rotate.getByLabel("Expires")).toHaveValue("date");
  await expect(rotate.getByLabel("Expiry date")).toHaveValue(lastDay);
  await rotate.getByRole("button", { name: "Rotate API key" }).click();
  const shown = page.getByRole("alertdialog", { name: "New API key for TriageFirst" });
  const rotated = await shown.getByTestId("full-key").inputValue();
  await shown.getByRole("button", { name: "Close" }).click();
  expect((await storedKey(rotated))!.expiresAt).toEqual(endOfUkDay(lastDay));

  // Expired: no day to keep, and no quiet "No expiry" either.
  await db().query(`UPDATE api_keys SET "expiresAt" = now() - interval '1 second' WHERE id = $1`, [(await storedKey(rotated))!.id]);
  await page.reload();
  await page.getByRole("button", { name: "Rotate API key" }).click();
  rotate = page.getByRole("dialog", { name: /Rotate the API key/ });
  await expect(rotate.getByLabel("Expires")).toHaveValue("date");
  await expect(rotate.getByLabel("Expiry date")).toHaveValue("");
  await rotate.getByRole("button", { name: "Rotate API key" }).click();
  await expect(rotate.getByRole("alert").filter({ hasText: "Enter the expiry date" })).toBeVisible();
  expect((await storedKey(rotated))!.revokedAt).toBeNull();
});

test("the Activity list shows who did what, naming the key", async ({ page }) => {
  await generateKey(page, "BookWell", { name: "BookWell live" });
  await copyAndClose(page);
  const activity = page.getByRole("list", { name: "Activity" });
  await expect(activity.getByTestId("activity-item").first()).toContainText("Generated API key");
  await expect(activity.getByTestId("activity-item").first()).toContainText("BookWell live (hero_test_…");
  await expect(activity).toContainText("Connected");
});

test("My Practice names the other members of each network, whose keys may act for the practice", async ({ page, practice }) => {
  await page.goto("/settings/my-practice");
  await expect(page.getByTestId("practice-networks")).toHaveText("None");
  const other = await createPractice();
  const code = uniqueName("PCN");
  await db().query(
    `WITH n AS (INSERT INTO networks (id, name, code) VALUES (gen_random_uuid(), $1, $1) RETURNING id)
     INSERT INTO network_members ("networkId", "practiceGroupId") SELECT n.id, p FROM n, unnest($2::uuid[]) p`,
    [code, [practice.id, other.id]],
  );
  await page.reload();
  await expect(page.getByTestId("practice-networks").getByRole("listitem")).toHaveText([`${code}: with ${other.name}`]);
  await expect(page.getByTestId("practice-networks")).toContainText("can make calls for your practice");
});

test("Activity shows the latest 50 events and says where the earlier ones are", async ({ page, practice }) => {
  await page.goto("/settings/my-practice");
  await expect(page.getByTestId("activity-more")).toHaveCount(0);
  await db().query(
    `INSERT INTO audit_events (id, "practiceGroupId", "actorName", action, "targetType", "targetLabel", "createdAt")
     SELECT gen_random_uuid(), $1, 'E2E', 'practice.details_updated', 'practice', 'Details ' || n, now() AT TIME ZONE 'UTC' - n * interval '1 minute'
     FROM generate_series(1, 51) n`,
    [practice.id],
  );
  await page.reload();
  await expect(page.getByTestId("activity-item")).toHaveCount(50);
  await expect(page.getByTestId("activity-more")).toContainText("The latest 50 events. For earlier ones, contact the Hero support team");
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
  await dialog.getByRole("button", { name: "Copy", exact: true }).focus();
  await page.keyboard.press("Enter");
  await expect(dialog.getByText("Copied to the clipboard")).toBeVisible();
  await dialog.getByRole("button", { name: "Done" }).focus();
  await page.keyboard.press("Enter");
  await expect(dialog).toBeHidden();
});
