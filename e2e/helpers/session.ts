import { expect, type Page } from "@playwright/test";

/** Signs in through the real form. */
export async function signIn(page: Page, email: string, password: string, path = "/dashboard") {
  await page.goto(`/sign-in?callbackUrl=${encodeURIComponent(path)}`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  // Generous: the first render of a page after `next start` can take seconds on a busy 2-core machine.
  await expect(page).toHaveURL(new RegExp(`${path.replace(/[/?]/g, "\\$&")}$`), { timeout: 30_000 });
}
