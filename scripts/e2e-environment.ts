// What the Playwright suite runs against: a fresh seeded database, the built app (the standalone server)
// and an Upstash REST server over the local Redis, torn down afterwards so nothing
// is left behind (the run's Redis keys share one prefix and are deleted by it).
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createServer } from "node:net";

import { createTestDatabase, dropTestDatabase } from "../tests/support/test-database";
import { STANDALONE_SERVER } from "./standalone";
import { deleteRedisKeys, startUpstashRestServer } from "./upstash-rest-server";

/** Whether nothing listens on `port` on 127.0.0.1 or on every address (a server binds either). */
function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "0.0.0.0", () => server.close(() => resolve(true)));
  });
}

// Playwright workers take ports from ranges of their own, below the kernel's ephemeral range
// (32768 and up): a port that listen(0) handed out and released could be handed to another
// worker's server in the seconds before this one binds it. CI saw it: the embedded-default test
// (20 s of database start-up before its server binds) reached the ledger test's server instead.
const PORTS_PER_WORKER = 500;
const workerIndex = process.env.TEST_PARALLEL_INDEX;
let nextPort = workerIndex === undefined ? null : 20_000 + Number(workerIndex) * PORTS_PER_WORKER;

/** A port nothing listens on, for a server a test starts. */
export async function freePort(): Promise<number> {
  if (nextPort !== null) {
    for (; ; nextPort++) if (await isFree(nextPort)) return nextPort++;
  }
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

export async function waitForHttp(url: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url, { redirect: "manual" });
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000}s`);
}

export type AppServer = { url: string; process: ChildProcess; stop: () => Promise<void> };

/** The standalone server (what production runs) on a free port with the given environment (and Node flags, e.g. --cpu-prof). */
export async function startApp(
  env: Record<string, string | undefined>,
  label: string,
  nodeFlags: string[] = [],
  server = STANDALONE_SERVER,
): Promise<AppServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [...nodeFlags, server], {
    // Tests reuse idle sockets after pauses of seconds: at Node's 5 s keep-alive the server could
    // close one just as a request went out on it (ECONNRESET in the test, not an app fault).
    env: { KEEP_ALIVE_TIMEOUT: "65000", ...process.env, ...env, PORT: String(port), HOSTNAME: "127.0.0.1", NEXTAUTH_URL: env.NEXTAUTH_URL ?? url },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const log: string[] = [];
  child.stdout?.on("data", (chunk) => log.push(String(chunk)));
  child.stderr?.on("data", (chunk) => log.push(String(chunk)));
  // A server that refuses to start exits: say so at once rather than after the wait.
  const exited = new Promise<never>((_, reject) => child.once("exit", (code) => reject(new Error(`${label} exited (code ${code}) before answering`))));
  try {
    await Promise.race([waitForHttp(`${url}/sign-in`), exited]);
  } catch (error) {
    child.kill("SIGKILL");
    console.error(`[${label}] log:\n${log.join("")}`);
    throw error;
  }
  return {
    url,
    process: child,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
        setTimeout(() => child.kill("SIGKILL"), 5000).unref();
      }),
  };
}

export function testSecrets() {
  return {
    NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
    API_KEY_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    ACCESS_TOKEN_SECRET: randomBytes(32).toString("base64url"),
    HERO_ENVIRONMENT: "development",
  };
}

/** A migrated, seeded database for the e2e run; returns its URL and a teardown. */
export async function createSeededDatabase(env: Record<string, string | undefined>, label = "e2e") {
  const database = await createTestDatabase(label);
  try {
    execFileSync("node_modules/.bin/tsx", ["prisma/seed.ts"], { env: { ...process.env, ...env, DATABASE_URL: database.url }, stdio: "pipe" });
  } catch (error) {
    // The caller never gets `drop`, so nothing else would drop it.
    await dropTestDatabase(database.name);
    throw error;
  }
  return { name: database.name, url: database.url, drop: () => dropTestDatabase(database.name) };
}

/** The Upstash REST server over REDIS_URL, with a rate-limit key prefix of this run's own. */
export async function startRateLimitRedis() {
  const prefix = `e2e:${randomBytes(4).toString("hex")}`;
  const server = await startUpstashRestServer({ token: randomBytes(24).toString("base64url") });
  return {
    ...server,
    prefix,
    stop: async () => {
      await server.close();
      await deleteRedisKeys(`${prefix}:`);
    },
  };
}
