// npm test: typecheck, ESLint, unit and integration tests (vitest, real PostgreSQL and Redis),
// the production build, and Playwright end to end against it (real Chromium). Ends with one
// line "N passed, N failed" summing every suite. `npm test -- --only=unit,e2e` runs a subset;
// arguments after `--` go to Playwright.
import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { ledgerSecretReport } from "../tests/support/secret-scan";
import { createTestDatabase, dropTestDatabase } from "../tests/support/test-database";
import { buildState } from "./build-freshness";
import { createSeededDatabase, startApp, startRateLimitRedis, testSecrets, type AppServer } from "./e2e-environment";

const STEPS = ["typecheck", "lint", "unit", "build", "e2e"] as const;
type Step = (typeof STEPS)[number];

const argv = process.argv.slice(2);
const onlyArg = argv.find((arg) => arg.startsWith("--only="));
const only = onlyArg ? (onlyArg.slice("--only=".length).split(",") as Step[]) : [...STEPS];
// A misspelt step would otherwise run nothing and end "0 passed, 0 failed".
const unknownSteps = only.filter((step) => !STEPS.includes(step));
if (unknownSteps.length > 0 || only.length === 0) {
  console.error(`--only: no step ${unknownSteps.map((step) => JSON.stringify(step)).join(", ") || "given"}; the steps are ${STEPS.join(", ")}.`);
  console.log("\n0 passed, 1 failed");
  process.exit(1);
}
const separator = argv.indexOf("--");
const playwrightArgs = separator >= 0 ? argv.slice(separator + 1) : [];

process.env.NEXT_TELEMETRY_DISABLED = "1";
process.env.CHECKPOINT_DISABLE = "1";

type Env = Record<string, string | undefined>;

const totals = { passed: 0, failed: 0 };
const RESULTS = "test-results";

// Ctrl-C or a CI timeout would end the run before e2e's finally: tear down what it started first,
// then exit as the signal would have (128 + its number). A second signal ends it at once. Ctrl-C
// reaches the steps' processes (vitest, Playwright) from the terminal; a SIGTERM sent to this
// process alone is passed on to them.
let tearDown = async () => {};
const running = new Set<ChildProcess>();
for (const [signal, code] of [
  ["SIGINT", 130],
  ["SIGTERM", 143],
] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: tearing down…`);
    if (signal === "SIGTERM") for (const child of running) child.kill(signal);
    void tearDown().finally(() => process.exit(code));
  });
}

/** `held`: the output is kept and printed in one piece at the end, so the step can run beside another. */
function run(command: string, args: string[], env: Env = {}, held?: Buffer[]) {
  return new Promise<number>((resolve) => {
    const child = spawn(command, args, { stdio: held ? ["ignore", "pipe", "pipe"] : "inherit", env: { ...process.env, ...env } });
    running.add(child);
    for (const stream of [child.stdout, child.stderr]) stream?.on("data", (chunk: Buffer) => held?.push(chunk));
    child.on("exit", (code) => {
      running.delete(child);
      resolve(code ?? 1);
    });
  });
}

async function check(name: string, command: string, args: string[], { beside = false } = {}) {
  const held = beside ? [] : undefined;
  if (!beside) console.log(`\n▶ ${name}`);
  const code = await run(command, args, {}, held);
  if (held) console.log(`\n▶ ${name} (ran beside the tests)\n${Buffer.concat(held).toString().trimEnd()}`);
  totals[code === 0 ? "passed" : "failed"] += 1;
  console.log(code === 0 ? `✓ ${name}` : `✗ ${name} failed`);
  return code === 0;
}

function readJson<T>(file: string): T | null {
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as T) : null;
}

type VitestReport = {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  testResults: { status: string; assertionResults: { status: string }[] }[];
};

async function unit() {
  console.log("\n▶ unit and integration tests (vitest)");
  const output = `${RESULTS}/vitest.json`;
  rmSync(output, { force: true });
  const code = await run("node_modules/.bin/vitest", ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${output}`]);
  const report = readJson<VitestReport>(output);
  if (!report) {
    totals.failed += 1;
    return;
  }
  totals.passed += report.numPassedTests;
  // A test that did not run (skipped, todo) counts as failed; so does each file that failed
  // outside any test (an import error, its setup), whose tests never ran, and, at the least, one
  // for a run that failed with nothing else counted.
  const filesFailedOutsideTests = report.testResults.filter(
    (file) => file.status === "failed" && !file.assertionResults.some((test) => test.status === "failed"),
  );
  const failed = report.numFailedTests + report.numPendingTests + report.numTodoTests + filesFailedOutsideTests.length;
  totals.failed += Math.max(failed, code === 0 ? 0 : 1);
}

