// Settings > Super admin > Practices: support finds any practice, rotates, revokes and shares
// its partner keys again with the practice's own functions; anyone else gets not-found.
import { chromium, expect, test, type Browser, type BrowserContextOptions, type Page } from "@playwright/test";

import { ukDate } from "../lib/key-expiry";
import { displayKey, generateKey as generateKeyOf } from "../lib/key-format";
import { AUDIT_LOG_EXPORT_MAX, SEARCH_MAX_LENGTH } from "../lib/limits";
import { clearOfMinuteEnd } from "../tests/support/limiters";
import { createPractice, db, uniqueName } from "../tests/support/practices";
import { createPartner } from "../tests/support/records";
import { apiHeaders, connect, generateKey, rotate } from "./api/helpers/partner-api";
import { insertUserKey } from "./helpers/db";
import { exhaustPublicLimit, newClientAddress } from "./helpers/public-pages";
import { callServerAction, captureServerAction } from "./helpers/server-actions";
import { practiceActivity } from "./helpers/session";
import { storageState, USERS } from "./helpers/users";

const REASON = "Support ticket 5150";

async function superAdminPage(browser: Browser) {
  // The config's clipboard grant is for the page fixture's context; this one asks for it itself.
  const context = await browser.newContext({ storageState: storageState("superAdmin"), permissions: ["clipboard-read", "clipboard-write"] });
  return context.newPage();
}

/** Share key on the practice's page, as support: the one-time link it shows. */
async function shareLink(page: Page, practiceGroupId: string) {
  await page.goto(`/settings/super-admin/practices/${practiceGroupId}`);
  await page.getByRole("button", { name: "Share key" }).click();
  await confirmWithReason(page, /^Share/, "Create link");
  return page.getByRole("dialog", { name: "One-time link" }).getByTestId("share-link").inputValue();
}

/** Opens a share link in a browser context of its own (no session) and presses Show the API key; close the page's context after. */
async function showSharedKey(browser: Browser, link: string, options: BrowserContextOptions = {}) {
  const reader = await (await browser.newContext(options)).newPage();
  await reader.goto(link);
  await reader.getByRole("button", { name: "Show the API key" }).click();
  return reader;
}

async function confirmWithReason(page: Page, dialogName: string | RegExp, confirm: string) {
  const dialog = page.getByRole("dialog", { name: dialogName });
  await dialog.getByLabel("Reason").fill(REASON);
  await dialog.getByRole("button", { name: confirm }).click();
  await expect(dialog).toBeHidden();
}

test("Audit log: past the export's limit, the page says the CSV holds only the newest events and how to get the rest", async ({ browser }) => {
  test.setTimeout(120_000);
  const practice = await createPractice();
  const events = AUDIT_LOG_EXPORT_MAX + 1;
  await db().query(
    `INSERT INTO audit_events (id, "practiceGroupId", "actorName", action, "targetType", "targetLabel", "createdAt")
     SELECT gen_random_uuid(), $1, 'Export limit test', 'practice_key.revoked', 'api_key', 'event ' || n, now() - n * interval '1 second' FROM generate_series(1, $2) n`,
    [practice.id, events],
  );
  const page = await superAdminPage(browser);
  try {
    await page.goto(`/settings/super-admin/audit-log?practice=${practice.code}`);
    await expect(page.getByRole("heading", { name: `${events.toLocaleString("en-GB")} events` })).toBeVisible();
    await expect(page.getByTestId("export-limit")).toHaveText(
      `Export CSV holds the newest ${AUDIT_LOG_EXPORT_MAX.toLocaleString("en-GB")} of these events: narrow the dates (From, To) to export the rest.`,
    );
    const csv = await page.request.get((await page.getByRole("link", { name: "Export CSV" }).getAttribute("href"))!, { headers: { referer: page.url() } });
    // The header, the newest events, and a last line saying the file was cut.
    const lines = (await csv.text()).trim().split(/\r?\n/);
    expect(lines).toHaveLength(AUDIT_LOG_EXPORT_MAX + 2);
    expect(lines.at(-1)).toBe(
      `"Only the newest ${AUDIT_LOG_EXPORT_MAX.toLocaleString("en-GB")} of ${events.toLocaleString("en-GB")} events: narrow the dates (From, To) to export the rest."`,
    );

    // An event recorded while support reads: the next page carries on from the first, and the page says newer ones came.
    const firstPage = await page.getByTestId("audit-row").allTextContents();
    await db().query(
      `INSERT INTO audit_events (id, "practiceGroupId", "actorName", action, "targetType") VALUES (gen_random_uuid(), $1, 'Newer', 'practice_key.revoked', 'api_key')`,
      [practice.id],
    );
    await page.getByRole("link", { name: "Next" }).click();
    await expect(page.getByTestId("pagination-summary")).toHaveText(`Showing 51–100 of ${events.toLocaleString("en-GB")} events`);
    const secondPage = await page.getByTestId("audit-row").allTextContents();
    expect(secondPage.filter((row) => firstPage.includes(row))).toEqual([]);
    await expect(page.getByTestId("newer-events")).toHaveText("Newer events have been recorded since this list was loaded. Show the newest");
    await page.getByTestId("newer-events").getByRole("link", { name: "Show the newest" }).click();
    await expect(page.getByRole("heading", { name: `${(events + 1).toLocaleString("en-GB")} events` })).toBeVisible();
    await expect(page.getByTestId("newer-events")).toBeHidden();
  } finally {
    await page.context().close();
    await db().query(`DELETE FROM audit_events WHERE "practiceGroupId" = $1`, [practice.id]);
  }
});

