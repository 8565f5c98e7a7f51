// The dashboard while PostgreSQL does not answer (a proxy of the test's own in front of the shared
// server, on a server of the test's own): the page says it could not be loaded, and Try again
// loads it once the database answers again.
import type { startApp as StartApp } from "../scripts/e2e-environment";
import { db } from "../tests/support/practices";
import { startStallProxy } from "../tests/support/stall-proxy";
import { expect, test } from "./helpers/fixtures";

/** A server of the test's own whose database answers through a proxy the test can stall. */
async function behindStallProxy(startApp: typeof StartApp, label: string) {
  const proxy = await startStallProxy(process.env.DATABASE_URL!);
  const server = await startApp({ DATABASE_URL: proxy.url, DATABASE_TIMEOUT_MS: "1500", UPSTASH_REDIS_REST_URL: "", UPSTASH_REDIS_REST_TOKEN: "" }, label);
  return { proxy, server };
}

test("a page whose signed-in user cannot be read says so, and Try again loads it once the database answers", async ({ page, practice, startApp }) => {
  test.setTimeout(120_000);
  const { proxy, server } = await behindStallProxy(startApp, "database-stall");
  try {
    // The fixture's session cookie is for 127.0.0.1, whatever the port.
    await page.goto(`${server.url}/apps`);
    await expect(page.getByTestId("current-practice")).toHaveText(practice.name);

    proxy.stall(true);
    await page.goto(`${server.url}/apps`);
    const error = page.getByRole("alert").filter({ hasText: "could not be loaded" });
    await expect(error).toBeVisible();
    await expect(error).toContainText("reload the page to see whether it was done");

    proxy.stall(false);
    await error.getByRole("button", { name: "Try again" }).click();
    await expect(page.getByRole("heading", { name: "Apps", level: 1 })).toBeVisible();
    await expect(error).toBeHidden();
  } finally {
    await proxy.close();
  }
});

test("a form sent while the database does not answer says nothing was changed and keeps what was typed", async ({ page, practice, startApp }) => {
  test.setTimeout(120_000);
  const { proxy, server } = await behindStallProxy(startApp, "database-stall-action");
  try {
    await page.goto(`${server.url}/settings/my-practice`);
    await page.getByText("Change address and phone").click();
    const phone = page.getByRole("textbox", { name: "Phone" });
    await phone.fill("01632 960333");
    proxy.stall(true);
    await page.getByRole("button", { name: "Save practice details" }).click();
    await expect(page.locator("form").getByRole("alert")).toHaveText("Hero could not reach its data just now, and nothing was changed. Try again in a moment.");
    await expect(phone).toHaveValue("01632 960333");
    expect((await db().query(`SELECT phone FROM practice_groups WHERE id = $1`, [practice.id])).rows[0].phone).toBeNull();

    proxy.stall(false);
    await page.getByRole("button", { name: "Save practice details" }).click();
    await expect(page.getByTestId("status-message")).toHaveText("Practice details saved. Patients see them when they book.");
    await expect(page.getByTestId("practice-phone")).toHaveText("01632 960333");
  } finally {
    await proxy.close();
  }
});

test("a sign-out the database cannot record keeps the cookie and says so, and ends the session once it answers", async ({
  browser,
  page,
  practice,
  startApp,
}) => {
  test.setTimeout(120_000);
  const { proxy, server } = await behindStallProxy(startApp, "database-stall-sign-out");
  // next-auth's own POST /api/auth/signout, as its client-side signOut() sends it.
  const signOut = async () => {
    const { csrfToken } = await (await page.request.get(`${server.url}/api/auth/csrf`)).json();
    return page.request.post(`${server.url}/api/auth/signout`, { form: { csrfToken, json: "true" } });
  };
  try {
    await page.goto(`${server.url}/apps`);
    await expect(page.getByTestId("current-practice")).toHaveText(practice.name);

    proxy.stall(true);
    const failed = await signOut();
    expect(failed.status()).toBe(503);
    expect(await failed.json()).toEqual({ error: "Sign-out failed: the session could not be ended. Try again." });

    // Still signed in, visibly, rather than signed out here with a copy of the cookie alive elsewhere.
    proxy.stall(false);
    await page.goto(`${server.url}/apps`);
    await expect(page.getByTestId("current-practice")).toHaveText(practice.name);
    const cookies = await page.context().cookies();
    expect((await signOut()).ok()).toBe(true);
    const copy = await browser.newContext();
    await copy.addCookies(cookies);
    const stale = await copy.newPage();
    await stale.goto(`${server.url}/apps`);
    await expect(stale).toHaveURL(/\/sign-in/);
    await copy.close();
  } finally {
    await proxy.close();
  }
});

test("the header's Sign out says when the database could not record it, and signs out once it answers", async ({ page, practice, startApp }) => {
  test.setTimeout(120_000);
  const { proxy, server } = await behindStallProxy(startApp, "database-stall-sign-out-button");
  try {
    await page.goto(`${server.url}/apps`);
    await expect(page.getByTestId("current-practice")).toHaveText(practice.name);

    // On a shared computer an error page would read as signed out, with the session still alive.
    proxy.stall(true);
    const header = page.getByRole("banner");
    await header.getByRole("button", { name: "Sign out" }).click();
    await expect(header.getByRole("alert")).toHaveText("Sign-out failed: the session could not be ended. Try again.");
    await expect(page.getByTestId("current-practice")).toHaveText(practice.name);

    proxy.stall(false);
    await header.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/sign-in/);
    await page.goto(`${server.url}/apps`);
    await expect(page).toHaveURL(/\/sign-in/);
  } finally {
    await proxy.close();
  }
});