/**
 * Promise.all for things the teardown must find: waits for every one, adds to `made`, in order,
 * those that were made, then throws the first failure.
 */
async function allMade<T>(making: Promise<T>[], made: T[]) {
  const results = await Promise.allSettled(making);
  for (const result of results) if (result.status === "fulfilled") made.push(result.value);
  const failure = results.find((result) => result.status === "rejected");
  if (failure) throw failure.reason;
}

async function e2e() {
  console.log("\n▶ end-to-end tests (Playwright, Chromium)");
  const secrets = testSecrets();
  // Each made inside the try, so whatever fails (no build to copy, say) leaves nothing behind.
  const databases: { url: string; drop: () => Promise<void> }[] = [];
  let redis: Awaited<ReturnType<typeof startRateLimitRedis>> | undefined;
  const servers: AppServer[] = [];
  const standaloneCopy = mkdtempSync(path.join(tmpdir(), "hero-standalone-"));
  // Every step whatever the one before did, in this order (no server may write Redis keys or rows
  // once they are deleted); once, by the finally below or a signal. A step that throws fails the run.
  let tornDown: Promise<void> | undefined;
  tearDown = () =>
    (tornDown ??= (async () => {
      const steps: [string, () => unknown][] = [
        ["stop the servers", () => Promise.all(servers.map((server) => server.stop()))],
        ["stop the Redis REST server", () => redis?.stop()],
        ["drop the databases", () => Promise.all(databases.map((database) => database.drop()))],
        ["remove the standalone copy", () => rmSync(standaloneCopy, { recursive: true, force: true })],
      ];
      for (const [name, step] of steps) {
        try {
          await step();
        } catch (error) {
          console.error(`✗ e2e teardown: could not ${name}:`, error);
          totals.failed += 1;
        }
      }
    })());
  try {
    // The production instance's own database, never seeded: production refuses one with the demo users.
    await allMade(
      [createSeededDatabase(secrets), createTestDatabase("e2e_production").then((made) => ({ ...made, drop: () => dropTestDatabase(made.name) }))],
      databases,
    );
    const [database, productionDatabase] = databases;
    redis = await startRateLimitRedis();
    cpSync(".next/standalone", standaloneCopy, { recursive: true, verbatimSymlinks: true });
    // The specs play the trusted proxy (TRUSTED_PROXY_HOPS=1): they set X-Forwarded-For to a
    // client address of their own, so specs run in parallel without sharing per-address limits.
    // The failure limit per address is tested in vitest (tests/api/auth-failures.test.ts).
    const env = {
      ...secrets,
      DATABASE_URL: database.url,
      RATE_LIMIT_PREFIX: redis.prefix,
      TRUSTED_PROXY_HOPS: "1",
      API_AUTH_FAILURE_LIMIT: "1000000",
      RATE_LIMIT_OVERRIDE_REFRESH_MS: "1000",
      // The specs count exactly through Upstash: a limiter call slowed past 1 s by a loaded
      // machine would be counted in process instead (the failure policy, tested in vitest).
      RATE_LIMIT_TIMEOUT_MS: "10000",
    };
    // Three instances on one database: the in-process limiter, and two on Upstash (over the
    // local REST server and one real Redis), so the API specs run against both rate-limit back
    // ends and show that two instances share one limit and one view of revocation.
    const upstash = { ...env, UPSTASH_REDIS_REST_URL: redis.url, UPSTASH_REDIS_REST_TOKEN: redis.token };
    await allMade(
      [
        startApp({ ...env, UPSTASH_REDIS_REST_URL: "", UPSTASH_REDIS_REST_TOKEN: "" }, "app"),
        startApp(upstash, "app-upstash"),
        startApp(upstash, "app-upstash-b"),
      ],
      servers,
    );
    const [app, upstashApp, upstashAppB] = servers;
    // The production path: the standalone output copied away from this checkout's node_modules
    // (so nothing from the dev dependencies can be reached), started with plain node in production mode.
    const production = await startApp(
      {
        ...env,
        DATABASE_URL: productionDatabase.url,
        HERO_ENVIRONMENT: "production",
        NEXTAUTH_URL: "https://hero.test",
        UPSTASH_REDIS_REST_URL: "",
        UPSTASH_REDIS_REST_TOKEN: "",
      },
      "app-production",
      [],
      path.join(standaloneCopy, "server.js"),
    );
    servers.push(production);

    const output = `${RESULTS}/e2e.json`;
    rmSync(output, { force: true });
    const code = await run("node_modules/.bin/playwright", ["test", ...playwrightArgs], {
      ...env,
      E2E_BASE_URL: app.url,
      E2E_UPSTASH_BASE_URL: upstashApp.url,
      E2E_UPSTASH_B_BASE_URL: upstashAppB.url,
      E2E_PRODUCTION_BASE_URL: production.url,
      E2E_PRODUCTION_PID: String(production.process.pid),
      E2E_PRODUCTION_DATABASE_URL: productionDatabase.url,
      PLAYWRIGHT_JSON_OUTPUT_NAME: output,
    });
    const report = readJson<{ stats: { expected: number; unexpected: number; flaky: number; skipped: number }; errors: unknown[] }>(output);
    if (!report) {
      totals.failed += 1;
      return;
    }
    totals.passed += report.stats.expected + report.stats.flaky;
    // The suite skips nothing on purpose: a test that did not run (its setup failed) counts as
    // failed; so does each error outside any test (a spec that does not load, a global setup).
    const failed = report.stats.unexpected + report.stats.skipped + report.errors.length;
    totals.failed += Math.max(failed, code === 0 ? 0 : 1);
    // Every key and token the browser and API specs made, searched for in the whole ledger.
    const found = (await ledgerSecretReport(database.url)) || (await ledgerSecretReport(productionDatabase.url));
    console.log(found ? `✗ ${found}` : "✓ no API key or token in the ledger");
    totals[found ? "failed" : "passed"] += 1;
  } finally {
    await tearDown();
  }
}

