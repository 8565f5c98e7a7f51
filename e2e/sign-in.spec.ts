import { expect, test, type APIRequestContext, type APIResponse, type BrowserContext } from "@playwright/test";
import { decode, encode } from "next-auth/jwt";

import { createPractice } from "../tests/support/practices";
import { endedSessionExpiry, partnerId, setUserActive, setUserRole } from "./helpers/db";
import { callServerAction, captureServerAction } from "./helpers/server-actions";
import { signIn } from "./helpers/session";
import { DEMO_PASSWORD, USERS } from "./helpers/users";

const WRONG = "The email or password is incorrect.";

test("signs in with the right password and shows who and which practice", async ({ page }) => {
  await signIn(page, USERS.riversideAdmin, DEMO_PASSWORD);
  await expect(page.getByTestId("current-user")).toContainText("Priya Shah · Practice admin");
  await expect(page.getByTestId("current-practice")).toHaveText("Riverside Medical Practice");
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
});

test("before the page's scripts run, Sign in cannot send the password in the address", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const addresses: string[] = [];
  page.on("request", (request) => addresses.push(request.url()));
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(USERS.riversideAdmin);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await expect(page.getByRole("button", { name: "Sign in" })).toBeDisabled();
  await page.getByLabel("Password").press("Enter");
  await page.waitForLoadState();
  expect(addresses.filter((address) => address.includes(encodeURIComponent(DEMO_PASSWORD)) || address.includes(DEMO_PASSWORD))).toEqual([]);
  await context.close();
});

test("a wrong password and an unknown email get the same message, from the same answer", async ({ page }) => {
  await page.goto("/sign-in");
  const answers: { status: number; body: string }[] = [];
  for (const [email, password] of [
    [USERS.riversideAdmin, "not-the-password"],
    ["nobody@nowhere.test", DEMO_PASSWORD],
  ]) {
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(password);
    const [answer] = await Promise.all([
      page.waitForResponse((response) => response.url().includes("/api/auth/callback/credentials")),
      page.getByRole("button", { name: "Sign in" }).click(),
    ]);
    answers.push({ status: answer.status(), body: await answer.text() });
    await expect(page.getByRole("alert").filter({ hasText: WRONG })).toBeVisible();
    await expect(page).toHaveURL(/\/sign-in/);
    // The email stays, to correct the password.
    await expect(page.getByLabel("Email")).toHaveValue(email);
  }
  // The server's own answer, not only the page's wording: nothing tells which emails have accounts.
  expect(answers[1]).toEqual(answers[0]);
  expect(answers[0].status).toBe(401);
});

test("an inactive user cannot sign in", async ({ page }) => {
  const practice = await createPractice();
  await setUserActive(practice.staff.id, false);
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(practice.staff.email);
  await page.getByLabel("Password").fill(practice.staff.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: WRONG })).toBeVisible();
});

test("a deactivated user loses the session they already had, also once reactivated", async ({ page }) => {
  const practice = await createPractice();
  await signIn(page, practice.staff.email, practice.staff.password);
  await setUserActive(practice.staff.id, false);
  await page.goto("/apps");
  await expect(page).toHaveURL(/\/sign-in/);
  // The cookie is still in the browser: reactivating the user must not make it work again.
  await setUserActive(practice.staff.id, true);
  await page.goto("/apps");
  await expect(page).toHaveURL(/\/sign-in/);
});

test("a session is over once its user is deactivated or given another role, even when that is undone before its next visit", async ({ page }) => {
  const practice = await createPractice();
  await signIn(page, practice.staff.email, practice.staff.password);
  // No visit between the change and its undoing: nothing of the app runs until the next one.
  await setUserActive(practice.staff.id, false);
  await setUserActive(practice.staff.id, true);
  await page.goto("/apps");
  await expect(page).toHaveURL(/\/sign-in/);

  await signIn(page, practice.admin.email, practice.admin.password);
  await setUserRole(practice.admin.id, "STAFF");
  await setUserRole(practice.admin.id, "PRACTICE_ADMIN");
  await page.goto("/apps");
  await expect(page).toHaveURL(/\/sign-in/);
  // Signing in again after the change works.
  await signIn(page, practice.admin.email, practice.admin.password);
  await page.goto("/apps");
  await expect(page).toHaveURL(/\/apps$/);
});

