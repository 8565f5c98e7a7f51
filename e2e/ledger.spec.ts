// The API access ledger in the dashboard: a partner's "API activity" and "Who accessed this record"
// show what the ledger holds, to practice admins only; and a server told to stop (SIGTERM) writes
// every row it still holds before it exits.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { freePort, waitForHttp } from "../scripts/e2e-environment";
import { db } from "../tests/support/practices";
import { createNetwork, createPatient, createPracticeGroup, createSlot, createUser } from "../tests/support/records";
import { startStallProxy } from "../tests/support/stall-proxy";
import { apiHeaders, connect } from "./api/helpers/partner-api";
import { insertUserKey } from "./helpers/db";
import { expect, test } from "./helpers/fixtures";
import { signIn } from "./helpers/session";
import { storageState } from "./helpers/users";

const slugOf = async (partnerId: string) => (await db().query(`SELECT slug FROM partners WHERE id = $1`, [partnerId])).rows[0].slug as string;
const ledgerRows = async (practiceGroupId: string) =>
  (await db().query(`SELECT status, "patientIds" FROM api_requests WHERE "keyPracticeGroupId" = $1`, [practiceGroupId])).rows as {
    status: number;
    patientIds: string[];
  }[];

test("API activity and Who accessed this record show the ledger's rows, to practice admins only", async ({ page, practice, browser }) => {
  const connection = await connect(undefined, practice);
  const headers = apiHeaders({ key: connection.key, practiceGroupId: practice.id });
  const patient = await createPatient(practice.id);
  const slot = await createSlot(practice.id);
  // Booked, then the same booking retried with its Idempotency-Key: answered with the first, nothing created.
  const booking = { headers: { ...headers, "Idempotency-Key": crypto.randomUUID() }, data: { slot_id: slot.id, nhs_number: patient.nhsNumber } };
  expect((await page.request.post("/api/v1/appointments", booking)).status()).toBe(201);
  expect((await page.request.post("/api/v1/appointments", booking)).headers()["idempotent-replayed"]).toBe("true");
  const listed = await page.request.get("/api/v1/appointments", { headers });
  expect(listed.headers()["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
  expect((await page.request.get("/api/v1/appointments/not-an-id", { headers })).status()).toBe(404);
  // For a practice the key may not act for: refused before any practice was acted for.
  const elsewhere = { ...headers, "x-practice-group-id": crypto.randomUUID() };
  expect((await page.request.get("/api/v1/appointments", { headers: elsewhere })).status()).toBe(403);

  // Written within a second, off the response path.
  await expect.poll(async () => (await ledgerRows(practice.id)).length).toBe(5);
  const rows = await ledgerRows(practice.id);

  // An NHS number searched for must not reach an address (access logs, history): the pages name the patient by id.
  const addresses: string[] = [];
  page.on("request", (request) => addresses.push(request.url()));
  await page.goto(`/apps/${await slugOf(connection.partnerId)}`);
  const activity = page.getByRole("region", { name: "API activity" });
  await expect(activity.getByTestId("ledger-row")).toHaveCount(rows.length);
  const counts = activity.getByTestId("activity-counts");
  await expect(counts).toContainText(`Succeeded${rows.filter((row) => row.status < 400).length}`);
  await expect(counts).toContainText(`Refused${rows.filter((row) => row.status >= 400).length}`);
  await expect(activity).toContainText(listed.headers()["x-request-id"]);
  await expect(activity.getByTestId("ledger-row").filter({ hasText: "201 replayed (nothing created)" })).toHaveCount(1);
  await expect(activity.getByTestId("ledger-row").filter({ hasText: "None (refused before acting for a practice)" })).toHaveCount(1);
  // The chart's figures (its table for screen readers) add up to the ledger's rows, per outcome.
  const cells = async (column: number) =>
    (await activity.locator(`figure table tbody tr td:nth-of-type(${column})`).allTextContents()).reduce((sum, text) => sum + Number(text), 0);
  expect([await cells(1), await cells(2), await cells(3)]).toEqual([rows.filter((r) => r.status < 400).length, rows.filter((r) => r.status >= 400).length, 0]);
  // Told apart beyond colour: refusals striped, rate limits dotted, in the bars and the legend; a bar hovered gives its figures.
  const chart = activity.getByTestId("requests-chart");
  await expect(activity.getByTestId("legend-refused").locator("rect")).toHaveAttribute("fill", "url(#requests-chart-stripes)");
  await expect(activity.getByTestId("legend-limited").locator("rect")).toHaveAttribute("fill", "url(#requests-chart-dots)");
  await expect(chart.locator('rect[fill="url(#requests-chart-stripes)"]')).not.toHaveCount(0);
  await expect(chart.locator("g > title").filter({ hasText: /\b[1-9]\d* Refused \(4xx, 5xx\)/ })).not.toHaveCount(0);
  await expect(activity.getByTestId("endpoint-counts").locator("tr")).toHaveCount(3);
  await activity.getByRole("link", { name: "Last 30 days" }).click();
  await expect(activity.getByRole("link", { name: "Last 30 days" })).toHaveAttribute("aria-current", "page");
  await expect(counts).toContainText(`Succeeded${rows.filter((row) => row.status < 400).length}`);
  // The request list, filtered: the refusals only, then one patient's requests, by NHS number.
  const filters = activity.getByRole("search", { name: "Filter requests" });
  await filters.getByLabel("Outcome").selectOption({ label: "Refused (4xx, 5xx)" });
  await filters.getByRole("button", { name: "Filter" }).click();
  await expect(activity.getByTestId("ledger-row")).toHaveCount(rows.filter((row) => row.status >= 400).length);
  await expect(activity.getByTestId("ledger-row").filter({ hasText: "GET /appointments/{id}" })).toHaveCount(1);
  // Back to the unfiltered list: the form says so too, rather than keeping the old choice.
  await page.goBack();
  await expect(activity.getByTestId("ledger-row")).toHaveCount(rows.length);
  await expect(filters.getByLabel("Outcome")).toHaveValue("");
  await filters.getByLabel("Patient (NHS number)").fill(patient.nhsNumber);
  await filters.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(new RegExp(`patient=${patient.id}`));
  const touching = rows.filter((row) => row.patientIds.includes(patient.id));
  await expect(activity.getByTestId("ledger-row")).toHaveCount(touching.length);
  // A number that is wrong or not the practice's is said at the field, and the list stays as it was.
  for (const [typed, said] of [
    ["9999999999", "No patient of your practice has NHS number 9999999999."],
    ["123", "An NHS number has 10 digits."],
  ]) {
    await filters.getByLabel("Patient (NHS number)").fill(typed);
    await filters.getByRole("button", { name: "Filter" }).click();
    await expect(filters.getByRole("alert")).toHaveText(said);
    await expect(filters.getByLabel("Patient (NHS number)")).toHaveValue(typed);
    await expect(page).toHaveURL(new RegExp(`patient=${patient.id}`));
    await expect(activity.getByTestId("ledger-row")).toHaveCount(touching.length);
  }

  // Rotate API key and Disconnect say what the key did before it ends.
  const usage = `this key made ${rows.length} requests touching 1 patient`;
  await page.getByRole("button", { name: "Rotate API key" }).click();
  await expect(page.getByRole("dialog", { name: /^Rotate the API key/ })).toContainText(usage);
  await page
    .getByRole("dialog", { name: /^Rotate the API key/ })
    .getByRole("button", { name: "Cancel" })
    .click();

  await page.goto("/settings/my-practice");
  const keyRow = page.getByTestId("api-key-row").filter({ hasText: "Active" });
  await keyRow.getByRole("button", { name: "Revoke" }).click();
  await expect(page.getByRole("alertdialog").getByTestId("key-usage")).toContainText(usage);
  await page.getByRole("alertdialog").getByRole("button", { name: "Cancel" }).click();

  const search = page.getByRole("region", { name: "Who accessed this record" });
  await search.getByLabel("NHS number").fill(patient.nhsNumber);
  await search.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(new RegExp(`patient=${patient.id}`));
  await expect(search.getByTestId("ledger-row")).toHaveCount(touching.length);
  await expect(search.getByTestId("ledger-row").first()).toContainText("GET /appointments");
  await expect(search.getByLabel("NHS number")).toHaveValue(patient.nhsNumber);
  expect(addresses.filter((address) => address.includes(patient.nhsNumber))).toEqual([]);
  // Before the page's scripts run, the search cannot be sent (it would drop the patient silently).
  const noScripts = await browser.newContext({ javaScriptEnabled: false, storageState: await page.context().storageState() });
  const staticPage = await noScripts.newPage();
  await staticPage.goto(`/settings/my-practice?patient=${patient.id}`);
  await expect(staticPage.getByRole("region", { name: "Who accessed this record" }).getByRole("button", { name: "Search" })).toBeDisabled();
  await noScripts.close();
  // A link naming no patient of the practice says so, not "this address" (read as the practice's postal one).
  await page.goto(`/settings/my-practice?patient=${crypto.randomUUID()}`);
  await expect(search).toContainText(`The link you opened names no patient of ${practice.name}. Search by NHS number instead.`);
  await page.goto(`/apps/${await slugOf(connection.partnerId)}?patient=${crypto.randomUUID()}`);
  await expect(activity).toContainText("The link you opened names no patient of your practice. Search by NHS number instead.");

  // The key report: every request and patient, and the same as CSV.
  await page
    .getByRole("link", { name: /^Key report/ })
    .first()
    .click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("hero_test_");
  await expect(page.getByTestId("report-patient")).toHaveCount(1);
  await expect(page.getByRole("region", { name: /^Requests/ }).getByTestId("ledger-row")).toHaveCount(rows.length);
  const csvHref = await page.getByRole("link", { name: "Export CSV" }).getAttribute("href");
  // As the browser fetches it from the report's link: with the report as its Referer (an old browser sends no Sec-Fetch-Site).
  const csv = await page.request.get(csvHref!, { headers: { referer: page.url() } });
  expect(csv.headers()["content-type"]).toContain("text/csv");
  expect((await csv.text()).trim().split(/\r?\n/)).toHaveLength(rows.length + 1);
  // Not started by another site: a link or redirect there would download it in this signed-in browser.
  for (const site of ["cross-site", "same-site"]) expect((await page.request.get(csvHref!, { headers: { "sec-fetch-site": site } })).status()).toBe(404);
  const reportUrl = page.url();

  const stranger = await browser.newContext({ storageState: storageState("riversideAdmin") });
  // Typed into a browser's address bar (which says so: Sec-Fetch-Site none).
  for (const url of [reportUrl, new URL(csvHref!, reportUrl).toString()])
    expect((await stranger.request.get(url, { headers: { "sec-fetch-site": "none" } })).status()).toBe(404);
  await stranger.close();

  const staff = await browser.newContext();
  const staffPage = await staff.newPage();
  await signIn(staffPage, practice.staff.email, practice.staff.password);
  // Each page itself is shown (not an error or a redirect), without the section.
  const partnerSlug = await slugOf(connection.partnerId);
  await staffPage.goto(`/apps/${partnerSlug}`);
  await expect(staffPage).toHaveURL(new RegExp(`/apps/${partnerSlug}$`));
  await expect(staffPage.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(staffPage.getByRole("heading", { name: "API activity" })).toHaveCount(0);
  await staffPage.goto(`/settings/my-practice?patient=${patient.id}`);
  await expect(staffPage.getByRole("heading", { level: 1, name: "My Practice" })).toBeVisible();
  await expect(staffPage.getByRole("heading", { name: "Who accessed this record" })).toHaveCount(0);
  await staff.close();
});

test("another practice's user key that acted for this one is under User keys in My Practice, and its key report shows what it did here", async ({
  page,
  practice,
}) => {
  const other = await createPracticeGroup("network-peer");
  await createNetwork([practice.id, other.id]);
  const owner = await createUser(other.id, "STAFF");
  const { key } = await insertUserKey(owner, "Peer automation");
  for (const acting of [practice.id, other.id]) {
    const answer = await page.request.get("/api/v1/practice-groups", { headers: apiHeaders({ key, practiceGroupId: acting, username: owner.username }) });
    expect(answer.status()).toBe(200);
  }
  await expect
    .poll(async () => (await db().query(`SELECT count(*)::int AS n FROM api_requests WHERE "keyPracticeGroupId" = $1`, [other.id])).rows[0].n)
    .toBe(2);

  await page.goto("/settings/my-practice");
  const section = page.getByRole("region", { name: "User keys" });
  const row = section.getByTestId("user-key-row");
  await expect(row).toHaveCount(1);
  // The practice, not the person: the username is the other practice's, and half the key's credentials.
  await expect(row).toContainText(`Staff at ${other.name}`);
  await expect(row).not.toContainText(owner.username);
  await row.getByRole("link", { name: /^Key report/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(`User key of staff at ${other.name}`);
  await expect(page.getByRole("main")).not.toContainText(owner.username);
  // Only the request it made for this practice, not the one for its own.
  const requests = page.getByRole("region", { name: /^Requests/ }).getByTestId("ledger-row");
  await expect(requests).toHaveCount(1);
  await expect(requests).toContainText(practice.name);
});

const STOPS = [
  ["SIGTERM", 143],
  ["SIGINT", 130],
] as const;

for (const [signal, code] of STOPS) {
  test(`a server told to stop (${signal}) writes the rows it still holds before it exits`, async ({ practice, startApp }) => {
    test.setTimeout(120_000);
    const connection = await connect(undefined, practice);
    const server = await startApp({ UPSTASH_REDIS_REST_URL: "", UPSTASH_REDIS_REST_TOKEN: "" }, `ledger-${signal.toLowerCase()}`);
    const headers = apiHeaders({ key: connection.key, practiceGroupId: practice.id });
    const answered = await Promise.all(Array.from({ length: 40 }, () => fetch(`${server.url}/api/v1/practice-groups`, { headers }).then((r) => r.status)));
    expect(answered.every((status) => status === 200)).toBe(true);
    // At once: whatever the last one-second flush left, the shutdown must write. Not server.stop(),
    // whose SIGKILL after 5 s would end a slow write too: the exit must be Next's own for the signal.
    const exited = new Promise<[number | null, string | null]>((resolve) => server.process.once("exit", (code, signal) => resolve([code, signal])));
    server.process.kill(signal);
    expect(await exited).toEqual([code, null]);
    expect((await ledgerRows(practice.id)).length).toBe(40);
  });
}

test("a server stopped while PostgreSQL does not answer writes its rows if it answers within the wait, and otherwise logs those lost and those it may have stored", async ({
  practice,
  startApp,
}) => {
  test.setTimeout(120_000);
  const connection = await connect(undefined, practice);
  const headers = apiHeaders({ key: connection.key, practiceGroupId: practice.id });
  for (const database of ["answers again", "never answers", "has stopped"] as const) {
    const proxy = await startStallProxy(process.env.DATABASE_URL!);
    try {
      // The exit waits at most twice DATABASE_TIMEOUT_MS: 3 s here.
      const env = { DATABASE_URL: proxy.url, DATABASE_TIMEOUT_MS: "1500", UPSTASH_REDIS_REST_URL: "", UPSTASH_REDIS_REST_TOKEN: "" };
      const server = await startApp(env, "ledger-stall");
      const log: string[] = [];
      server.process.stderr!.on("data", (chunk) => log.push(String(chunk)));
      // A first call opens the pool (on a loaded machine, slower than the 1.5 s timeout allows twenty at once), and its row is written.
      const initial = (await ledgerRows(practice.id)).length;
      await expect.poll(() => fetch(`${server.url}/api/v1/practice-groups`, { headers }).then((r) => r.status)).toBe(200);
      await expect.poll(async () => (await ledgerRows(practice.id)).length).toBeGreaterThan(initial);
      const answered = await Promise.all(Array.from({ length: 20 }, () => fetch(`${server.url}/api/v1/practice-groups`, { headers })));
      expect(answered.every((response) => response.status === 200)).toBe(true);
      // These 20 by their ids: a warm-up call's row written late must not pass for one of them (CI once counted 2 so).
      const burst = answered.map((response) => response.headers.get("x-request-id"));
      // Stopped: connections end and new ones are refused, which is not waited for.
      if (database === "has stopped") await proxy.close();
      else proxy.stall(true);
      const exited = new Promise<number | null>((resolve) => server.process.once("exit", resolve));
      server.process.kill("SIGTERM");
      if (database === "answers again") setTimeout(() => proxy.stall(false), 500);
      expect(await exited, database).toBe(143);
      const { rows: written } = await db().query(`SELECT count(*)::int AS count FROM api_requests WHERE "requestId" = ANY($1::text[])`, [burst]);
      const rows = written[0].count as number;
      if (database === "answers again") expect(rows).toBe(20);
      else {
        // A write PostgreSQL did not answer may have committed (the proxy can stall after the INSERT went through): those rows are "may".
        const exit =
          /API ledger: (\d+) rows (?:lost at exit|not known to be written at exit: PostgreSQL did not take \d+, and did not answer the write of (\d+))/.exec(
            log.join(""),
          );
        expect(exit, database).not.toBeNull();
        const [unwritten, maybeStored] = [Number(exit![1]), Number(exit![2] ?? 0)];
        expect(rows, database).toBeGreaterThanOrEqual(20 - unwritten);
        expect(rows, database).toBeLessThanOrEqual(20 - unwritten + maybeStored);
      }
      if (database === "has stopped") expect(log.join("")).not.toContain("the wait at exit ran out");
    } finally {
      await proxy.close();
    }
  }
});

// A supervisor (systemd, Docker) signals npm start's process alone, and stops whatever is left once it has exited.
test("npm start told to stop (SIGTERM to it alone) exits only after its server has written the ledger", async ({ practice }) => {
  test.setTimeout(120_000);
  const connection = await connect(undefined, practice);
  const headers = apiHeaders({ key: connection.key, practiceGroupId: practice.id });
  const proxy = await startStallProxy(process.env.DATABASE_URL!);
  const dataDir = mkdtempSync(path.join(tmpdir(), "hero-run-"));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  // As package.json's start runs it, through tsx's launcher (which relays the signal to run.ts); in a
  // process group of its own, so that a server it left behind is stopped below whatever happened.
  const child = spawn("node_modules/.bin/tsx", ["scripts/run.ts", "start"], {
    env: {
      ...process.env,
      DATABASE_URL: proxy.url,
      // The exit waits twice this for a PostgreSQL that does not answer: 6 s, well past the second below.
      DATABASE_TIMEOUT_MS: "3000",
      PORT: String(port),
      HERO_LISTEN_HOST: "127.0.0.1",
      NEXTAUTH_URL: url,
      HERO_DATA_DIR: dataDir,
      UPSTASH_REDIS_REST_URL: "",
      UPSTASH_REDIS_REST_TOKEN: "",
    },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  const log: string[] = [];
  child.stdout!.on("data", (chunk) => log.push(String(chunk)));
  child.stderr!.on("data", (chunk) => log.push(String(chunk)));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  try {
    await Promise.race([waitForHttp(`${url}/sign-in`), exited.then(() => Promise.reject(new Error(`npm start exited:\n${log.join("")}`)))]);
    // A first call's row written: the server's pool is open.
    await expect.poll(() => fetch(`${url}/api/v1/practice-groups`, { headers }).then((r) => r.status)).toBe(200);
    await expect.poll(async () => (await ledgerRows(practice.id)).length).toBeGreaterThan(0);
    const stored = async (ids: (string | null)[]) =>
      (await db().query(`SELECT count(*)::int AS count FROM api_requests WHERE "requestId" = ANY($1::text[])`, [ids])).rows[0].count as number;
    // A burst whose rows the writer still holds when PostgreSQL stops answering: its tick (every
    // second) may have written them all first, which would leave the exit nothing to wait for (CI
    // once): then another burst.
    let burst: (string | null)[] = [];
    for (let attempt = 1; ; attempt++) {
      const answered = await Promise.all(Array.from({ length: 5 }, () => fetch(`${url}/api/v1/practice-groups`, { headers })));
      expect(answered.map((response) => response.status)).toEqual([200, 200, 200, 200, 200]);
      burst = [...burst, ...answered.map((response) => response.headers.get("x-request-id"))];
      proxy.stall(true);
      if ((await stored(burst)) < burst.length) break;
      expect(attempt, "every burst was written before PostgreSQL stalled").toBeLessThan(5);
      proxy.stall(false);
    }
    child.kill("SIGTERM");
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    // Its server is waiting for PostgreSQL to take the rows: npm start waits for it.
    expect(child.exitCode, log.join("")).toBeNull();
    proxy.stall(false);
    expect(await exited).toBe(143);
    expect(await stored(burst)).toBe(burst.length);
  } finally {
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {
      // the group has ended
    }
    await proxy.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
