// Settings > Super admin > Partners and Networks: Hero support's changes, each with a reason,
// apply to the API on the next request on every instance; anyone else gets not-found.
import { expect, test, type Browser, type Page } from "@playwright/test";

import { HERO_SUPPORT_EMAIL } from "../lib/support";
import { createPractice, db, uniqueName } from "../tests/support/practices";
import { apiHeaders, connect } from "./api/helpers/partner-api";
import { callServerAction, captureServerAction } from "./helpers/server-actions";
import { practiceActivity, signIn } from "./helpers/session";
import { storageState } from "./helpers/users";

const INSTANCES = [process.env.E2E_BASE_URL!, process.env.E2E_UPSTASH_BASE_URL!, process.env.E2E_UPSTASH_B_BASE_URL!];
const REASON = "Support ticket 4711";

async function superAdminPage(browser: Browser) {
  const context = await browser.newContext({ storageState: storageState("superAdmin") });
  return context.newPage();
}

/** The status of one request on every instance (in-process limiter and both Upstash instances). */
async function statuses(page: Page, key: string, practiceGroupId: string, path = "/api/v1/practice-groups") {
  const result = [];
  for (const base of INSTANCES) result.push((await page.request.get(`${base}${path}`, { headers: apiHeaders({ key, practiceGroupId }) })).status());
  return result;
}

async function confirmWithReason(page: Page, dialogName: string | RegExp, confirm: string) {
  const dialog = page.getByRole("dialog", { name: dialogName });
  await dialog.getByLabel("Reason").fill(REASON);
  await dialog.getByRole("button", { name: confirm }).click();
  await expect(dialog).toBeHidden();
}

test("Suspend partner: 401 on the next request on every instance; Resume partner restores it", async ({ browser }) => {
  const page = await superAdminPage(browser);
  const connection = await connect();
  expect(await statuses(page, connection.key, connection.practice.id)).toEqual([200, 200, 200]);

  await page.goto(`/settings/super-admin/partners/${connection.partnerId}`);
  await page.getByRole("button", { name: "Suspend partner" }).click();
  const dialog = page.getByRole("dialog", { name: /^Suspend/ });
  await dialog.getByRole("button", { name: "Suspend partner" }).click();
  // Announced: the error is an alert, and the field says it is the one in error.
  await expect(dialog.getByRole("alert").filter({ hasText: /Say why/ })).toBeVisible();
  await expect(dialog.getByLabel("Reason")).toHaveAttribute("aria-invalid", "true");
  await confirmWithReason(page, /^Suspend/, "Suspend partner");
  await expect(page.getByText(/^Suspended/)).toBeVisible();
  expect(await statuses(page, connection.key, connection.practice.id)).toEqual([401, 401, 401]);

  // The practice is told, on Apps and on the partner's page: its partner still shows as connected, but nothing it sends works.
  const {
    rows: [partner],
  } = await db().query(`SELECT name, slug FROM partners WHERE id = $1`, [connection.partnerId]);
  const practicePage = await (await browser.newContext()).newPage();
  await signIn(practicePage, connection.practice.admin.email, connection.practice.admin.password);
  await practicePage.goto("/apps");
  await expect(practicePage.getByRole("link", { name: `${partner.name}: Connected · Suspended by Hero support` })).toBeVisible();
  await practicePage.goto(`/apps/${partner.slug}`);
  await expect(practicePage.getByTestId("partner-suspended")).toContainText(`Hero support suspended ${partner.name}`);
  await expect(practicePage.getByTestId("partner-suspended").getByRole("link", { name: HERO_SUPPORT_EMAIL })).toHaveAttribute(
    "href",
    `mailto:${HERO_SUPPORT_EMAIL}`,
  );
  // Generate API Key says so too, before it shows a key that would be refused.
  await practicePage.goto("/settings/my-practice");
  await practicePage.getByRole("button", { name: "Generate API Key" }).click();
  const generate = practicePage.getByRole("dialog", { name: "Generate API Key" });
  await generate.getByLabel("Partner").selectOption({ label: `${partner.name} (connected · Suspended by Hero support)` });
  await expect(generate.getByTestId("replace-warning")).toContainText(
    `Hero support has suspended ${partner.name}: the new key, like the current one, is refused until Hero resumes it.`,
  );

  await page.getByRole("button", { name: "Resume partner" }).click();
  await confirmWithReason(page, /^Resume/, "Resume partner");
  expect(await statuses(page, connection.key, connection.practice.id)).toEqual([200, 200, 200]);
  await practicePage.reload();
  await expect(practicePage.getByTestId("partner-suspended")).toBeHidden();
  await practicePage.context().close();
  const { rows } = await db().query(
    `SELECT action, "actorName", metadata->>'reason' AS reason FROM audit_events WHERE "targetId" = $1 AND action IN ('partner.suspended', 'partner.resumed') ORDER BY "createdAt"`,
    [connection.partnerId],
  );
  expect(rows.map((row) => [row.action, row.actorName, row.reason])).toEqual([
    ["partner.suspended", "Hero support", REASON],
    ["partner.resumed", "Hero support", REASON],
  ]);
  await page.context().close();
});

