// Who may do what: staff see status only; another practice's admin cannot reach these keys,
// even by calling the server actions directly with forged arguments.
import { expect, test, type Browser, type Page } from "@playwright/test";

import { createPractice, db, type TestUser } from "../tests/support/practices";
import { partnerId } from "./helpers/db";
import { storedKey } from "./helpers/keys";
import { callServerAction, captureServerAction, type CapturedAction } from "./helpers/server-actions";
import { signIn } from "./helpers/session";

type Actions = Record<"connect" | "view" | "rotate" | "disconnect" | "generate" | "revoke", CapturedAction>;

async function signedIn(browser: Browser, user: TestUser) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, user.email, user.password);
  return { context, page };
}

/** A practice admin uses every action once, so each call's id can be replayed by others. */
async function useEveryAction(page: Page) {
  const actions = {} as Actions;
  const close = () => page.getByRole("button", { name: "Close" }).click();

  await page.goto("/apps/triagefirst");
  await page.getByRole("button", { name: "Connect" }).click();
  actions.connect = await captureServerAction(page, () =>
    page.getByRole("dialog", { name: "Connect TriageFirst" }).getByRole("button", { name: "Connect" }).click(),
  );
  await close();
  actions.view = await captureServerAction(page, () => page.getByRole("button", { name: "View API key" }).click());
  await close();
  await page.getByRole("button", { name: "Rotate API key" }).click();
  actions.rotate = await captureServerAction(page, () =>
    page
      .getByRole("dialog", { name: /Rotate the API key/ })
      .getByRole("button", { name: "Rotate API key" })
      .click(),
  );
  const connectionKey = await page.getByTestId("full-key").inputValue();
  await close();

  await page.goto("/apps/caretext");
  await page.getByRole("button", { name: "Connect" }).click();
  await page.getByRole("dialog", { name: "Connect CareText" }).getByRole("button", { name: "Connect" }).click();
  await close();
  await page.getByRole("button", { name: "Disconnect" }).click();
  actions.disconnect = await captureServerAction(page, () => page.getByRole("alertdialog").getByRole("button", { name: "Disconnect" }).click());
  await expect(page.getByText("Not connected", { exact: true })).toBeVisible();

  await page.goto("/settings/my-practice");
  const generate = async (partner: string) => {
    await page.getByRole("button", { name: "Generate API Key" }).click();
    await page.getByLabel("Partner").selectOption({ label: partner });
    actions.generate = await captureServerAction(page, () =>
      page
        .getByRole("dialog", { name: "Generate API Key" })
        .getByRole("button", { name: /^(Generate|Replace key)$/ })
        .click(),
    );
    const key = await page.getByTestId("full-key").inputValue();
    await page.getByRole("button", { name: "Copy", exact: true }).click();
    await page.getByRole("button", { name: "Done" }).click();
    return key;
  };
  await generate("BookWell");
  const liveGenerated = await generate("BookWell (connected)");
  // Revoke CareText's generated key (which disconnects CareText); BookWell's stays live as a target for the others.
  const revoked = await generate("CareText");
  await page
    .getByTestId("api-key-row")
    .filter({ hasText: revoked.slice(-4) })
    .getByRole("button", { name: "Revoke" })
    .click();
  actions.revoke = await captureServerAction(page, () => page.getByRole("alertdialog").getByRole("button", { name: "Revoke and disconnect" }).click());
  await expect(page.getByTestId("api-key-row").filter({ hasText: revoked.slice(-4) })).toContainText("Revoked");
  return { actions, connectionKey, liveGenerated };
}

async function liveKeys(practiceGroupId: string) {
  const { rows } = await db().query(`SELECT id FROM api_keys WHERE "practiceGroupId" = $1 AND "revokedAt" IS NULL ORDER BY id`, [practiceGroupId]);
  return rows.map((row) => row.id as string);
}

