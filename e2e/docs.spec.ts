// The public developer docs (/docs): every page opens without a session, passes axe and does not
// scroll sideways at 1280 and 390 px; the content comes from lib (headers, errors, endpoints,
// examples); the Copy buttons copy; and the copied curl and Node.js samples work against the app.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

import { expect, test, type Page } from "@playwright/test";

import { DOCS_PAGES } from "@/components/docs/docs-pages";
import { codeSamples, exampleRequest, pagingSample } from "@/lib/api/code-samples";
import { NAMED_ENDPOINTS } from "@/lib/api/endpoints";
import { ERROR_CAUSES, ERROR_CODES, ERROR_STATUS, type ErrorCode } from "@/lib/api/errors";
import { RATE_LIMIT_HEADERS, REQUEST_HEADERS } from "@/lib/api/headers";
import { apiBaseUrls } from "@/lib/env";
import { RATE_LIMIT } from "@/lib/limits";
import { ALL_SCOPES, SCOPE_LABELS } from "@/lib/scopes";

import { createSlot } from "../tests/support/records";
import { connect } from "./api/helpers/partner-api";
import { expectNoSeriousViolations, expectNoSidewaysScroll, WIDTHS } from "./helpers/axe";
import { storageState } from "./helpers/users";

const run = promisify(execFile);
const plain = (markdown: string) => markdown.replace(/`/g, "");
const apiBase = () => `${process.env.E2E_BASE_URL}/api/v1`;

/** Opens a docs page in this (session-less) context and fails on any Content-Security-Policy violation. */
async function openDocs(page: Page, href: string) {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" && /Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  const response = await page.goto(href);
  expect(response?.status(), `${href} answers without a session`).toBe(200);
  await expect(page).toHaveURL(new RegExp(`${href.replace(/\//g, "\\/")}$`));
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  return () => expect(violations, "Content-Security-Policy violations").toEqual([]);
}

/** Text outside code samples: no raw Markdown backticks and no JavaScript number limits. */
async function expectCleanProse(page: Page, href: string) {
  const prose = await page.locator("main").evaluate((main) => {
    const copy = main.cloneNode(true) as HTMLElement;
    copy.querySelectorAll("pre").forEach((pre) => pre.remove());
    return copy.textContent ?? "";
  });
  expect(prose, `${href} shows a raw backtick`).not.toContain("`");
  expect(prose).not.toContain(String(Number.MAX_SAFE_INTEGER));
  expect(prose).not.toMatch(/\b1 characters\b/);
}

/** Every table fits the screen: no column is cut off or scrolled away. */
async function expectTablesOnScreen(page: Page, where: string) {
  const overflowing = await page
    .locator("main table")
    .evaluateAll(
      (tables) => tables.filter((table) => table.getBoundingClientRect().right > window.innerWidth + 0.5 || table.scrollWidth > table.clientWidth + 0.5).length,
    );
  expect(overflowing, `${where}: tables wider than the screen`).toBe(0);
}

async function errorRow(page: Page, code: ErrorCode) {
  const row = page
    .getByRole("row")
    .filter({ has: page.getByRole("cell", { name: code, exact: true }) })
    .first();
  await expect(row.getByRole("cell").nth(0)).toHaveText(String(ERROR_STATUS[code]));
  await expect(row.getByRole("cell").nth(2)).toHaveText(plain(ERROR_CAUSES[code]));
}

test.describe("every docs page, without a session", () => {
  for (const { href } of DOCS_PAGES) {
    test(`${href}: axe, no sideways scroll and tables on screen at ${WIDTHS.join(" and ")} px`, async ({ page }) => {
      test.setTimeout(120_000);
      for (const width of WIDTHS) {
        await page.setViewportSize({ width, height: 900 });
        const noViolations = await openDocs(page, href);
        const where = `${href} at ${width} px`;
        await expectNoSeriousViolations(page, where);
        await expectNoSidewaysScroll(page, where);
        await expectTablesOnScreen(page, where);
        await expectCleanProse(page, href);
        if (width < 768) {
          // On a phone the contents fold away under one button.
          await page.getByText("Contents", { exact: true }).click();
          await expect(page.getByRole("navigation", { name: "Docs" }).getByRole("link", { name: "Rate limits" })).toBeVisible();
          await expectNoSeriousViolations(page, `${where}, contents open`);
          await expectNoSidewaysScroll(page, `${where}, contents open`);
        }
        noViolations();
      }
    });
  }
});

test("Authentication: seed 001/003's page, with this deployment's environments", async ({ page }) => {
  await openDocs(page, "/docs");
  const main = page.getByRole("main");
  for (const heading of [
    "Getting your API key",
    "Making authenticated requests",
    "Environments",
    "Cross-organisational calls",
    "Authentication errors",
    "Security best practices",
  ]) {
    await expect(main.getByRole("heading", { level: 2, name: heading })).toBeVisible();
  }
  for (const step of ["Step 1: Join the Partner Programme", "Step 2: Access developer resources", "Step 3: Secure your credentials"]) {
    await expect(main.getByRole("heading", { level: 3, name: step })).toBeVisible();
  }
  await expect(main.getByText("Access to our Slack environment for developer support")).toBeVisible();
  await expect(main.getByText("Apps > Connect", { exact: true })).toBeVisible();
  await expect(main.getByText("Settings > My Practice > API Key > Generate API Key", { exact: true })).toBeVisible();

  const requestHeaders = main.getByRole("table", { name: "Request headers" });
  for (const header of [REQUEST_HEADERS.apiKey, REQUEST_HEADERS.practiceGroupId]) {
    await expect(requestHeaders.getByRole("row", { name: `${header.name} ${header.description}` })).toBeVisible();
  }

  const environments = main.getByRole("table", { name: "Environments" });
  const urls = apiBaseUrls();
  await expect(environments.getByRole("row").filter({ hasText: "Staging" })).toContainText(urls.staging);
  await expect(environments.getByRole("row").filter({ hasText: "Production" })).toContainText(urls.production);
  await expect(environments.getByRole("row").filter({ hasText: "This deployment" })).toContainText(apiBase());

  const diagram = main.getByRole("img", { name: "Cross-organisational call flow" });
  await expect(diagram).toBeVisible();
  await expect(diagram).toHaveAccessibleDescription(/Network exists.*200 OK.*No network.*403 Forbidden/);

  for (const code of ["invalid_credentials", "insufficient_permissions", "forbidden", "rate_limit_exceeded"] as const) await errorRow(page, code);
  await expect(main.getByText(`${RATE_LIMIT} requests per minute`)).toBeVisible();
  const rateHeaders = main.getByRole("table", { name: "Rate limit headers" });
  for (const header of Object.values(RATE_LIMIT_HEADERS)) await expect(rateHeaders.getByRole("cell", { name: header.name, exact: true })).toBeVisible();

  // The request example is this deployment's, in the seed's three languages.
  const tabs = main.getByRole("tablist", { name: /GET \/practice-groups/ });
  await expect(tabs.getByRole("tab")).toHaveText(["curl", "Node.js", "Ruby"]);
  await expect(main.getByRole("tabpanel", { name: "curl" })).toContainText(`curl -X GET "${apiBase()}/practice-groups"`);
});

test("Errors, Scopes, Rate limits, Access tokens and User keys show lib's facts", async ({ page }) => {
  await openDocs(page, "/docs/errors");
  for (const code of ERROR_CODES) await errorRow(page, code);
  await expect(page.getByRole("main").locator("pre").filter({ hasText: '"fields"' })).toContainText("Must be 10 digits");
  // A credential refused with 401 is not retried: its failures count against the address, and past the limit hold up every key not yet working.
  await expect(page.getByRole("listitem").filter({ hasText: "On 401 invalid_credentials, stop using that credential" })).toContainText(
    "429 rate_limit_exceeded for every key that has not worked in the last minute",
  );

  await openDocs(page, "/docs/scopes");
  const scopes = page.getByRole("table", { name: "Scopes" });
  for (const scope of ALL_SCOPES) {
    await expect(scopes.getByRole("row").filter({ has: page.getByRole("cell", { name: scope, exact: true }) })).toContainText(SCOPE_LABELS[scope]);
  }
  await expect(scopes.getByRole("link", { name: "POST /appointments" })).toHaveAttribute("href", "/docs/api#bookAppointment");

  await openDocs(page, "/docs/rate-limits");
  await expect(page.getByRole("main").locator("pre").filter({ hasText: "429" })).toContainText(`${RATE_LIMIT_HEADERS.limit.name}: ${RATE_LIMIT}`);

  await openDocs(page, "/docs/access-tokens");
  await expect(page.getByRole("img", { name: "Authentication flow with an access token" })).toBeVisible();
  await expect(page.getByRole("tabpanel", { name: "curl" }).first()).toContainText(`curl -X POST "${apiBase()}/access_token"`);

  await openDocs(page, "/docs/user-keys");
  await expect(page.getByRole("tabpanel", { name: "curl" })).toContainText(`-H "${REQUEST_HEADERS.username.name}: YOUR_USERNAME"`);
});

test("API reference: every endpoint with its examples, a contents link to each, and tabs that move by keyboard", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await openDocs(page, "/docs/api");
  const contents = page.getByRole("navigation", { name: "Docs" });
  for (const [name, endpoint] of NAMED_ENDPOINTS) {
    const section = page.locator(`section#${name}`);
    await expect(section.getByRole("heading", { level: 3 })).toHaveText(`${endpoint.method} ${endpoint.path}`);
    await expect(section.getByRole("tab")).toHaveText(["curl", "Node.js", "Ruby"]);
    await expect(section.getByRole("tabpanel", { name: "curl" })).toContainText(`curl -X ${endpoint.method} "${apiBase()}${endpoint.path.replace("{id}", "")}`);
    await expect(section.getByRole("heading", { name: "Example response" })).toBeVisible();
    await expect(contents.getByRole("link", { name: `${endpoint.method} ${endpoint.path}`, exact: true })).toHaveAttribute("href", `/docs/api#${name}`);
  }

  // Choosing Ruby once shows Ruby everywhere; arrow keys move between the tabs.
  const booking = page.locator("section#bookAppointment");
  await booking.getByRole("tab", { name: "Ruby" }).click();
  await expect(booking.getByRole("tabpanel", { name: "Ruby" })).toContainText("Net::HTTP::Post.new(uri)");
  await expect(page.locator("section#listSlots").getByRole("tabpanel", { name: "Ruby" })).toContainText("Net::HTTP::Get.new(uri)");
  await booking.getByRole("tab", { name: "Ruby" }).press("ArrowLeft");
  await expect(booking.getByRole("tab", { name: "Node.js" })).toBeFocused();
  await expect(booking.getByRole("tabpanel", { name: "Node.js" })).toContainText("body: JSON.stringify({");

  await contents.getByRole("link", { name: "DELETE /appointments/{id}", exact: true }).click();
  await expect(page).toHaveURL(/\/docs\/api#cancelAppointment$/);
  await expect(page.locator("section#cancelAppointment").getByRole("heading", { level: 3 })).toBeInViewport();
});

test("copied curl and Node.js examples run against this deployment as they are", async ({ page }) => {
  const { practice, key } = await connect();
  await openDocs(page, "/docs/api");
  const section = page.locator("section#listPracticeGroups");
  const expected = codeSamples(apiBase(), exampleRequest("listPracticeGroups"));
  const copied = async (button: string) => {
    await section.getByRole("button", { name: button }).click();
    await expect(section.getByRole("button", { name: button.replace("Copy", "Copied") })).toBeVisible();
    return page.evaluate(() => navigator.clipboard.readText());
  };

  const curl = await copied("Copy curl example for GET /practice-groups");
  expect(curl).toBe(expected.curl);
  const { stdout: curlOut } = await run("bash", ["-c", curl.replace("YOUR_API_KEY", key).replace("YOUR_PRACTICE_GROUP_ID", practice.id)]);
  expect(JSON.parse(curlOut)).toMatchObject({ data: { id: practice.id, name: practice.name } });

  await section.getByRole("tab", { name: "Node.js" }).click();
  const node = await copied("Copy Node.js example for GET /practice-groups");
  expect(node).toBe(expected.node);
  const dir = mkdtempSync(path.join(tmpdir(), "hero-docs-sample-"));
  try {
    writeFileSync(path.join(dir, "sample.mjs"), `${node}\nconsole.log(JSON.stringify(data));\n`);
    const { stdout } = await run(process.execPath, [path.join(dir, "sample.mjs")], {
      env: { ...process.env, HERO_API_KEY: key, HERO_PRACTICE_GROUP_ID: practice.id },
    });
    expect(JSON.parse(stdout)).toMatchObject({ data: { id: practice.id, code: practice.code } });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the copied paging and retrying sample reads every page of a list from this deployment", async ({ page }) => {
  const { practice, key } = await connect();
  const from = new Date(Date.now() + 86_400_000);
  const made = await Promise.all([0, 1, 2, 3, 4].map((hour) => createSlot(practice.id, new Date(from.getTime() + hour * 3_600_000))));
  await openDocs(page, "/docs/api#paging-and-retrying");
  await page.getByRole("button", { name: "Copy Node.js example of paging and retrying" }).click();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(pagingSample(apiBase()));

  // The sample's own last line lists a day of 2027; this one lists the five slots two to a page.
  const query = { from: from.toISOString(), to: new Date(from.getTime() + 86_400_000).toISOString(), limit: 2 };
  const code = `${copied.slice(0, copied.lastIndexOf("const slots"))}const slots = await getAll('/slots', ${JSON.stringify(query)});\nconsole.log(JSON.stringify(slots));\n`;
  const dir = mkdtempSync(path.join(tmpdir(), "hero-docs-sample-"));
  try {
    writeFileSync(path.join(dir, "sample.mjs"), code);
    const { stdout } = await run(process.execPath, [path.join(dir, "sample.mjs")], {
      env: { ...process.env, HERO_API_KEY: key, HERO_PRACTICE_GROUP_ID: practice.id },
    });
    expect((JSON.parse(stdout) as { id: string }[]).map(({ id }) => id)).toEqual(made.map(({ id }) => id));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.describe("from the dashboard", () => {
  test.use({ storageState: storageState("riversideStaff") });

  test("API docs in the menu opens the public docs", async ({ page }) => {
    await page.goto("/dashboard");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "API docs" }).click();
    await expect(page).toHaveURL(/\/docs$/);
    await expect(page.getByRole("heading", { level: 1, name: "Authentication" })).toBeVisible();
  });
});
