// A ledger batch PostgreSQL is too slow to finish must be ended by PostgreSQL, not abandoned by
// the client: pg does not cancel a query it gives up on, so one abandoned a moment before it
// committed was put back and written again (a request twice, the key's usage counted twice).
import pg from "pg";
import { expect, it } from "vitest";

import { withOwnDatabaseClients } from "../support/own-database-clients";

withOwnDatabaseClients(() => ({ DATABASE_URL: process.env.DATABASE_URL!, DATABASE_TIMEOUT_MS: "800" }));

it("a batch held past the database timeout is cancelled by PostgreSQL, then written once on the next try", async () => {
  const { prisma } = await import("@/lib/db");
  const { flushLedger, recordRequest } = await import("@/lib/ledger");
  const { partnerKey } = await import("./helpers");
  const { ledgerEntry } = await import("../support/ledger-entries");
  const { practice } = await partnerKey();
  const { id: keyId } = await prisma.apiKey.findFirstOrThrow({ where: { practiceGroupId: practice.id }, select: { id: true } });
  await flushLedger();

  // Another session holds the key's usage row, which the batch updates: the batch waits for it.
  const blocker = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await blocker.connect();
  try {
    await blocker.query("BEGIN");
    await blocker.query(
      `INSERT INTO api_key_usage ("keyId", "requests", "lastAt") VALUES ($1, 0, now()) ON CONFLICT ("keyId") DO UPDATE SET "requests" = api_key_usage."requests"`,
      [keyId],
    );
    recordRequest(ledgerEntry({ keyId, actingPracticeGroupId: practice.id, requestId: "held" }));
    await expect(flushLedger()).rejects.toThrow("canceling statement due to statement timeout");
    await blocker.query("COMMIT");
  } finally {
    await blocker.end();
  }
  expect(await flushLedger()).toBe(1);
  const rows = await prisma.$queryRaw<{ count: number }[]>`SELECT count(*)::int AS count FROM api_requests WHERE "keyId" = ${keyId}::uuid`;
  expect(rows[0].count).toBe(1);
});
