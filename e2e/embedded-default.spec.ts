// The README's first command on a machine with no configuration: `npm start` (after the build
// this suite runs against) starts an embedded PostgreSQL, migrates, seeds and serves the
// dashboard with the demo data, to this machine only.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { expect, test } from "@playwright/test";

import { freePort } from "../scripts/e2e-environment";
import { DEMO_PASSWORD, USERS } from "./helpers/users";

test.setTimeout(180_000);

/** The local addresses of the sockets listening on `port` (/proc/net/tcp and tcp6: hex, 0A is LISTEN). */
function listeningAddresses(port: number) {
  return ["tcp", "tcp6"].flatMap((file) =>
    readFileSync(`/proc/net/${file}`, "utf8")
      .split("\n")
      .slice(1)
      .map((line) => line.trim().split(/\s+/))
      .filter((fields) => fields[3] === "0A" && parseInt(fields[1]?.split(":")[1] ?? "", 16) === port)
      .map((fields) => fields[1].split(":")[0]),
  );
}
// 127.0.0.1 and ::1 as the kernel writes them (each 32-bit word in host order).
const LOOPBACK = ["0100007F", "00000000000000000000000001000000"];

async function waitFor(url: string, child: ChildProcess, log: string[]) {
  for (let attempt = 0; attempt < 240; attempt++) {
    if (child.exitCode !== null) throw new Error(`npm start exited (${child.exitCode}):\n${log.join("")}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`npm start did not serve ${url}:\n${log.join("")}`);
}

type Started = { child: ChildProcess; dataDir: string };
let started: Started | null = null;

// In a hook, not the test's finally: a test that times out is abandoned, and its finally never runs.
test.afterEach(async () => {
  if (started) await stop(started);
  started = null;
});

/** As Ctrl-C would: SIGINT to npm start's whole process group (the server and the database too), then its data removed. */
async function stop({ child, dataDir }: Started) {
  const group = -child.pid!;
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(group, name);
    } catch {
      // the group has ended
    }
  };
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child.once("exit", resolve));
    signal("SIGINT");
    // npm start stops its server, then the embedded PostgreSQL; a hang must not hold the run.
    const kill = setTimeout(() => signal("SIGKILL"), 30_000);
    await exited;
    clearTimeout(kill);
  }
  signal("SIGKILL"); // whatever of the group outlived its leader
  rmSync(dataDir, { recursive: true, force: true });
}

test("npm start with no configuration serves the demo data on an embedded PostgreSQL", async ({ browser }) => {
  const dataDir = mkdtempSync(path.join(tmpdir(), "hero-embedded-"));
  const [port, pgPort] = [await freePort(), await freePort()];
  // Nothing configured: no DATABASE_URL, no secrets, no Upstash.
  const env: NodeJS.ProcessEnv = { ...process.env, HERO_DATA_DIR: dataDir, PORT: String(port), EMBEDDED_POSTGRES_PORT: String(pgPort) };
  for (const name of Object.keys(env)) if (/^(DATABASE_URL|NEXTAUTH_|API_KEY_|ACCESS_TOKEN_|UPSTASH_|E2E_|HERO_LISTEN_HOST$)/.test(name)) delete env[name];
  // As Docker and some shells set it, naming no choice: still this machine only.
  env.HOSTNAME = "0.0.0.0";
  // A process group of its own, so that the hook above stops every process it starts.
  const child = spawn("node_modules/.bin/tsx", ["scripts/run.ts", "start"], {
    env,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  started = { child, dataDir };
  const log: string[] = [];
  child.stdout?.on("data", (chunk) => log.push(String(chunk)));
  child.stderr?.on("data", (chunk) => log.push(String(chunk)));

  const base = `http://localhost:${port}`;
  await waitFor(`${base}/sign-in`, child, log);
  expect(log.join("")).toContain(`Using the embedded PostgreSQL on 127.0.0.1:${pgPort}`);
  // The demo users' password is published: the server is reachable from this machine only.
  const addresses = listeningAddresses(port);
  expect(addresses.length).toBeGreaterThan(0);
  expect(addresses.filter((address) => !LOOPBACK.includes(address))).toEqual([]);

  for (const email of [USERS.superAdmin, USERS.riversideAdmin, USERS.riversideStaff, USERS.hilltopAdmin]) {
    const context = await browser.newContext({ baseURL: base });
    const page = await context.newPage();
    await page.goto("/sign-in");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
    await context.close();
  }
  const context = await browser.newContext({ baseURL: base });
  const page = await context.newPage();
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(USERS.riversideAdmin);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  await page.goto("/apps");
  for (const partner of ["TriageFirst", "BookWell", "CareText"]) await expect(page.getByRole("heading", { name: partner })).toBeVisible();
  await context.close();
  expect(log.join("")).not.toMatch(/hero_(live|test)_[0-9A-Za-z]{38}/);
});
