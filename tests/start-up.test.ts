// The start-up checks: staging and production refuse to run without their secrets; the configuration
// error names what is missing, never a value.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import pg from "pg";
import { afterEach, describe, expect, it, vi } from "vitest";

import { createTestDatabase, dropTestDatabase } from "./support/test-database";

function runStart(env: Record<string, string>) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/SECRET|ENCRYPTION|DATABASE_URL|HERO_/.test(name)));
  return spawnSync("node_modules/.bin/tsx", ["scripts/run.ts", "start"], { env: { ...clean, ...env } as NodeJS.ProcessEnv, encoding: "utf8", timeout: 30_000 });
}

const randomSecrets = () => ({
  NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
  API_KEY_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
  ACCESS_TOKEN_SECRET: randomBytes(32).toString("base64url"),
});

// Staging is a deployment as production is: partners reach it over the network (lib/env.ts).
describe.each(["staging", "production"])("npm start in %s", (environment) => {
  it("refuses to start without its secrets, naming them", () => {
    const result = runStart({ HERO_ENVIRONMENT: environment, DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/none" });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("Refusing to start");
    expect(result.stderr).toContain("NEXTAUTH_SECRET, API_KEY_ENCRYPTION_KEY, ACCESS_TOKEN_SECRET");
  });

  it("refuses a plain-HTTP NEXTAUTH_URL", () => {
    const result = runStart({
      HERO_ENVIRONMENT: environment,
      DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/none",
      NEXTAUTH_URL: "http://hero.example",
      ...randomSecrets(),
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/Refusing to start: Invalid server configuration: NEXTAUTH_URL must be the https:\/\/ address[^;]*\. See README/);
  });

  it("refuses secrets that are not random before migrating anything, naming them and not their values", () => {
    const result = runStart({
      HERO_ENVIRONMENT: environment,
      DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/none",
      NEXTAUTH_URL: "https://hero.example",
      NEXTAUTH_SECRET: "x".repeat(32),
      API_KEY_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString("base64"),
      ACCESS_TOKEN_SECRET: "x".repeat(32),
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("Refusing to start: Invalid server configuration: NEXTAUTH_SECRET must be random");
    expect(result.stderr).toContain("API_KEY_ENCRYPTION_KEY must be random");
    expect(result.stderr).toContain("ACCESS_TOKEN_SECRET must differ from NEXTAUTH_SECRET");
    expect(result.stdout + result.stderr).not.toContain("xxxxxxxx");
    // Stopped before `prisma migrate deploy`, which would have failed on the missing database.
    expect(result.stdout + result.stderr).not.toMatch(/prisma|migrat/i);
  });

  it("refuses a misspelt HERO_ENVIRONMENT instead of running as development with demo users", () => {
    for (const value of ["Production", "live"]) {
      const result = runStart({ HERO_ENVIRONMENT: value });
      expect(result.status).toBe(1);
      expect(result.stderr).toContain("HERO_ENVIRONMENT must be one of development, staging, production");
    }
  });

  it("refuses the embedded database", () => {
    const result = runStart({
      HERO_ENVIRONMENT: environment,
      NEXTAUTH_SECRET: "x".repeat(32),
      API_KEY_ENCRYPTION_KEY: "y",
      ACCESS_TOKEN_SECRET: "z".repeat(32),
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("needs DATABASE_URL");
  });
});

describe.each(["staging", "production"])("npm run db:seed in %s", (environment) => {
  it("refuses, and leaves the database without demo users", async () => {
    const database = await createTestDatabase(`seed_${environment}`);
    try {
      const clean = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/HERO_/.test(name)));
      const production: Record<string, string> = { HERO_ENVIRONMENT: environment, DATABASE_URL: database.url };
      const result = spawnSync("node_modules/.bin/tsx", ["prisma/seed.ts"], {
        env: { ...clean, ...production } as NodeJS.ProcessEnv,
        encoding: "utf8",
        timeout: 30_000,
      });
      expect(result.status).toBe(1);
      expect(result.stderr).toContain(`HERO_ENVIRONMENT=${environment}: the demo data is never seeded in staging or production`);
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      try {
        const { rows } = await client.query<{ count: string }>(`SELECT count(*) FROM users`);
        expect(Number(rows[0].count)).toBe(0);
      } finally {
        await client.end();
      }
    } finally {
      await dropTestDatabase(database.name);
    }
  });
});

describe("npm run db:seed and db:prune", () => {
  /** Runs `npm run <script>` in a copy of the app (links to it) whose only settings are `dotEnv`, its .env. */
  function runWithDotEnv(script: string, dotEnv: Record<string, string>) {
    const directory = mkdtempSync(path.join(tmpdir(), "hero-settings-"));
    try {
      for (const entry of ["node_modules", "lib", "prisma", "scripts", "package.json", "tsconfig.json", "prisma.config.ts"]) {
        symlinkSync(path.resolve(entry), path.join(directory, entry));
      }
      writeFileSync(
        path.join(directory, ".env"),
        Object.entries(dotEnv)
          .map(([name, value]) => `${name}=${value}\n`)
          .join(""),
      );
      const clean = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/SECRET|ENCRYPTION|DATABASE_|HERO_|LEDGER_|^npm_/.test(name)));
      return spawnSync("npm", ["run", "--silent", script], { cwd: directory, env: clean as NodeJS.ProcessEnv, encoding: "utf8", timeout: 90_000 });
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  }

  async function query(url: string, sql: string) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query(sql)).rows[0];
    } finally {
      await client.end();
    }
  }

  it("read .env as the app does: production there refuses the demo data, before migrating", async () => {
    const database = await createTestDatabase("seed_dotenv_production", { migrate: false });
    try {
      const result = runWithDotEnv("db:seed", { HERO_ENVIRONMENT: "production", DATABASE_URL: database.url });
      expect(result.status).toBe(1);
      expect(result.stderr).toContain("the demo data is never seeded in staging or production");
      expect(await query(database.url, `SELECT to_regclass('users') AS users`)).toEqual({ users: null });
    } finally {
      await dropTestDatabase(database.name);
    }
  }, 120_000);

  it("read DATABASE_URL and LEDGER_RETENTION_DAYS from .env: the seed migrates and seeds, the prune keeps the days set there", async () => {
    const database = await createTestDatabase("seed_dotenv", { migrate: false });
    try {
      const seeded = runWithDotEnv("db:seed", { DATABASE_URL: database.url });
      expect(seeded.status, seeded.stderr).toBe(0);
      expect(await query(database.url, `SELECT count(*)::int AS n FROM users`)).not.toEqual({ n: 0 });
      // The demo surgery opens at 09:00 UK time, summer and winter.
      expect(
        await query(
          database.url,
          `SELECT min(to_char(("startsAt" AT TIME ZONE 'UTC') AT TIME ZONE 'Europe/London', 'HH24:MI')) AS first FROM appointment_slots`,
        ),
      ).toEqual({ first: "09:00" });
      const pruned = runWithDotEnv("db:prune", { DATABASE_URL: database.url, LEDGER_RETENTION_DAYS: "730" });
      expect(pruned.status, pruned.stderr).toBe(0);
      expect(pruned.stdout).toContain("older than 730 days");
      // Mistyped, it would have run on the default 400 days, dropping months meant to be kept.
      const mistyped = runWithDotEnv("db:prune", { DATABASE_URL: database.url, LEDGER_RETENTION_DAYS: "730d" });
      expect(mistyped.status).toBe(1);
      expect(mistyped.stderr).toContain("LEDGER_RETENTION_DAYS must be a whole number of days");
      expect(mistyped.stderr).toContain("Nothing was pruned.");
      expect(mistyped.stdout).not.toContain("Dropped");
      // A month past retention it could not drop (a long read of the ledger, a backup's) fails the run, after the rest is done.
      await query(database.url, `CREATE TABLE api_requests_2018_06 PARTITION OF api_requests FOR VALUES FROM ('2018-06-01') TO ('2018-07-01')`);
      const reader = new pg.Client({ connectionString: database.url });
      await reader.connect();
      try {
        await reader.query("BEGIN");
        await reader.query("SELECT count(*) FROM api_requests");
        const busy = runWithDotEnv("db:prune", { DATABASE_URL: database.url });
        expect(busy.status).toBe(1);
        expect(busy.stderr).toContain("Kept api_requests_2018_06 for the next run");
        expect(busy.stdout).toContain("Forgot 0 Idempotency-Keys");
      } finally {
        await reader.end();
      }
    } finally {
      await dropTestDatabase(database.name);
    }
  }, 120_000);
});

describe("serverEnv", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  it("names every invalid setting without echoing its value", async () => {
    vi.stubEnv("API_KEY_ENCRYPTION_KEY", "c2hvcnQ=");
    vi.stubEnv("NEXTAUTH_SECRET", "too-short-secret-value");
    const { serverEnv } = await import("@/lib/env");
    const message = (() => {
      try {
        serverEnv();
        return "";
      } catch (error) {
        return String(error);
      }
    })();
    expect(message).toContain("API_KEY_ENCRYPTION_KEY must be 32 bytes, base64-encoded");
    expect(message).toContain("NEXTAUTH_SECRET must be at least 32 characters");
    expect(message).not.toContain("too-short-secret-value");
    expect(message).not.toContain("c2hvcnQ=");
  });

  it.each(["staging", "production"])("requires an https:// NEXTAUTH_URL in %s, for a bare `next start` too", async (environment) => {
    vi.stubEnv("HERO_ENVIRONMENT", environment);
    for (const [name, value] of Object.entries(randomSecrets())) vi.stubEnv(name, value);
    vi.stubEnv("NEXTAUTH_URL", "http://hero.example");
    vi.stubEnv("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/none");
    const { serverEnv } = await import("@/lib/env");
    expect(() => serverEnv()).toThrow(/^Invalid server configuration: NEXTAUTH_URL must be the https:\/\/ address[^;]*\. See README/);
  });

  it.each(["staging", "production"])("requires DATABASE_URL in %s, so a bare standalone server refuses to start without one", async (environment) => {
    vi.stubEnv("HERO_ENVIRONMENT", environment);
    for (const [name, value] of Object.entries(randomSecrets())) vi.stubEnv(name, value);
    vi.stubEnv("NEXTAUTH_URL", "https://hero.example");
    vi.stubEnv("DATABASE_URL", "");
    const { serverEnv } = await import("@/lib/env");
    expect(() => serverEnv()).toThrow(new RegExp(`^Invalid server configuration: DATABASE_URL must be set in ${environment}[^;]*\\. See README`));
  });
});