test("an unauthenticated visit goes to sign-in and comes back after it", async ({ page }) => {
  await page.goto("/settings/my-practice");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fsettings%2Fmy-practice/);
  await page.getByLabel("Email").fill(USERS.riversideStaff);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/settings\/my-practice$/);
});

test("a callbackUrl to another site is ignored", async ({ page }) => {
  await page.goto("/sign-in?callbackUrl=https%3A%2F%2Fevil.example%2F");
  await page.getByLabel("Email").fill(USERS.riversideStaff);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
});

// Tab, CR and LF (browsers strip them) and dot segments can each leave "//evil.example/": another host.
test("a callbackUrl hiding another site (behind a tab, CR, LF or dot segments) is ignored, before and after sign-in", async ({ browser }) => {
  // Five sign-ins in turn, each a password hash and two page loads: 45 s was too little on a loaded machine.
  test.setTimeout(120_000);
  const practice = await createPractice();
  for (const hiding of ["/%09/", "/%0a/", "/%0d/", "/..//", "/.//"]) {
    // A context each: a page signed in may still be prefetching, and each answer sets its cookie again.
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`/sign-in?callbackUrl=${hiding}evil.example/`);
    await page.getByLabel("Email").fill(practice.staff.email);
    await page.getByLabel("Password").fill(practice.staff.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page, hiding).toHaveURL(/\/dashboard$/);
    // Signed in already: the sign-in page redirects at once, and still only to this app.
    const response = await page.goto(`/sign-in?callbackUrl=${hiding}evil.example/`);
    expect(response?.status(), hiding).toBe(200);
    await expect(page, hiding).toHaveURL(/\/dashboard$/);
    await context.close();
  }
});

test("sign-out ends the session on the server: the old cookie no longer opens pages or calls actions", async ({ browser }) => {
  const practice = await createPractice();
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, practice.admin.email, practice.admin.password);
  await page.goto("/apps/triagefirst");
  await page.getByRole("button", { name: "Connect" }).click();
  await page.getByRole("dialog", { name: "Connect TriageFirst" }).getByRole("button", { name: "Connect" }).click();
  await page.getByRole("alertdialog", { name: "TriageFirst is connected" }).getByRole("button", { name: "Close" }).click();
  const view = await captureServerAction(page, () => page.getByRole("button", { name: "View API key" }).click());
  const key = await page.getByTestId("full-key").inputValue();
  await page.getByRole("button", { name: "Close" }).click();
  const cookies = await context.cookies();

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);

  const replay = await browser.newContext();
  await replay.addCookies(cookies);
  const forged = await callServerAction(replay.request, view, { partnerId: await partnerId("triagefirst") });
  expect(forged.body).toContain("Your session has ended");
  expect(forged.body).not.toContain(key);
  const stale = await replay.newPage();
  await stale.goto("/settings/my-practice");
  await expect(stale).toHaveURL(/\/sign-in/);
  await context.close();
  await replay.close();
});

/** The context's session cookie, decoded and signed again with `changes`: what a copy kept alive by next-auth's re-issuing would hold. */
async function reissuedSession(context: BrowserContext, changes: Record<string, unknown>) {
  const secret = process.env.NEXTAUTH_SECRET!;
  const cookie = (await context.cookies()).find((c) => c.name === "next-auth.session-token")!;
  const token = (await decode({ token: cookie.value, secret }))!;
  return { cookie, token, value: await encode({ token: { ...token, ...changes }, secret }) };
}

test("a session ends 12 hours after its sign-in, however recently its cookie was issued again", async ({ browser }) => {
  const practice = await createPractice();
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, practice.admin.email, practice.admin.password);
  const now = Math.floor(Date.now() / 1000);
  for (const [signedInAgo, opens] of [
    [11 * 3600, true],
    [12 * 3600 + 60, false],
  ] as const) {
    const { cookie, value } = await reissuedSession(context, { signedInAt: now - signedInAgo });
    const copy = await browser.newContext();
    await copy.addCookies([{ ...cookie, value }]);
    const stale = await copy.newPage();
    await stale.goto("/settings/my-practice");
    await expect(stale).toHaveURL(opens ? /\/settings\/my-practice$/ : /\/sign-in/);
    await copy.close();
  }
  await context.close();
});

