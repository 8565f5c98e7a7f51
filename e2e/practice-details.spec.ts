// My Practice > Practice details: a practice admin sets the address and phone that patients see
// when they book; staff see them but cannot change them, not even by calling the action.
import { db } from "../tests/support/practices";
import { seriousViolations } from "./helpers/axe";
import { expect, test } from "./helpers/fixtures";
import { callServerAction, captureServerAction } from "./helpers/server-actions";
import { signIn } from "./helpers/session";

test("a practice admin sets the address and phone, checked and audited; staff only see them", async ({ page, practice, browser }) => {
  test.setTimeout(90_000);
  await page.goto("/settings/my-practice");
  await expect(page.getByTestId("practice-address")).toHaveText("Not given");
  await expect(page.getByTestId("practice-phone")).toHaveText("Not given");

  await page.getByText("Change address and phone").click();
  const address = page.getByRole("textbox", { name: "Address" });
  const phone = page.getByRole("textbox", { name: "Phone" });
  await address.fill("12 River Street\n\n  Riverside  \nRS1 2AB");
  await phone.fill("call us");
  await page.getByRole("button", { name: "Save practice details" }).click();
  await expect(phone).toBeFocused();
  await expect(phone).toHaveAccessibleDescription(/Use digits, spaces, \+, brackets and hyphens only/);
  await expect(page.getByTestId("practice-phone")).toHaveText("Not given");
  expect(await seriousViolations(page, "details:has(form)")).toEqual([]);

  await phone.fill("01632 960111");
  const save = await captureServerAction(page, () => page.getByRole("button", { name: "Save practice details" }).click());
  await expect(page.getByTestId("status-message")).toHaveText("Practice details saved. Patients see them when they book.");
  await expect(page.getByTestId("practice-address")).toHaveText("12 River Street\nRiverside\nRS1 2AB");
  await expect(page.getByTestId("practice-phone")).toHaveText("01632 960111");
  await expect(page.getByTestId("activity-item").first()).toContainText("Edited practice details");

  const context = await browser.newContext();
  const staff = await context.newPage();
  await signIn(staff, practice.staff.email, practice.staff.password, "/settings/my-practice");
  await expect(staff.getByTestId("practice-phone")).toHaveText("01632 960111");
  await expect(staff.getByText("Change address and phone")).toHaveCount(0);
  const forged = await callServerAction(context.request, save, { address: "Somewhere else", phone: "01632 960999" });
  expect(forged.body).toContain("Only practice admins");
  const { rows } = await db().query(`SELECT address, phone FROM practice_groups WHERE id = $1`, [practice.id]);
  expect(rows[0]).toEqual({ address: "12 River Street\nRiverside\nRS1 2AB", phone: "01632 960111" });
  await context.close();
});

test("a form sent after the session's cookie has gone says the session has ended and keeps what was typed", async ({ page, practice }) => {
  await page.goto("/settings/my-practice");
  await page.getByText("Change address and phone").click();
  const phone = page.getByRole("textbox", { name: "Phone" });
  await phone.fill("01632 960222");
  // Signed out in another tab, or idle past the cookie's 8 hours, while this page stayed open.
  // Each answer to the page's own requests (its links' prefetches) slides the session, setting the
  // cookie again: from the clear on, answers reach the page without it, so none can bring it back.
  let signedOut = false;
  await page.route("**/*", async (route) => {
    if (!signedOut) return route.fallback();
    const response = await route.fetch();
    const headers = response.headers();
    delete headers["set-cookie"];
    await route.fulfill({ response, headers });
  });
  await page.waitForLoadState("networkidle");
  signedOut = true;
  await page.context().clearCookies();
  await page.getByRole("button", { name: "Save practice details" }).click();
  await expect(page.locator("form").getByRole("alert")).toHaveText("Your session has ended. Sign in again.");
  await expect(phone).toHaveValue("01632 960222");
  const { rows } = await db().query(`SELECT phone FROM practice_groups WHERE id = $1`, [practice.id]);
  expect(rows[0].phone).toBeNull();
});
