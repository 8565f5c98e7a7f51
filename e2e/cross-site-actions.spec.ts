// A server action replayed from another site with the admin's cookies, as a cross-site form or
// fetch would send it: refused with 403 before Next (whose own refusal is a 500 with an error in
// the log), and nothing changes. The same call from the dashboard's own origin still runs.
import { db } from "../tests/support/practices";
import { expect, test } from "./helpers/fixtures";
import { captureServerAction, type CapturedAction } from "./helpers/server-actions";

const REFUSED = "Forbidden: this request came from another site.";

test("a server action sent from another site, or with an Origin that is not a URL, is refused with 403 and changes nothing", async ({ page, practice }) => {
  await page.goto("/settings/my-practice");
  await page.getByText("Change address and phone").click();
  await page.getByRole("textbox", { name: "Phone" }).fill("01632 960111");
  const save = await captureServerAction(page, () => page.getByRole("button", { name: "Save practice details" }).click());
  await expect(page.getByTestId("practice-phone")).toHaveText("01632 960111");

  const send = (action: CapturedAction, origin: string, phone: string) =>
    page.request.post(action.path, {
      headers: { Origin: origin, "Next-Action": action.actionId, "Content-Type": "text/plain;charset=UTF-8", Accept: "text/x-component" },
      data: JSON.stringify([{ address: "", phone }]),
    });
  for (const origin of ["https://evil.example", "null", "not a url", "http://["]) {
    const response = await send(save, origin, "01632 960999");
    expect(response.status(), origin).toBe(403);
    expect(await response.text()).toBe(REFUSED);
  }
  const phone = async () => (await db().query(`SELECT phone FROM practice_groups WHERE id = $1`, [practice.id])).rows[0].phone;
  expect(await phone()).toBe("01632 960111");

  const own = await send(save, new URL(page.url()).origin, "01632 960222");
  expect(own.status()).toBe(200);
  expect(await phone()).toBe("01632 960222");
});