test("Change scopes of one connection: 403 insufficient_permissions on the next request; the practice's Activity says Hero support", async ({ browser }) => {
  const page = await superAdminPage(browser);
  const connection = await connect(["booking_links", "messaging"]);
  expect(await statuses(page, connection.key, connection.practice.id, "/api/v1/booking-links")).toEqual([200, 200, 200]);

  await page.goto(`/settings/super-admin/partners/${connection.partnerId}`);
  const row = page.getByTestId("support-connection-row").filter({ hasText: connection.practice.name });
  await row.getByRole("button", { name: "Change scopes" }).click();
  const dialog = page.getByRole("dialog", { name: /Scopes of the key/ });
  await dialog.getByRole("checkbox", { name: "Booking links" }).uncheck();
  await confirmWithReason(page, /Scopes of the key/, "Save scopes");
  await expect(row).toContainText("Messaging");
  await expect(row).not.toContainText("Booking links");
  expect(await statuses(page, connection.key, connection.practice.id, "/api/v1/booking-links")).toEqual([403, 403, 403]);
  expect(await statuses(page, connection.key, connection.practice.id, "/api/v1/messages")).toEqual([200, 200, 200]);

  const { rows } = await db().query(`SELECT "actorName" FROM audit_events WHERE "practiceGroupId" = $1 AND action = 'partner_key.scopes_changed'`, [
    connection.practice.id,
  ]);
  expect(rows).toEqual([{ actorName: "Hero support" }]);
  expect(await practiceActivity(browser, connection.practice.admin.id)).toContainEqual(expect.stringContaining("Hero support · Changed API key scopes"));

  // From the practice's page too, which support finds by the practice's code.
  await page.goto(`/settings/super-admin/practices/${connection.practice.id}`);
  await page.getByTestId("support-connection").getByRole("button", { name: "Change scopes" }).click();
  await page
    .getByRole("dialog", { name: /Scopes of the key/ })
    .getByRole("checkbox", { name: "Booking links" })
    .check();
  await confirmWithReason(page, /Scopes of the key/, "Save scopes");
  expect(await statuses(page, connection.key, connection.practice.id, "/api/v1/booking-links")).toEqual([200, 200, 200]);
  await page.context().close();
});