describe("the API in staging and production", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  it.each(["staging", "production"])("%s refuses a call that came over plain HTTP with 403 https_required, never a redirect", async (environment) => {
    vi.stubEnv("HERO_ENVIRONMENT", environment);
    const { guardApiRequest } = await import("@/lib/api/edge");
    const { PEER_HEADER, PEER_PROTOCOL_HEADER } = await import("@/lib/client-address");
    const request = (protocol: string) =>
      new Request("http://hero.example/api/v1/practice-groups", {
        headers: { [PEER_HEADER]: "203.0.113.1", [PEER_PROTOCOL_HEADER]: protocol, "x-api-key": `hero_${environment === "production" ? "live" : "test"}_x` },
      });
    const plain = await guardApiRequest(request("http"));
    expect(plain.status).toBe(403);
    expect(await plain.json()).toMatchObject({ error: "https_required" });
    expect((await guardApiRequest(request("https"))).status).not.toBe(403);
  });

  it("development takes a call over plain HTTP (this machine only: scripts/run.ts)", async () => {
    vi.stubEnv("HERO_ENVIRONMENT", "development");
    const { guardApiRequest } = await import("@/lib/api/edge");
    const { PEER_HEADER, PEER_PROTOCOL_HEADER } = await import("@/lib/client-address");
    const request = new Request("http://localhost/api/v1/practice-groups", {
      headers: { [PEER_HEADER]: "127.0.0.1", [PEER_PROTOCOL_HEADER]: "http", "x-api-key": "hero_test_x" },
    });
    expect((await guardApiRequest(request)).status).not.toBe(403);
  });
});

