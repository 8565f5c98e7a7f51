// The production path: .next/standalone copied out of the checkout (no dev dependencies within
// reach), started with plain `node server.js` and HERO_ENVIRONMENT=production (scripts/test.ts).
// A smoke subset: pages and their assets, the security headers, the API over HTTPS only, and
// the memory a request body can take before the middleware has answered.
import { readFileSync } from "node:fs";
import { connect, type Socket } from "node:net";

import { expect, test } from "@playwright/test";
import pg from "pg";

import { keyHashOf } from "@/lib/api-keys";
import { displayKey, generateKey } from "@/lib/key-format";

import { createPractice } from "../tests/support/practices";
import { apiHeaders } from "./api/helpers/partner-api";

const BASE = process.env.E2E_PRODUCTION_BASE_URL!;

// One at a time: the memory spec measures this server, which only this file calls.
test.describe.configure({ mode: "serial" });

// This server's own database (scripts/test.ts), never seeded: production refuses the demo users.
const database = new pg.Pool({ connectionString: process.env.E2E_PRODUCTION_DATABASE_URL, max: 2 });
test.afterAll(() => database.end());

/** A production (hero_live_) user key, written as the production instance itself would store it. */
async function liveUserKey() {
  const practice = await createPractice(database);
  const key = generateKey("live");
  await database.query(
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

/** The server's resident memory, in MB. */
function serverRssMb() {
  const status = readFileSync(`/proc/${process.env.E2E_PRODUCTION_PID}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

/** A chunked POST that sends `megabytes` and never ends, as a client holding the connection open would. */
async function unfinishedUpload(path: string, megabytes: number): Promise<Socket> {
  const { hostname, port } = new URL(BASE);
  const socket = connect(Number(port), hostname);
  socket.on("error", () => {});
  await new Promise((resolve) => socket.once("connect", resolve));
  socket.write(`POST ${path} HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`);
  const chunk = Buffer.alloc(64 * 1024, "a");
  for (let sent = 0; sent < megabytes * 16; sent++) {
    await new Promise<void>((resolve) => socket.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`, () => resolve()));
  }
  return socket;
}

// Next copies a body before the middleware runs and holds the copy until the body ends (up to
// 10 MB by default): 24 unfinished uploads held ~225 MB without next.config.mjs's limit, ~50 with
// it (security review). What is read beyond the limit is garbage, freed at the next GC.
test("an upload that never ends is not held in memory beyond 64 KB before the middleware answers", async ({ request }) => {
  // The route's code loaded and the server warm, so that what grows is the bodies alone.
  for (let i = 0; i < 3; i++) await request.post(`${BASE}/api/v1/messages`, { headers: { "x-forwarded-proto": "https" }, data: { text: "warm-up" } });
  const before = serverRssMb();
  const uploads = await Promise.all(Array.from({ length: 24 }, () => unfinishedUpload("/api/v1/messages", 10)));
  // What is still in the sockets' buffers reaches the server.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const grown = serverRssMb() - before;
  for (const socket of uploads) socket.destroy();
  expect(grown).toBeLessThan(120);
  expect((await request.get(`${BASE}/sign-in`)).status()).toBe(200);
});