async function main() {
  mkdirSync(RESULTS, { recursive: true });
  // tsc and ESLint each keep one core busy while vitest mostly waits on PostgreSQL: beside it they
  // take little from it, and the run is shorter by about their time. Without vitest, one by one.
  const beside = only.includes("unit");
  const checks: Promise<boolean>[] = [];
  const start = async (name: string, command: string, args: string[]) => {
    const done = check(name, command, args, { beside });
    if (beside) checks.push(done);
    else await done;
  };
  if (only.includes("typecheck")) await start("typecheck", "node_modules/.bin/tsc", ["--noEmit"]);
  if (only.includes("lint")) await start("lint", "npm", ["run", "--silent", "lint"]);
  if (only.includes("unit")) await unit();
  await Promise.all(checks);
  // End to end runs against the build: one of older sources is made again first.
  let built = true;
  if (only.includes("build") || (only.includes("e2e") && !buildState().current))
    built = await check("build", "node_modules/.bin/tsx", ["scripts/run.ts", "build"]);
  if (only.includes("e2e")) {
    if (built) await e2e();
    else totals.failed += 1;
  }
  console.log(`\n${totals.passed} passed, ${totals.failed} failed`);
  process.exit(totals.failed ? 1 : 0);
}

main().catch((error) => {
  console.error(error);
  console.log(`\n${totals.passed} passed, ${totals.failed + 1} failed`);
  process.exit(1);
});