describe("the bench's baseline routes", () => {
  afterEach(() => vi.unstubAllEnvs());

  it("exist only with HERO_BENCH=1 in development: they serve practice data without a key", async () => {
    const { isBenchMode } = await import("@/lib/env");
    vi.stubEnv("HERO_BENCH", "1");
    for (const [environment, expected] of [
      [undefined, true],
      ["development", true],
      ["staging", false],
      ["production", false],
    ] as const) {
      vi.stubEnv("HERO_ENVIRONMENT", environment);
      expect(isBenchMode(), `HERO_ENVIRONMENT=${environment}`).toBe(expected);
    }
    vi.stubEnv("HERO_BENCH", "");
    vi.stubEnv("HERO_ENVIRONMENT", "development");
    expect(isBenchMode()).toBe(false);
  });

  it("BENCH_LEDGER=off turns the ledger off only in bench mode: on staging every request is still recorded", async () => {
    const entry = {
      at: new Date(),
      requestId: "r",
      keyId: null,
      actingPracticeGroupId: null,
      method: "GET",
      route: "/practice-groups",
      status: 200,
      errorCode: null,
      durationMs: 1,
      patientIds: [],
    };
    const recorded = async (environment: string) => {
      vi.resetModules();
      vi.stubEnv("HERO_ENVIRONMENT", environment);
      const { recordRequest } = await import("@/lib/ledger");
      const { takeLedgerRows } = await import("@/lib/ledger-buffer");
      takeLedgerRows();
      recordRequest(entry);
      return takeLedgerRows().length;
    };
    vi.stubEnv("HERO_BENCH", "1");
    vi.stubEnv("BENCH_LEDGER", "off");
    expect(await recorded("development")).toBe(0);
    expect(await recorded("staging")).toBe(1);
    vi.resetModules();
  });
});