test("Change scopes, Edit partner and Change rate limit open on what the page shows, not on an edit that was cancelled", async ({ browser }) => {
  const page = await superAdminPage(browser);
  const connection = await connect(["booking_links", "messaging"]);
  const { rows } = await db().query(`SELECT name FROM partners WHERE id = $1`, [connection.partnerId]);
  await page.goto(`/settings/super-admin/partners/${connection.partnerId}`);
  const reopen = async (button: string, name: RegExp) => {
    await page.getByRole("button", { name: button }).first().click();
    return page.getByRole("dialog", { name });
  };

  let dialog = await reopen("Change scopes", /Scopes of the key/);
  await dialog.getByRole("checkbox", { name: "Booking links" }).uncheck();
  await dialog.getByRole("button", { name: "Cancel" }).click();
  dialog = await reopen("Change scopes", /Scopes of the key/);
  await expect(dialog.getByRole("checkbox", { name: "Booking links" })).toBeChecked();
  await dialog.getByRole("button", { name: "Cancel" }).click();

  dialog = await reopen("Edit partner", /^Edit/);
  await dialog.getByLabel("Name").fill("Not saved");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  dialog = await reopen("Edit partner", /^Edit/);
  await expect(dialog.getByLabel("Name")).toHaveValue(rows[0].name);
  await dialog.getByRole("button", { name: "Cancel" }).click();

  await page.goto(`/settings/super-admin/practices/${connection.practice.id}`);
  dialog = await reopen("Change rate limit", /^Rate limit/);
  await dialog.getByLabel("Requests a minute").fill("999");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  dialog = await reopen("Change rate limit", /^Rate limit/);
  await expect(dialog.getByLabel("Requests a minute")).toHaveValue("");
  await page.context().close();
});

test("Edit partner saves; a second super admin's form, loaded before that save, says so and saves nothing, so a removed scope stays removed", async ({
  browser,
}) => {
  const connection = await connect(["booking_links", "messaging"]);
  const [first, second] = [await superAdminPage(browser), await superAdminPage(browser)];
  for (const page of [first, second]) await page.goto(`/settings/super-admin/partners/${connection.partnerId}`);

  await first.getByRole("button", { name: "Edit partner" }).click();
  let dialog = first.getByRole("dialog", { name: /^Edit/ });
  await dialog.getByRole("checkbox", { name: "Messaging" }).uncheck();
  await confirmWithReason(first, /^Edit/, "Save");
  await expect(first.getByRole("status")).toContainText("Saved");

  await second.getByRole("button", { name: "Edit partner" }).click();
  dialog = second.getByRole("dialog", { name: /^Edit/ });
  await expect(dialog.getByRole("checkbox", { name: "Messaging" })).toBeChecked();
  await dialog.getByLabel("Description").fill("Edited on a page loaded before");
  await dialog.getByLabel("Reason").fill(REASON);
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog.getByRole("alert").filter({ hasText: "changed by someone else" })).toContainText("Nothing was saved: reload the page");
  const { rows } = await db().query(`SELECT scopes::text[] AS scopes, description FROM partners WHERE id = $1`, [connection.partnerId]);
  expect(rows).toEqual([{ scopes: ["booking_links"], description: "Test partner" }]);
  await first.context().close();
  await second.context().close();
});

test("a text field near its limit counts what is left and, past it, how many too many; Save then keeps the text and says the limit at the field", async ({
  browser,
}) => {
  const connection = await connect();
  const page = await superAdminPage(browser);
  await page.goto(`/settings/super-admin/partners/${connection.partnerId}`);
  await page.getByRole("button", { name: "Edit partner" }).click();
  const dialog = page.getByRole("dialog", { name: /^Edit/ });
  const name = dialog.getByLabel("Name");
  await name.fill("n".repeat(79));
  await expect(dialog.getByTestId("character-count")).toHaveCount(0);
  await name.fill("n".repeat(80));
  await expect(dialog.getByTestId("character-count")).toHaveText("20 characters left");
  await name.fill("n".repeat(101));
  await expect(dialog.getByTestId("character-count")).toHaveText("1 character too many");
  // Read out with the field, as its hint is.
  await expect(name).toHaveAccessibleDescription(/1 character too many/);

  await dialog.getByLabel("Reason").fill("r".repeat(502));
  await expect(dialog.getByTestId("character-count").last()).toHaveText("2 characters too many");
  await dialog.getByLabel("Reason").fill(REASON);
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog).toContainText("Partner name must be 100 characters or fewer");
  await expect(name).toHaveValue("n".repeat(101));
  await expect(name).toHaveAttribute("aria-invalid", "true");
  await page.context().close();
});

