// The dashboard's API docs page renders the OpenAPI document for signed-in users.
import { expect, test } from "@playwright/test";

import { storageState } from "../helpers/users";

test.describe("signed in", () => {
  test.use({ storageState: storageState("riversideStaff") });

  test("API docs lists every endpoint, the error table and the rate-limit headers", async ({ page }) => {
    await page.goto("/dashboard");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "API docs" }).click();
    await expect(page).toHaveURL(/\/docs\/api$/);
    await expect(page.getByRole("heading", { level: 1, name: "API docs" })).toBeVisible();
    for (const endpoint of [
      "get /api/v1/practice-groups",
      "post /api/v1/access_token",
      "post /api/v1/appointments",
      "delete /api/v1/appointments/{id}",
      "get /api/v1/slots",
    ]) {
      await expect(page.getByRole("heading", { level: 3, name: endpoint })).toBeVisible();
    }
    const errors = page.getByRole("region", { name: "Errors" });
    for (const code of ["invalid_credentials", "insufficient_permissions", "forbidden", "rate_limit_exceeded"]) {
      await expect(errors.getByRole("cell", { name: code, exact: true })).toBeVisible();
    }
    await expect(page.getByText("X-RateLimit-Remaining").first()).toBeVisible();
    await expect(page.getByRole("link", { name: /openapi\.json/ })).toHaveAttribute("href", "/api/v1/openapi.json");
  });
});

test("API docs need a session", async ({ page }) => {
  await page.goto("/docs/api");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fdocs%2Fapi/);
});