test("staff see status only: no buttons, and every action refuses them", async ({ browser }) => {
  // Two signed-in browsers and every action through the UI: long, not slow.
  test.setTimeout(120_000);
  const practice = await createPractice();
  const staff = await signedIn(browser, practice.staff);
  // Nothing connected yet: the Dashboard points staff to who can, not to actions they cannot take.
  await staff.page.goto("/dashboard");
  await expect(staff.page.getByText("Ask a practice admin to connect a partner in Apps")).toBeVisible();
  await expect(staff.page.getByText("Ask a practice admin to generate an API key in Settings > My Practice")).toBeVisible();
  await expect(staff.page.getByText("Connect a partner in Apps", { exact: true })).toHaveCount(0);
  const admin = await signedIn(browser, practice.admin);
  const { actions, connectionKey, liveGenerated } = await useEveryAction(admin.page);
  // Generate API Key's key was shown once: stored encrypted for Hero support's Share key, never shown to the practice again, even to a forged View.
  const ownView = await callServerAction(admin.context.request, actions.view, { partnerId: await partnerId("bookwell") });
  expect(ownView.body).toContain("cannot be shown again");
  expect(ownView.body).not.toContain(liveGenerated);

  await staff.page.goto("/apps/triagefirst");
  await expect(staff.page.getByText("Connected", { exact: true })).toBeVisible();
  await expect(staff.page.getByText("Only practice admins can connect")).toBeVisible();
  for (const name of ["Connect", "View API key", "Rotate API key", "Disconnect"]) await expect(staff.page.getByRole("button", { name })).toHaveCount(0);
  await staff.page.goto("/settings/my-practice");
  await expect(staff.page.getByRole("heading", { name: "API Key" })).toBeVisible();
  await expect(staff.page.getByRole("button", { name: "Generate API Key" })).toHaveCount(0);
  await expect(staff.page.getByRole("button", { name: "Revoke" })).toHaveCount(0);

  const before = await liveKeys(practice.id);
  const triage = { partnerId: await partnerId("triagefirst") };
  const calls: [CapturedAction, unknown][] = [
    [actions.view, triage],
    [actions.rotate, triage],
    [actions.disconnect, triage],
    [actions.connect, { partnerId: await partnerId("caretext") }],
    [actions.generate, { partnerId: await partnerId("bookwell") }],
    [actions.revoke, { keyId: (await storedKey(liveGenerated))!.id }],
  ];
  for (const [action, args] of calls) {
    const response = await callServerAction(staff.context.request, action, args);
    expect(response.body).toContain("Only practice admins can make this change. Ask a practice admin.");
    expect(response.body).not.toMatch(/hero_test_[0-9A-Za-z]{38}/);
  }
  expect(await liveKeys(practice.id)).toEqual(before);
  expect((await storedKey(connectionKey))?.revokedAt).toBeNull();
  await admin.context.close();
  await staff.context.close();
});

test("another practice's admin cannot act on this practice, even with forged arguments", async ({ browser }) => {
  // Two signed-in browsers and every action through the UI: long, not slow.
  test.setTimeout(120_000);
  const victim = await createPractice();
  const victimAdmin = await signedIn(browser, victim.admin);
  const { actions, connectionKey, liveGenerated } = await useEveryAction(victimAdmin.page);
  const attacker = await createPractice();
  const intruder = await signedIn(browser, attacker.admin);

  const before = await liveKeys(victim.id);
  // Fields naming the victim's practice group are ignored: the session decides whose data it is.
  const forged = { partnerId: await partnerId("triagefirst"), practiceGroupId: victim.id };
  const view = await callServerAction(intruder.context.request, actions.view, forged);
  expect(view.body).toContain("cannot be shown again");
  expect(view.body).not.toContain(connectionKey);
  expect((await callServerAction(intruder.context.request, actions.rotate, forged)).body).toContain("is not connected");
  expect((await callServerAction(intruder.context.request, actions.disconnect, forged)).body).toContain("is not connected");
  for (const keyId of before) {
    const revoke = await callServerAction(intruder.context.request, actions.revoke, { keyId, practiceGroupId: victim.id });
    expect(revoke.body).toContain("API key not found");
  }
  // Connect and Generate API Key with the victim's practice group named: done, but at the intruder's own practice.
  await callServerAction(intruder.context.request, actions.connect, forged);
  await callServerAction(intruder.context.request, actions.generate, { partnerId: await partnerId("bookwell"), practiceGroupId: victim.id });
  expect(await liveKeys(attacker.id)).toHaveLength(2);

  expect(await liveKeys(victim.id)).toEqual(before);
  expect((await storedKey(connectionKey))?.revokedAt).toBeNull();
  expect((await storedKey(liveGenerated))?.revokedAt).toBeNull();
  await victimAdmin.context.close();
  await intruder.context.close();
});
