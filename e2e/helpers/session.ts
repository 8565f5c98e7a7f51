import { expect, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { encode } from "next-auth/jwt";

import { SESSION_COOKIE, SESSION_IDLE_SECONDS, sessionClaims } from "../../lib/session-cookie";
import { db } from "../../tests/support/practices";

/** Signs in through the real form. */
export async function signIn(page: Page, email: string, password: string, path = "/dashboard") {
  await page.goto(`/sign-in?callbackUrl=${encodeURIComponent(path)}`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  // Generous: the first render of a page after `next start` can take seconds on a busy 2-core machine.
  await expect(page).toHaveURL(new RegExp(`${path.replace(/[/?]/g, "\\$&")}$`), { timeout: 30_000 });
}

/**
 * Signs a user in without the form, for tests about something else: the session cookie the
 * form would have set (the same claims, lib/session-cookie.ts), signed with the app's secret.
 * The form itself is tested in sign-in.spec.ts and used by auth.setup.ts.
 */
export async function signInWithCookie(context: BrowserContext, userId: string, baseURL = process.env.E2E_BASE_URL!) {
  // sessionsValidFrom in Unix ms as the app reads it (UTC): pg would read the zoneless timestamp in this process's zone.
  const { rows } = await db().query(
    `SELECT id, name, email, role, "practiceGroupId", round(extract(epoch FROM "sessionsValidFrom") * 1000)::float8 AS "validFrom" FROM users WHERE id = $1`,
    [userId],
  );
  const user = rows[0];
  const claims = sessionClaims(user);
  const value = await encode({
    token: { name: user.name, email: user.email, sub: user.id, ...claims },
    secret: process.env.NEXTAUTH_SECRET!,
    maxAge: SESSION_IDLE_SECONDS,
  });
  await context.addCookies([{ name: SESSION_COOKIE, value, url: baseURL, httpOnly: true, sameSite: "Lax" }]);
}

/** The Activity list of My Practice as that practice's admin sees it (a context of its own, closed after). */
export async function practiceActivity(browser: Browser, adminUserId: string): Promise<string[]> {
  const context = await browser.newContext({ baseURL: process.env.E2E_BASE_URL });
  try {
    await signInWithCookie(context, adminUserId);
    const page = await context.newPage();
    await page.goto("/settings/my-practice");
    return await page.getByRole("list", { name: "Activity" }).getByTestId("activity-item").allInnerTexts();
  } finally {
    await context.close();
  }
}
