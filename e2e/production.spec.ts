// The production path: .next/standalone copied out of the checkout (no dev dependencies within
// reach), started with plain `node server.js` and HERO_ENVIRONMENT=production (scripts/test.ts).
// A smoke subset: pages and their assets, the security headers, and the API over HTTPS only.
import { expect, test } from "@playwright/test";

import { keyHashOf } from "@/lib/api-keys";
import { displayKey, generateKey } from "@/lib/key-format";

import { createPractice, db } from "../tests/support/practices";
import { apiHeaders } from "./api/helpers/partner-api";

const BASE = process.env.E2E_PRODUCTION_BASE_URL!;

/** A production (hero_live_) user key, written as the production instance itself would store it. */
async function liveUserKey() {
  const practice = await createPractice();
  const key = generateKey("live");
  await db().query(
    `INSERT INTO api_keys (id, kind, environment, "practiceGroupId", "ownerUserId", name, scopes, "keyHash", "displayKey")
     VALUES (gen_random_uuid(), 'USER', 'live', $1, $2, 'Production smoke', '{booking_links,messaging,booking}', $3, $4)`,
    [practice.id, practice.staff.id, keyHashOf(key), displayKey(key)],
  );
  return { key, practice };
}

test("the sign-in page and its stylesheet are served, with the security headers", async ({ page }) => {
  const styles: number[] = [];
  page.on("response", (response) => {
    if (response.url().includes("/_next/static/") && response.url().endsWith(".css")) styles.push(response.status());
  });
  const response = await page.goto(`${BASE}/sign-in`);
  expect(response?.status()).toBe(200);
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
  expect(styles.length).toBeGreaterThan(0);
  expect(styles.every((status) => status === 200)).toBe(true);
  const headers = response!.headers();
  expect(headers["strict-transport-security"]).toContain("max-age=");
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["referrer-policy"]).toBe("same-origin");
  expect(headers["x-powered-by"]).toBeUndefined();
});

test("the API answers a live key over HTTPS, refuses plain HTTP with 403 https_required and a test key with 401", async ({ request }) => {
  const { key, practice } = await liveUserKey();
  const headers = apiHeaders({ key, practiceGroupId: practice.id, username: practice.staff.username });
  const https = { ...headers, "x-forwarded-proto": "https" };

  const ok = await request.get(`${BASE}/api/v1/practice-groups`, { headers: https });
  expect(ok.status()).toBe(200);
  expect(await ok.json()).toMatchObject({ data: { id: practice.id, code: practice.code } });

  const plain = await request.get(`${BASE}/api/v1/practice-groups`, { headers });
  expect([plain.status(), (await plain.json()).error]).toEqual([403, "https_required"]);

  const testKey = await request.get(`${BASE}/api/v1/practice-groups`, { headers: { ...https, "x-api-key": generateKey("test") } });
  expect([testKey.status(), (await testKey.json()).error]).toEqual([401, "invalid_credentials"]);
});