test("Create partner, then a network: adding and removing a practice flips cross-organisational calls on every instance", async ({ browser }) => {
  const page = await superAdminPage(browser);
  const name = uniqueName("Support Partner");
  await page.goto("/settings/super-admin/partners");
  await page.getByRole("button", { name: "Create partner" }).click();
  const form = page.getByRole("dialog", { name: "Create partner" });
  await form.getByLabel("Name").fill(name);
  await form.getByLabel("Slug").fill(name.toLowerCase().replace(/\s+/g, "-"));
  await form.getByRole("checkbox", { name: "Messaging" }).check();
  await confirmWithReason(page, "Create partner", "Create partner");
  await expect(page.getByTestId("support-partner-row").filter({ hasText: name })).toContainText("Messaging");

  const spoke = await connect();
  const hub = await createPractice();
  const { rows } = await db().query(`SELECT id, code FROM practice_groups WHERE id = ANY($1::uuid[])`, [[spoke.practice.id, hub.id]]);
  const code = (id: string) => rows.find((row) => row.id === id).code as string;

  await page.goto("/settings/super-admin/networks");
  await page.getByRole("button", { name: "Create network" }).click();
  const create = page.getByRole("dialog", { name: "Create network" });
  const network = uniqueName("PCN");
  await create.getByLabel("Network name").fill(network);
  await create.getByLabel("Network code").fill(uniqueName("PCN"));
  await confirmWithReason(page, "Create network", "Create network");
  await expect(page.getByRole("button", { name: "Add practice" })).toBeVisible();
  // The network's page says it was created, and focus is there.
  await expect(page.getByTestId("status-message")).toHaveText(`Created ${network}.`);
  await expect(page.getByTestId("status-message")).toBeFocused();
  // Coming back to the page later does not take focus to the old message again.
  await page.getByRole("navigation", { name: "Breadcrumb" }).getByRole("link", { name: "Networks" }).click();
  await expect(page.getByRole("button", { name: "Create network" })).toBeVisible();
  await page.goBack();
  await expect(page.getByRole("button", { name: "Add practice" })).toBeVisible();
  await expect(page.getByTestId("status-message")).not.toBeFocused();
  for (const practiceGroupId of [spoke.practice.id, hub.id]) {
    await page.getByRole("button", { name: "Add practice" }).click();
    await page
      .getByRole("dialog", { name: /Add a practice/ })
      .getByLabel("Practice code")
      .fill(code(practiceGroupId).toLowerCase());
    await confirmWithReason(page, /Add a practice/, "Add practice");
  }
  // Typed as heard on the phone, named back as found: a mistyped code of another practice shows.
  await expect(page.getByTestId("status-message")).toContainText(`Added ${hub.name} (${code(hub.id)}) to `);
  await expect(page.getByTestId("network-member")).toHaveCount(2);
  expect(await statuses(page, spoke.key, hub.id)).toEqual([200, 200, 200]);

  await page
    .getByTestId("network-member")
    .filter({ hasText: code(hub.id) })
    .getByRole("button", { name: "Remove" })
    .click();
  // Another network the two share still links them: the dialog does not promise more than the check does.
  await expect(page.getByRole("dialog", { name: /^Remove/ })).toContainText("except between practices that share another network");
  await confirmWithReason(page, /^Remove/, "Remove");
  await expect(page.getByTestId("network-member")).toHaveCount(1);
  expect(await statuses(page, spoke.key, hub.id)).toEqual([403, 403, 403]);
  await page.context().close();
});

