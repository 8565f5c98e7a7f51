// A PostgreSQL that stops answering (a stalled connection, made here by a proxy of the test's
// own in front of the shared server, never by touching the server) gives a JSON 503 within a
// few seconds instead of a request that hangs, and recovery is immediate when it answers again.
import { afterAll, beforeAll, expect, it } from "vitest";

import { withOwnDatabaseClients } from "../support/own-database-clients";
import { startStallProxy, type StallProxy } from "../support/stall-proxy";

let proxy: StallProxy;

beforeAll(async () => {
  proxy = await startStallProxy(process.env.DATABASE_URL!);
});

afterAll(() => proxy.close());

// A fresh pool through the proxy, with a short timeout (after the proxy starts, closed before it stops).
withOwnDatabaseClients(() => ({ DATABASE_URL: proxy.url, DATABASE_TIMEOUT_MS: "1500" }));

it("answers 503 service_unavailable at its database timeout while the database is stalled, never hanging, and 200 once it answers again", async () => {
  const { GET } = await import("@/app/api/v1/practice-groups/route");
  const { apiRequest, call, partnerKey } = await import("./helpers");
  const { key, practice } = await partnerKey();
  const request = () => call(GET, apiRequest("/practice-groups", { key, practiceGroupId: practice.id }));
  expect((await request()).status).toBe(200);

  proxy.stall(true);
  // Answered by the 1.5 s timeout: a request that hung (65 s, before it) would outlast the test's 30 s.
  const during = await request();
  expect(during.status).toBe(503);
  expect(during.body).toEqual({ error: "service_unavailable", message: expect.any(String) });

  // The ledger cannot be written while the database stalls: the rows wait for the next try.
  const { flushLedger } = await import("@/lib/ledger");
  await expect(flushLedger()).rejects.toThrow();

  proxy.stall(false);
  // Connections that timed out are dropped from the pool; the next request gets a working one.
  const after = await request();
  expect(after.status).toBe(200);
  // The 503 is in the key's ledger (known then by its hash only), with the requests either side.
  await flushLedger();
  const { prisma } = await import("@/lib/db");
  const rows = await prisma.$queryRaw<{ requestId: string; status: number; errorCode: string | null }[]>`
    SELECT r."requestId", r.status, r."errorCode" FROM api_requests r JOIN api_keys k ON k.id = r."keyId"
    WHERE k."practiceGroupId" = ${practice.id}::uuid ORDER BY r.at`;
  expect(rows.map((row) => [row.status, row.errorCode])).toEqual([
    [200, null],
    [503, "service_unavailable"],
    [200, null],
  ]);
  expect(rows[1].requestId).toBe(during.headers.get("x-request-id"));
}, 30_000);