const status = async (page: Page, key: string, practiceGroupId: string) =>
  (await page.request.get("/api/v1/practice-groups", { headers: apiHeaders({ key, practiceGroupId }) })).status();

test("support finds a practice by code, rotates its partner's key (old key 401 at once) and the practice's Activity says Hero support", async ({ browser }) => {
  const page = await superAdminPage(browser);
  const connection = await connect();
  await page.goto("/settings/super-admin");
  await page.getByRole("link", { name: "Practices" }).first().click();
  await page.getByLabel("Search practices").fill(connection.practice.code);
  await page.getByRole("button", { name: "Search" }).click();
  const row = page.getByTestId("practice-row");
  await expect(row).toHaveCount(1);
  // One connected partner, one live key (the cells' order is the table's columns).
  await expect(row.getByRole("cell").nth(3)).toHaveText(/(^|\s)1$/);
  await expect(row.getByRole("cell").nth(4)).toHaveText(/(^|\s)1$/);
  await expect(page.getByTestId("pagination-summary")).toHaveText("Showing 1–1 of 1 practice");
  await expect(page.getByRole("status").and(page.getByTestId("results-status"))).toHaveText(`Practices matching “${connection.practice.code}”: 1 practice.`);
  await row.getByRole("link", { name: /Open/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(connection.practice.name);
  await expect(page).toHaveTitle(`${connection.practice.name} · Practices · Super admin · Hero`);

  const section = page.getByTestId("support-connection");
  const before = await section.getByTestId("display-key").textContent();
  await section.getByRole("button", { name: "Rotate API key" }).click();
  await confirmWithReason(page, /^Rotate/, "Rotate API key");
  await expect(page.getByRole("status")).toContainText("The previous key no longer works");
  await expect(section.getByTestId("display-key")).not.toHaveText(before!);
  expect(await status(page, connection.key, connection.practice.id)).toBe(401);

  const { rows } = await db().query(
    `SELECT "actorName", metadata->>'reason' AS reason FROM audit_events WHERE "practiceGroupId" = $1 AND action = 'partner_key.rotated'`,
    [connection.practice.id],
  );
  expect(rows).toEqual([{ actorName: "Hero support", reason: REASON }]);
  expect(await practiceActivity(browser, connection.practice.admin.id)).toContainEqual(expect.stringContaining("Hero support · Rotated API key"));
  await page.context().close();
});

// Both end the live key: neither ends one the practice rotated to after support's page loaded.
for (const { action, dialogName, ends } of [
  {
    action: "Rotate API key",
    dialogName: /^Rotate/,
    ends: "replace a key the practice rotated since the page loaded; after Cancel it rotates the current one",
  },
  {
    action: "Disconnect",
    dialogName: /^Disconnect/,
    ends: "end a key the practice rotated to since the page loaded; after Cancel it disconnects the current one",
  },
]) {
  test(`support's ${action} does not ${ends}`, async ({ browser }) => {
    const page = await superAdminPage(browser);
    const connection = await connect();
    await page.goto(`/settings/super-admin/practices/${connection.practice.id}`);
    const section = page.getByTestId("support-connection");
    await expect(section.getByTestId("display-key")).toHaveText(`hero_test_…${connection.key.slice(-4)}`);
    const rotated = await rotate(connection);

    await section.getByRole("button", { name: action }).click();
    const dialog = page.getByRole("dialog", { name: dialogName });
    await dialog.getByLabel("Reason").fill(REASON);
    await dialog.getByRole("button", { name: action }).click();
    await expect(dialog.getByRole("alert")).toContainText("key has changed since this page was loaded. Nothing was changed");
    expect(await status(page, rotated, connection.practice.id)).toBe(200);

    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(section.getByTestId("display-key")).toHaveText(`hero_test_…${rotated.slice(-4)}`);
    await section.getByRole("button", { name: action }).click();
    await confirmWithReason(page, dialogName, action);
    expect(await status(page, rotated, connection.practice.id)).toBe(401);
    await page.context().close();
  });
}

test("Connect for a partner that asked Hero support for a key: the scopes it asked for, sent with Share key; the practice's Activity says Hero support", async ({
  browser,
}) => {
  const page = await superAdminPage(browser);
  const practice = await createPractice();
  const partner = await createPartner(["booking", "booking_links"]);
  await page.goto(`/settings/super-admin/practices/${practice.id}`);
  await expect(page.getByText("This practice has never connected a partner.")).toBeVisible();
  await page.getByRole("button", { name: "Connect a partner" }).click();
  const dialog = page.getByRole("dialog", { name: `Connect a partner to ${practice.name}` });
  // No partner chosen: said at the field, nothing made.
  await dialog.getByLabel("Reason").fill(REASON);
  await dialog.getByRole("button", { name: "Connect" }).click();
  await expect(dialog.getByLabel("Partner")).toHaveAttribute("aria-invalid", "true");
  await expect(dialog).toContainText("Select a partner from the list");
  await dialog.getByLabel("Partner").selectOption({ label: partner.name });
  await expect(dialog.getByRole("checkbox", { name: "Booking links" })).toBeChecked();
  await dialog.getByRole("checkbox", { name: "Booking", exact: true }).uncheck();
  await dialog.getByRole("button", { name: "Connect" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("status")).toContainText(`${partner.name} is connected to ${practice.name}. Use Share key to send its API key.`);
  const section = page.getByTestId("support-connection");
  await expect(section.getByRole("heading", { name: partner.name })).toBeVisible();
  await page.getByRole("button", { name: "Connect a partner" }).click();
  await expect(page.getByRole("dialog").getByRole("option", { name: partner.name })).toHaveCount(0);
  await page.keyboard.press("Escape");

  const link = await shareLink(page, practice.id);
  const reader = await showSharedKey(browser, link);
  const key = await reader.getByTestId("full-key").inputValue();
  await reader.context().close();
  const headers = apiHeaders({ key, practiceGroupId: practice.id });
  expect((await page.request.get("/api/v1/booking-links", { headers })).status()).toBe(200);
  const booking = await page.request.post("/api/v1/appointments", { headers, data: {} });
  expect([booking.status(), (await booking.json()).error]).toEqual([403, "insufficient_permissions"]);

  const { rows } = await db().query(
    `SELECT "actorName", metadata->>'reason' AS reason, metadata->'scopes' AS scopes FROM audit_events WHERE "practiceGroupId" = $1 AND action = 'partner.connected'`,
    [practice.id],
  );
  expect(rows).toEqual([{ actorName: "Hero support", reason: REASON, scopes: ["booking_links"] }]);
  expect(await practiceActivity(browser, practice.admin.id)).toContainEqual(expect.stringContaining("Hero support · Connected"));
  await page.context().close();
});

test("Find a key: a leaked key, or a token made with it, leads to where support rotates it; a replaced key says so; anything else says why", async ({
  browser,
}) => {
  const page = await superAdminPage(browser);
  const connection = await connect();
  const { rows } = await db().query(`SELECT name FROM partners WHERE id = $1`, [connection.partnerId]);
  const whose = `${rows[0].name}'s key at ${connection.practice.name} (${connection.practice.code})`;
  const field = page.getByLabel("API key or access token");
  const find = async (pasted: string) => {
    await field.fill(pasted);
    await page.getByRole("button", { name: "Find key" }).click();
    await expect(field).toHaveValue("");
  };
  await page.goto("/settings/super-admin/practices");

  await find(connection.key);
  await expect(page.getByTestId("found-key")).toContainText(`${whose}. Status: Active.`);
  expect(page.url()).not.toContain(connection.key);
  const token = (
    await (await page.request.post("/api/v1/access_token", { headers: apiHeaders({ key: connection.key, practiceGroupId: connection.practice.id }) })).json()
  ).access_token;
  await find(token);
  await expect(page.getByTestId("found-key")).toContainText(`An access token of hero_test_`);
  await expect(page.getByTestId("found-key")).toContainText(whose);

  await rotate(connection);
  await find(connection.key);
  // The practice's page acts on the current key, not this one: said, so a healthy key is not rotated for a dead one.
  await expect(page.getByTestId("found-key")).toContainText(
    `${whose}. Status: Rotated. It no longer works. Where it is managed shows the partner's current key, if it has one: rotate that only if it leaked too.`,
  );
  await page.getByRole("link", { name: "Open where it is managed" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(connection.practice.name);

  // A user key: its owner's practice's list of user keys while it works; nothing to open once deleted.
  await page.goBack();
  const owner = await createPractice();
  const userKey = await insertUserKey({ id: owner.staff.id, practiceGroupId: owner.id }, uniqueName("Leaked"));
  await find(userKey.key);
  await expect(page.getByTestId("found-key")).toContainText(`${owner.staff.username}'s user key at ${owner.name} (${owner.code}). Status: Active.`);
  await page.getByRole("link", { name: "Open where it is managed" }).click();
  await expect(page.getByTestId("user-key-row").filter({ hasText: userKey.name })).toHaveCount(1);
  await page.goBack();
  await db().query(`UPDATE api_keys SET "revokedAt" = now(), "revokedReason" = 'deleted', "deletedAt" = now() WHERE id = $1`, [userKey.id]);
  await find(userKey.key);
  await expect(page.getByTestId("found-key")).toContainText("Status: Deleted. It no longer works: there is nothing to rotate or delete.");

  for (const [pasted, message] of [
    ["not a key", "This is not an API key or an access token of this deployment: a key starts hero_test_ and has 48 characters."],
    [generateKeyOf("live"), "This is a hero_live_ key: this deployment issues hero_test_ keys only, so it was never one of them."],
    [generateKeyOf("test"), "No key of this deployment matches: it was never issued here."],
  ]) {
    await find(pasted);
    await expect(field).toHaveAttribute("aria-invalid", "true");
    await expect(page.locator("#find-key-error")).toHaveText(message);
    // Read out, and the field focused to paste again: Find key was disabled while it ran.
    await expect(page.getByRole("alert").filter({ hasText: message })).toBeVisible();
    await expect(field).toBeFocused();
    await expect(field).toHaveAccessibleDescription(message);
    await expect(page.getByTestId("found-key")).toHaveCount(0);
  }
  await page.context().close();
});

test("Requests: support finds a partner's request by the x-request-id it quotes, and says why when it cannot", async ({ browser }) => {
  const page = await superAdminPage(browser);
  const connection = await connect();
  const answer = await page.request.get("/api/v1/practice-groups", { headers: apiHeaders({ key: connection.key, practiceGroupId: connection.practice.id }) });
  const requestId = answer.headers()["x-request-id"];
  const search = async (id: string) => {
    await page.getByLabel("Request ID").fill(id);
    await page.getByRole("button", { name: "Search" }).click();
  };
  await page.goto("/settings/super-admin");
  await page.getByRole("link", { name: "Requests" }).first().click();
  // The ledger is written within a second or two of the answer.
  await expect(async () => {
    await search(requestId);
    await expect(page.getByTestId("ledger-row")).toHaveCount(1, { timeout: 1000 });
  }).toPass();
  const row = page.getByTestId("ledger-row");
  await expect(row).toContainText("GET /practice-groups");
  await expect(row).toContainText(connection.practice.name);
  await expect(row).toContainText(requestId);
  await page.getByRole("link", { name: connection.practice.name }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(connection.practice.name);

  await page.goto("/settings/super-admin/requests");
  await search(crypto.randomUUID());
  await expect(page.getByRole("status").filter({ hasText: "given before 7 December 2026" })).toBeVisible();
  await search("ticket 4711");
  await expect(page.getByRole("status").filter({ hasText: "This is not a request ID" })).toBeVisible();
  await page.context().close();
});

test("Share key: a one-time link opens without signing in, shows the key once, and never again", async ({ browser }) => {
  const page = await superAdminPage(browser);
  const connection = await connect();
  const link = await shareLink(page, connection.practice.id);
  expect(link).toMatch(/\/share#[A-Za-z0-9_-]{43}$/);
  // Shown only now: Done before copying asks first.
  const shown = page.getByRole("dialog", { name: "One-time link" });
  await shown.getByRole("button", { name: "Done" }).click();
  await expect(shown.getByRole("alert")).toHaveText(/You have not copied the link\. Close anyway\?/);
  await page.keyboard.press("Escape");
  await page.keyboard.press("Escape");
  await expect(shown).toBeVisible();
  await shown.getByRole("button", { name: "Go back" }).click();
  await shown.getByRole("button", { name: "Copy link" }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);
  await shown.getByRole("button", { name: "Done" }).click();
  await expect(shown).toBeHidden();

  // Without scripts the page cannot read the link's fragment: it says so, and does not call the good link incomplete (nor use it up).
  const noScripts = await browser.newContext({ javaScriptEnabled: false });
  const plain = await noScripts.newPage();
  await plain.goto(link);
  await expect(plain.getByText("Showing the key needs JavaScript")).toBeVisible();
  await expect(plain.getByText("This link is incomplete")).toHaveCount(0);
  await noScripts.close();

  const stranger = await browser.newContext();
  const reader = await stranger.newPage();
  await reader.goto(link);
  await expect(reader.getByTestId("full-key")).toHaveCount(0);
  await expect(reader.getByText("Showing the key needs JavaScript")).toHaveCount(0);
  await reader.getByRole("button", { name: "Show the API key" }).click();
  await expect(reader.getByTestId("full-key")).toHaveValue(connection.key);
  await expect(reader.getByTestId("practice-group-id")).toHaveValue(connection.practice.id);
  await expect(reader.getByRole("heading", { level: 2 })).toContainText(connection.practice.name);
  // Focus moves to the key that replaced the button, so a screen reader says it came.
  await expect(reader.getByRole("heading", { level: 2 })).toBeFocused();

  const again = await stranger.newPage();
  await again.goto(link);
  await again.getByRole("button", { name: "Show the API key" }).click();
  await expect(again.getByRole("alert").filter({ hasText: "already been opened" })).toBeVisible();
  await expect(again.getByTestId("full-key")).toHaveCount(0);
  await stranger.close();

  const { rows } = await db().query(
    `SELECT action, "actorName" FROM audit_events WHERE "practiceGroupId" = $1 AND action LIKE 'api_key.share%' ORDER BY "createdAt"`,
    [connection.practice.id],
  );
  expect(rows.map((r) => [r.action, r.actorName])).toEqual([
    ["api_key.share_created", "Hero support"],
    ["api_key.share_opened", "Someone with the share link"],
  ]);
  await page.context().close();
});

test("Share key: a link opened over the public pages' limit says to wait, keeps its button, and still opens once allowed", async ({ browser, request }) => {
  test.setTimeout(90_000); // up to 25 s waiting out a minute's end
  const page = await superAdminPage(browser);
  const connection = await connect();
  const link = await shareLink(page, connection.practice.id);
  const address = newClientAddress();
  const stranger = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": address } });
  const reader = await stranger.newPage();
  await reader.goto(link);
  // The limit slides: a new minute's start would weight the spent count down under it before the click.
  await clearOfMinuteEnd(25_000);
  expect((await exhaustPublicLimit(request, address)).refused?.status()).toBe(429);
  await reader.getByRole("button", { name: "Show the API key" }).click();
  await expect(reader.getByRole("alert").filter({ hasText: "Too many" })).toHaveText("Too many requests from your network. Wait a minute, then try again.");
  // Pressed again, the same words come in a new alert, which a screen reader reads out again.
  await reader
    .getByRole("alert")
    .filter({ hasText: "Too many" })
    .evaluate((alert) => alert.setAttribute("data-read", ""));
  await reader.getByRole("button", { name: "Show the API key" }).click();
  await expect(reader.locator('[role="alert"]:not([data-read])').filter({ hasText: "Too many" })).toHaveText(
    "Too many requests from your network. Wait a minute, then try again.",
  );
  await expect(reader.getByTestId("full-key")).toHaveCount(0);
  await expect(reader.getByRole("button", { name: "Show the API key" })).toBeVisible();
  await stranger.close();

  // The link was not used: from an address under the limit it opens.
  const again = await showSharedKey(browser, link, { extraHTTPHeaders: { "x-forwarded-for": newClientAddress() } });
  await expect(again.getByTestId("full-key")).toHaveValue(connection.key);
  await again.context().close();
  await page.context().close();
});

test("Share key: the share page's action posted to another page (which Next forwards to /share from the server's own address) opens nothing", async ({
  browser,
}) => {
  const page = await superAdminPage(browser);
  const connection = await connect();
  const stranger = await browser.newContext();
  const reader = await stranger.newPage();
  // The action's id, as anyone can read it from the share page: taken here from opening a first link.
  await reader.goto(await shareLink(page, connection.practice.id));
  const action = await captureServerAction(reader, () => reader.getByRole("button", { name: "Show the API key" }).click());
  expect(action.path).toBe("/share");

  const link = await shareLink(page, connection.practice.id);
  const token = link.split("#")[1];
  for (const path of ["/", "/sign-in"]) {
    const forwarded = await callServerAction(stranger.request, { ...action, path }, token);
    expect(forwarded.body.includes(connection.key), path).toBe(false);
  }
  // The link was not used: opened from its page, it shows the key.
  await reader.goto(link);
  await reader.reload();
  await reader.getByRole("button", { name: "Show the API key" }).click();
  await expect(reader.getByTestId("full-key")).toHaveValue(connection.key);
  await stranger.close();
  await page.context().close();
});

test("Share key: the key is gone from the page once the reader leaves it, also when Back brings the page back from the browser's cache", async ({
  browser,
}) => {
  const page = await superAdminPage(browser);
  const connection = await connect();
  const link = await shareLink(page, connection.practice.id);
  // Playwright turns the back/forward cache off in the browsers it starts: this one keeps it.
  const cached = await chromium.launch({ ...test.info().project.use.launchOptions, ignoreDefaultArgs: ["--disable-back-forward-cache"] });
  const reader = await (await cached.newContext({ baseURL: test.info().project.use.baseURL })).newPage();
  await reader.goto(link);
  await reader.getByRole("button", { name: "Show the API key" }).click();
  await expect(reader.getByTestId("full-key")).toHaveValue(connection.key);
  await reader.evaluate(() => window.addEventListener("pageshow", (event) => ((window as unknown as { restored: boolean }).restored = event.persisted)));
  // Not copied: leaving asks first, as the link is used up and the key goes with the page.
  const asked = new Promise<string>((resolve) =>
    reader.once("dialog", (dialog) => {
      resolve(dialog.type());
      void dialog.accept();
    }),
  );
  await reader.goto("/docs");
  expect(await asked).toBe("beforeunload");
  await reader.goBack({ waitUntil: "commit" });
  await expect(reader.getByRole("button", { name: "Show the API key" })).toBeVisible();
  await expect(reader.getByTestId("full-key")).toHaveCount(0);
  // The page came back from the cache (with its state), not from the server: what the test is about.
  expect(await reader.evaluate(() => (window as unknown as { restored?: boolean }).restored)).toBe(true);
  await cached.close();
  await page.context().close();
});

test("Share key: a super admin who opens the link while signed in is named in the practice's Activity", async ({ browser }) => {
  const page = await superAdminPage(browser);
  const connection = await connect();
  const link = await shareLink(page, connection.practice.id);
  await page.goto(link);
  await page.getByRole("button", { name: "Show the API key" }).click();
  await expect(page.getByTestId("full-key")).toHaveValue(connection.key);
  const { rows } = await db().query(
    `SELECT e."actorName", u.email FROM audit_events e LEFT JOIN users u ON u.id = e."actorUserId"
     WHERE e."practiceGroupId" = $1 AND e.action = 'api_key.share_opened'`,
    [connection.practice.id],
  );
  expect(rows).toEqual([{ actorName: "Hero support", email: USERS.superAdmin }]);
  await page.context().close();
});

test("Share key: a link whose answer is lost says to open it again, and then that it was opened", async ({ browser }) => {
  const page = await superAdminPage(browser);
  const connection = await connect();
  const link = await shareLink(page, connection.practice.id);
  await page.context().close();

  const stranger = await browser.newContext();
  const reader = await stranger.newPage();
  await reader.goto(link);
  // The server action opens the link and commits; its answer never reaches the browser.
  await reader.route("**/share", async (route) => {
    if (route.request().method() !== "POST" || !route.request().headers()["next-action"]) return route.fallback();
    await route.fetch();
    await route.abort("connectionreset");
  });
  await reader.getByRole("button", { name: "Show the API key" }).click();
  await expect(
    reader.getByRole("alert").filter({ hasText: "The key could not be shown: something went wrong on our side. Open the link again" }),
  ).toBeVisible();
  await expect(reader.getByTestId("full-key")).toHaveCount(0);
  await reader.unrouteAll();
  await reader.reload();
  await reader.getByRole("button", { name: "Show the API key" }).click();
  await expect(reader.getByRole("alert").filter({ hasText: "already been opened" })).toBeVisible();
  await stranger.close();
});

test("a key made by Generate API Key is shared again by Hero support as the very key (seed 000); a hash-only one from before says so", async ({ browser }) => {
  const page = await superAdminPage(browser);
  const connection = await connect();
  const { key } = await generateKey(connection);
  const link = await shareLink(page, connection.practice.id);
  const reader = await showSharedKey(browser, link);
  await expect(reader.getByTestId("full-key")).toHaveValue(key);
  await reader.context().close();

  // A key generated before 7 December 2026 was stored with no encrypted copy.
  await generateKey(connection);
  await db().query(`UPDATE api_keys SET "encryptedKey" = NULL, "supportCopy" = NULL WHERE "practiceGroupId" = $1 AND "revokedAt" IS NULL`, [
    connection.practice.id,
  ]);
  await page.goto(`/settings/super-admin/practices/${connection.practice.id}`);
  await expect(page.getByTestId("not-shareable")).toContainText("Rotate API key, then Share key");
  await expect(page.getByRole("button", { name: "Share key" })).toHaveCount(0);
  await page.getByRole("button", { name: "Rotate API key" }).click();
  await confirmWithReason(page, /^Rotate/, "Rotate API key");
  await expect(page.getByRole("button", { name: "Share key" })).toBeVisible();
  await page.context().close();
});

test("Revoke by support disconnects the partner; a practice admin gets not-found by menu, URL and forged call", async ({ browser }) => {
  const admin = await superAdminPage(browser);
  const connection = await connect();
  const victim = await connect();
  await admin.goto(`/settings/super-admin/practices/${connection.practice.id}`);
  await admin.getByRole("button", { name: "Revoke" }).click();
  const dialog = admin.getByRole("dialog", { name: /^Revoke/ });
  await dialog.getByLabel("Reason").fill(REASON);
  const revoke = await captureServerAction(admin, () => dialog.getByRole("button", { name: "Revoke" }).click());
  await expect(dialog).toBeHidden();
  await expect(admin.getByTestId("support-connection")).toContainText("Not connected");
  expect(await status(admin, connection.key, connection.practice.id)).toBe(401);

  const context = await browser.newContext({ storageState: storageState("riversideAdmin") });
  const page = await context.newPage();
  await page.goto("/settings");
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Practices" })).toHaveCount(0);
  for (const path of ["/settings/super-admin/practices", `/settings/super-admin/practices/${victim.practice.id}`])
    expect((await page.goto(path))?.status()).toBe(404);
  const { rows } = await db().query(`SELECT id FROM api_keys WHERE "practiceGroupId" = $1 AND "revokedAt" IS NULL`, [victim.practice.id]);
  const forged = await callServerAction(context.request, revoke, { practiceGroupId: victim.practice.id, keyId: rows[0].id, reason: REASON });
  expect(forged.body).toContain("Not found");
  expect(await status(page, victim.key, victim.practice.id)).toBe(200);
  await context.close();
  await admin.context().close();
});

test("Audit log: support's change is found by practice code and action, with the reason, and exported as CSV; a practice admin gets 404", async ({
  browser,
}) => {
  const page = await superAdminPage(browser);
  const connection = await connect();
  await page.goto(`/settings/super-admin/practices/${connection.practice.id}`);
  await page.getByRole("button", { name: "Disconnect" }).click();
  await confirmWithReason(page, /^Disconnect/, "Disconnect");

  await page.goto("/settings/super-admin/audit-log");
  const filters = page.getByRole("form", { name: "Filter the audit log" });
  // Longer text could match nothing: the filter would be dropped, and every event listed.
  for (const label of ["Practice code", "Actor (name or email)"])
    await expect(filters.getByLabel(label)).toHaveAttribute("maxlength", String(SEARCH_MAX_LENGTH));
  await filters.getByLabel("Practice code").fill(connection.practice.code);
  await filters.getByLabel("Action").selectOption({ label: "Disconnected" });
  await filters.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/practice=/);
  const main = page.getByRole("main");
  await expect(main).toContainText("Hero support");
  await expect(main).toContainText(REASON);
  await expect(page.getByTestId("pagination-summary")).toHaveText("Showing 1–1 of 1 event");
  // Which key it ended, as masked.
  await expect(page.getByTestId("audit-row").getByRole("cell").nth(5)).toContainText(`key ${displayKey(connection.key)}`);

  const exportUrl = await page.getByRole("link", { name: "Export CSV" }).getAttribute("href");
  // As the browser fetches it from the page's link: with the page as its Referer (an old browser sends no Sec-Fetch-Site).
  const csv = await page.request.get(exportUrl!, { headers: { referer: page.url() } });
  expect(csv.headers()["content-type"]).toContain("text/csv");
  // Not started by another site: a link there would download it, and record an export, in this signed-in browser.
  for (const site of ["cross-site", "same-site"]) expect((await page.request.get(exportUrl!, { headers: { "sec-fetch-site": site } })).status()).toBe(404);
  // Named by the UK day it was made, as every date on the page is.
  expect(csv.headers()["content-disposition"]).toBe(`attachment; filename="hero-audit-log-${ukDate()}.csv"`);
  const lines = (await csv.text()).trim().split(/\r?\n/);
  expect(lines).toHaveLength(2);
  expect(lines[1]).toContain(REASON);
  expect(lines[1]).toContain("Disconnected");
  // Clear empties the form as well as the filter.
  await filters.getByRole("link", { name: "Clear" }).click();
  await expect(page).toHaveURL(/audit-log$/);
  await expect(filters.getByLabel("Action")).toHaveValue("");
  await expect(filters.getByLabel("Practice code")).toHaveValue("");

  const context = await browser.newContext({ storageState: storageState("riversideAdmin") });
  for (const path of ["/settings/super-admin/audit-log", exportUrl!]) expect((await context.request.get(path)).status()).toBe(404);
  await context.close();
  await page.context().close();
});

test("a rate-limit override lets request 301 through on both Upstash instances and still stops at the new limit", async ({ browser }) => {
  test.setTimeout(120_000);
  const page = await superAdminPage(browser);
  const connection = await connect();
  await page.goto(`/settings/super-admin/practices/${connection.practice.id}`);
  await page.getByRole("button", { name: "Change rate limit" }).click();
  const dialog = page.getByRole("dialog", { name: /^Rate limit/ });
  // The instances' reload interval as configured (RATE_LIMIT_OVERRIDE_REFRESH_MS=1000 in scripts/test.ts).
  await expect(dialog).toContainText("Every instance applies it within 1 second,");
  await expect(dialog.getByLabel("Requests a minute")).toHaveAccessibleDescription(/^From 301 to 6,000; leave empty for the default, 300 a minute\./);
  await dialog.getByLabel("Requests a minute").fill("6001");
  await dialog.getByLabel("Reason").fill(REASON);
  await dialog.getByRole("button", { name: "Save rate limit" }).click();
  await expect(dialog.getByText(/from 301 to 6,000/).first()).toBeVisible();
  await dialog.getByLabel("Requests a minute").fill("400");
  await dialog.getByRole("button", { name: "Save rate limit" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId("rate-limit")).toHaveText("400 a minute (set by Hero support)");
  // Every request of the key from here on within one fixed minute of the limiter, so its counts are
  // exact (the key made none before, so no earlier window weighs in); the saves above take no time from it.
  await clearOfMinuteEnd(25_000);

  const [memory, a, b] = [process.env.E2E_BASE_URL!, process.env.E2E_UPSTASH_BASE_URL!, process.env.E2E_UPSTASH_B_BASE_URL!];
  const headers = apiHeaders({ key: connection.key, practiceGroupId: connection.practice.id });
  const send = async (base: string) => {
    const response = await page.request.get(`${base}/api/v1/practice-groups`, { headers });
    return { status: response.status(), limit: response.headers()["x-ratelimit-limit"] };
  };
  // Each instance reloads the overrides every second in the test run (RATE_LIMIT_OVERRIDE_REFRESH_MS).
  const counted: number[] = [];
  for (const base of [memory, a, b]) {
    await expect
      .poll(async () => {
        const { status, limit } = await send(base);
        if (base !== memory) counted.push(status);
        return limit;
      })
      .toBe("400");
  }
  // 430 requests in all through A and B, ten at a time: exactly 400 get through, across both.
  const rest = 430 - counted.length;
  for (let sent = 0; sent < rest; sent += 10) {
    const batch = await Promise.all(Array.from({ length: Math.min(10, rest - sent) }, (_, i) => send(i % 2 ? a : b)));
    counted.push(...batch.map((r) => r.status));
  }
  expect(counted.filter((status) => status === 200)).toHaveLength(400);
  expect(counted.filter((status) => status === 429)).toHaveLength(30);
  await page.context().close();
});
