// For tests of a database outage: the app's modules loaded afresh, with database clients of
// their own pointed where the test says (a port where nothing listens, a proxy of the test's
// own), and everything put back afterwards. Never the shared server itself.
import { afterAll, beforeAll, vi } from "vitest";

import { forgetLimiters } from "./limiters";

/** A database URL where nothing listens: every query fails at once, as in an outage. */
export const NOTHING_LISTENS = "postgresql://postgres@127.0.0.1:9/nothing";

type Env = Record<string, string>;

/**
 * Call it after the file's own hooks: its beforeAll then runs after theirs (a proxy started,
 * say) and loads the modules again with `env`, DATABASE_URL among it, and the in-process limiter;
 * its afterAll runs before theirs (Vitest runs afterAll hooks in reverse) and closes those clients
 * and restores the environment and the shared client.
 */
export function withOwnDatabaseClients(env: Env | (() => Env)) {
  const registry = globalThis as { database?: unknown };
  const saved = registry.database;

  beforeAll(() => {
    delete registry.database;
    const settings: Env = { UPSTASH_REDIS_REST_URL: "", UPSTASH_REDIS_REST_TOKEN: "", ...(typeof env === "function" ? env() : env) };
    for (const [name, value] of Object.entries(settings)) vi.stubEnv(name, value);
    vi.resetModules();
    forgetLimiters();
  });

  afterAll(async () => {
    const { prisma, sqlPool } = await import("@/lib/db");
    await prisma.$disconnect().catch(() => {});
    await sqlPool()
      .end()
      .catch(() => {});
    vi.unstubAllEnvs();
    registry.database = saved;
  });
}