test("Create network, Add practice and Create partner show each error at its field, focus it, and reopen empty after Cancel", async ({ browser }) => {
  const page = await superAdminPage(browser);
  await page.goto("/settings/super-admin/networks");
  await page.getByRole("button", { name: "Create network" }).click();
  const create = page.getByRole("dialog", { name: "Create network" });
  await create.getByLabel("Network code").fill("ABANDONED");
  await create.getByLabel("Reason").fill(REASON);
  await create.getByRole("button", { name: "Create network" }).click();
  const networkName = create.getByRole("textbox", { name: "Network name" });
  await expect(networkName).toHaveAccessibleDescription("Enter the network's name");
  await expect(networkName).toHaveAttribute("aria-invalid", "true");
  await expect(networkName).toBeFocused();
  await networkName.fill(uniqueName("PCN"));
  await expect(networkName).not.toHaveAttribute("aria-invalid");
  await create.getByRole("button", { name: "Cancel" }).click();
  await page.getByRole("button", { name: "Create network" }).click();
  await expect(networkName).toHaveValue("");
  await expect(create.getByLabel("Network code")).toHaveValue("");
  await networkName.fill(uniqueName("PCN"));
  await create.getByLabel("Network code").fill(uniqueName("PCN"));
  await confirmWithReason(page, "Create network", "Create network");

  await page.getByRole("button", { name: "Add practice" }).click();
  const add = page.getByRole("dialog", { name: /Add a practice/ });
  const practiceCode = add.getByRole("textbox", { name: "Practice code" });
  await practiceCode.fill("NO-SUCH-PRACTICE");
  await add.getByLabel("Reason").fill(REASON);
  await add.getByRole("button", { name: "Add practice" }).click();
  await expect(practiceCode).toHaveAccessibleDescription("No practice has this practice code");
  await expect(practiceCode).toBeFocused();
  await add.getByRole("button", { name: "Cancel" }).click();
  await page.getByRole("button", { name: "Add practice" }).click();
  await expect(practiceCode).toHaveValue("");
  await expect(practiceCode).not.toHaveAttribute("aria-invalid");
  await add.getByRole("button", { name: "Cancel" }).click();

  await page.goto("/settings/super-admin/partners");
  await page.getByRole("button", { name: "Create partner" }).click();
  const partner = page.getByRole("dialog", { name: "Create partner" });
  await partner.getByLabel("Name").fill(uniqueName("Support Partner"));
  await partner.getByLabel("Slug").fill("Not A Slug");
  await partner.getByLabel("Reason").fill(REASON);
  await partner.getByRole("button", { name: "Create partner" }).click();
  await expect(partner.getByRole("textbox", { name: "Slug" })).toHaveAccessibleDescription(/^Use lower-case letters/);
  await expect(partner.getByRole("textbox", { name: "Slug" })).toBeFocused();
  await expect(partner.getByRole("group", { name: "Scopes" })).toHaveAccessibleDescription("Choose at least one scope");
  await partner.getByRole("checkbox", { name: "Messaging" }).check();
  await expect(partner.getByRole("group", { name: "Scopes" })).toHaveAccessibleDescription("");
  await expect(partner.getByRole("textbox", { name: "Slug" })).toHaveAccessibleDescription(/^Use lower-case letters/);
  await page.context().close();
});

test("a practice admin gets not-found: no menu entry, 404 by URL, and 'Not found' from a forged server-action call", async ({ browser }) => {
  const admin = await superAdminPage(browser);
  const connection = await connect();
  await admin.goto(`/settings/super-admin/partners/${connection.partnerId}`);
  await admin.getByRole("button", { name: "Suspend partner" }).click();
  const dialog = admin.getByRole("dialog", { name: /^Suspend/ });
  await dialog.getByLabel("Reason").fill(REASON);
  const suspend = await captureServerAction(admin, () => dialog.getByRole("button", { name: "Suspend partner" }).click());
  await expect(dialog).toBeHidden();
  await admin.getByRole("button", { name: "Resume partner" }).click();
  await confirmWithReason(admin, /^Resume/, "Resume partner");

  const context = await browser.newContext({ storageState: storageState("riversideAdmin") });
  const page = await context.newPage();
  await page.goto("/dashboard");
  const nav = page.getByRole("navigation", { name: "Main" });
  for (const name of ["Partners", "Networks"]) await expect(nav.getByRole("link", { name })).toHaveCount(0);
  for (const path of ["/settings/super-admin/partners", `/settings/super-admin/partners/${connection.partnerId}`, "/settings/super-admin/networks"]) {
    expect((await page.goto(path))?.status()).toBe(404);
  }
  const forged = await callServerAction(context.request, suspend, { partnerId: connection.partnerId, suspended: true, reason: REASON });
  expect(forged.body).toContain("Not found");
  expect(await statuses(page, connection.key, connection.practice.id)).toEqual([200, 200, 200]);
  await context.close();
  await admin.context().close();
});
