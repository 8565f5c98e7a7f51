// Change rate limit reloads this instance's overrides after the change has committed. That
// reload failing (the database too slow to answer it, made here by a lock the test holds on a
// database of its own, so the files running beside it never wait on it) must not report the
// change as not made: it holds, and the next refresh loads it.
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";

import { withOwnDatabaseClients } from "../support/own-database-clients";
import { createTestDatabase, dropTestDatabase } from "../support/test-database";

let database: { name: string; url: string };

beforeAll(async () => {
  database = await createTestDatabase("override_reload");
});

afterAll(() => dropTestDatabase(database.name));

withOwnDatabaseClients(() => ({ DATABASE_URL: database.url, DATABASE_TIMEOUT_MS: "1000" }));

it("keeps a rate-limit change that committed when this instance's reload of the overrides fails", async () => {
  const { keyHashOf } = await import("@/lib/api-keys");
  const { prisma } = await import("@/lib/db");
  const { refreshRateLimitOverrides, setConnectionRateLimit } = await import("@/lib/rate-limit-overrides");
  const { rateLimitOverride } = await import("@/lib/ratelimit");
  const { supportActor } = await import("@/lib/support");
  const { createPracticeGroup, createUser } = await import("../support/records");
  const { partnerKey } = await import("./helpers");

  const actor = supportActor(await createUser((await createPracticeGroup("hero")).id, "SUPER_ADMIN"));
  const { key, practice, partner } = await partnerKey();
  const change = { practiceGroupId: practice.id, partnerId: partner.id, rateLimit: 450, actor, reason: "Ticket 81: bulk recall" };

  // The reload reads api_keys; the change itself does not. Held, the reload times out after 1 s.
  const blocker = new pg.Client({ connectionString: database.url });
  await blocker.connect();
  await blocker.query("BEGIN");
  await blocker.query("LOCK TABLE api_keys IN ACCESS EXCLUSIVE MODE");
  try {
    await expect(setConnectionRateLimit(change)).resolves.toBeUndefined();
  } finally {
    await blocker.query("ROLLBACK");
    await blocker.end();
  }

  const connection = await prisma.partnerConnection.findFirstOrThrow({ where: { practiceGroupId: practice.id, partnerId: partner.id } });
  expect(connection.rateLimit).toBe(450);
  expect(await prisma.auditEvent.count({ where: { practiceGroupId: practice.id, action: "partner.rate_limit_changed" } })).toBe(1);
  // Not loaded yet on this instance; the next refresh (every 15 s) has it.
  expect(rateLimitOverride(`key:${keyHashOf(key)}`)).toBeUndefined();
  await refreshRateLimitOverrides();
  expect(rateLimitOverride(`key:${keyHashOf(key)}`)).toBe(450);
}, 20_000);