test("signing in over another's session (a sign-in page left open on a shared PC) ends that session on the server; a failed sign-in does not", async ({
  browser,
}) => {
  const [first, second] = [await createPractice(), await createPractice()];
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto("/sign-in");
  // The first user signs in in another tab, and leaves; a copy of their cookie is kept.
  const other = await context.newPage();
  await signIn(other, first.admin.email, first.admin.password);
  const copy = await browser.newContext();
  await copy.addCookies(await context.cookies());
  const copyUser = async () => (await (await copy.request.get("/api/auth/session")).json()).user?.email;
  expect(await copyUser()).toBe(first.admin.email);

  // A wrong password on the open page: the first session stands.
  await page.getByLabel("Email").fill(second.admin.email);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: WRONG })).toBeVisible();
  expect(await copyUser()).toBe(first.admin.email);

  await page.getByLabel("Password").fill(second.admin.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  expect((await (await page.request.get("/api/auth/session")).json()).user).toMatchObject({ email: second.admin.email });
  expect(await copyUser()).toBeUndefined();
  await copy.close();
  await context.close();
});

test("a signed-out session stays refused for as long as any copy of its cookie could be used", async ({ browser }) => {
  const practice = await createPractice();
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, practice.admin.email, practice.admin.password);
  const { token } = await reissuedSession(context, {});
  const cookies = await context.cookies();
  expect((await (await page.request.get("/api/auth/session")).json()).user).toMatchObject({ email: practice.admin.email });
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  // Listed until the session's last possible moment: 12 hours after its sign-in, not the cookie's expiry.
  expect((await endedSessionExpiry(token.sid))?.getTime()).toBe(((token.signedInAt as number) + 12 * 3600) * 1000);
  // next-auth's own session action neither names a copy's user nor issues its cookie again: by
  // GET, by a longer path (next-auth reads the action from its first segment) or by POST, its
  // update. A copy of its own for each, as the first answer clears the cookie it was sent.
  const ask = async (request: (copy: APIRequestContext) => Promise<APIResponse>) => {
    const copy = await browser.newContext();
    await copy.addCookies(cookies);
    const answer = await request(copy.request);
    const result = { body: await answer.json(), reissued: /session-token=[^;]+;/.test(answer.headers()["set-cookie"] ?? "") };
    await copy.close();
    return result;
  };
  const unanswered = { body: {}, reissued: false };
  expect(await ask((copy) => copy.get("/api/auth/session"))).toEqual(unanswered);
  expect(await ask((copy) => copy.get("/api/auth/session/again"))).toEqual(unanswered);
  expect(
    await ask(async (copy) => copy.post("/api/auth/session", { form: { csrfToken: (await (await copy.get("/api/auth/csrf")).json()).csrfToken } })),
  ).toEqual(unanswered);
  await context.close();
});

test("password guessing is throttled: after 10 failures even the right password is refused, alike for known and unknown emails", async ({ page, request }) => {
  test.setTimeout(120_000);
  const practice = await createPractice();
  const unknown = `nobody-${practice.id.slice(0, 8)}@nowhere.test`;
  for (const email of [practice.admin.email, unknown]) {
    for (let attempt = 0; attempt < 10; attempt++) {
      const { csrfToken } = await (await request.get("/api/auth/csrf")).json();
      await request.post("/api/auth/callback/credentials", { form: { csrfToken, email, password: "not-the-password", json: "true" } });
    }
  }
  for (const [email, password] of [
    [practice.admin.email, practice.admin.password],
    [unknown, practice.admin.password],
  ]) {
    await page.goto("/sign-in");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.locator("#sign-in-error")).toHaveText("Too many failed sign-in attempts. Wait 15 minutes, then try again.");
    await expect(page).toHaveURL(/\/sign-in/);
  }
  // Another account from the same address is not locked out.
  await signIn(page, practice.staff.email, practice.staff.password);
});

test("Sign out works before the page's scripts have run (a slow connection, or JavaScript off)", async ({ browser }) => {
  const practice = await createPractice();
  const signedIn = await browser.newContext();
  await signIn(await signedIn.newPage(), practice.staff.email, practice.staff.password);
  const cookies = await signedIn.cookies();
  await signedIn.close();

  const noScript = await browser.newContext({ javaScriptEnabled: false });
  await noScript.addCookies(cookies);
  const page = await noScript.newPage();
  await page.goto("/dashboard");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/sign-in/);
  await noScript.close();
});

test("the dashboard works on a phone-width screen", async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 375, height: 740 } });
  const page = await context.newPage();
  await signIn(page, USERS.riversideStaff, DEMO_PASSWORD);
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Apps" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "My Practice" })).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await context.close();
});