describe("the bare standalone server's start-up check", () => {
  const checkStartUp = (env: Record<string, string>) =>
    spawnSync("node_modules/.bin/tsx", ["-e", 'require("./lib/start-up-check").checkStartUp().then(() => console.log("started"))'], {
      env: { ...process.env, HERO_ENVIRONMENT: "production", NEXTAUTH_URL: "https://hero.example", ...randomSecrets(), ...env } as NodeJS.ProcessEnv,
      encoding: "utf8",
      timeout: 30_000,
    });

  it("refuses production on a database that holds the demo users, and starts once they are gone", async () => {
    const database = await createTestDatabase("demo_users");
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const { rows } = await client.query(`INSERT INTO practice_groups (id, name, code) VALUES (gen_random_uuid(), 'Riverside', 'A81001') RETURNING id`);
      await client.query(
        `INSERT INTO users (id, name, email, username, "passwordHash", role, "practiceGroupId", "updatedAt")
         VALUES (gen_random_uuid(), 'Sam Okafor', 'super@hero.test', 'sokafor', 'x', 'SUPER_ADMIN', $1, now())`,
        [rows[0].id],
      );
      const refused = checkStartUp({ DATABASE_URL: database.url });
      expect(refused.status).toBe(1);
      expect(refused.stderr).toContain("Refusing to start: the database holds the demo users (super@hero.test)");
      expect(refused.stdout).not.toContain("started");

      await client.query(`DELETE FROM users`);
      const started = checkStartUp({ DATABASE_URL: database.url });
      expect(started.stdout).toContain("started");
      expect(started.status).toBe(0);
      // Started because it looked and found none, not because it could not look.
      expect(started.stderr).not.toContain("Could not check");
      // Development is the demo data's home.
      await client.query(
        `INSERT INTO users (id, name, email, username, "passwordHash", role, "practiceGroupId", "updatedAt")
         VALUES (gen_random_uuid(), 'Sam Okafor', 'super@hero.test', 'sokafor', 'x', 'SUPER_ADMIN', $1, now())`,
        [rows[0].id],
      );
      expect(checkStartUp({ DATABASE_URL: database.url, HERO_ENVIRONMENT: "development" }).stdout).toContain("started");
    } finally {
      await client.end();
      await dropTestDatabase(database.name);
    }
  }, 90_000);

  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
    vi.resetModules();
  });

  it("stops a staging server without ACCESS_TOKEN_SECRET, naming it, as it does production", async () => {
    vi.stubEnv("HERO_ENVIRONMENT", "staging");
    vi.stubEnv("ACCESS_TOKEN_SECRET", "");
    const exit = vi.spyOn(process, "exit").mockImplementation((code) => {
      throw new Error(`exit ${code}`);
    });
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const { checkStartUp } = await import("@/lib/start-up-check");
    await expect(checkStartUp()).rejects.toThrow("exit 1");
    expect(exit).toHaveBeenCalledWith(1);
    expect(String(logged.mock.calls[0][0])).toMatch(/^Refusing to start: .*ACCESS_TOKEN_SECRET/);
  });
});
