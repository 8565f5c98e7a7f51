// While PostgreSQL refuses the ledger's writes, the writer's tick fails every second: the log says
// so once, then at most once a minute, and says when rows are written again (it said "not
// written" every second, with no end in sight and no word of the recovery).
import { randomUUID } from "node:crypto";

import { afterAll, expect, it, vi } from "vitest";

import { prisma } from "@/lib/db";
import { flushLedger, ledgerTick, recordRequest } from "@/lib/ledger";

import { ledgerEntry } from "../support/ledger-entries";
import { hookQueries } from "../support/query-hook";
import { partnerKey } from "./helpers";

afterAll(() => prisma.$disconnect());

it("says an outage once rather than at every tick, and says when the ledger is written again", async () => {
  const { practice } = await partnerKey();
  const { id: keyId } = await prisma.apiKey.findFirstOrThrow({ where: { practiceGroupId: practice.id }, select: { id: true } });
  await flushLedger();

  // Refused as a server that is down refuses: the rows, and the check for a month's partition.
  let refusing = true;
  const unhook = hookQueries((text) =>
    refusing && (text.includes('INSERT INTO "api_requests"') || text.includes("pg_inherits")) ? Promise.reject(new Error("connection refused")) : undefined,
  );
  const errors = vi.spyOn(console, "error").mockImplementation(() => {});
  const said = () => errors.mock.calls.map(([line]) => String(line));
  try {
    const requestId = `outage-${randomUUID()}`;
    // Of a month this process has not made yet (three months on): its partition is checked before each try, and fails too.
    const later = new Date();
    later.setUTCMonth(later.getUTCMonth() + 3, 15);
    recordRequest(ledgerEntry({ keyId, actingPracticeGroupId: practice.id, requestId, at: later }));
    for (let tick = 0; tick < 5; tick++) await ledgerTick();
    expect(said()).toEqual([expect.stringMatching(/^API ledger not written \(rows kept for the next try: 1\): Error: connection refused$/)]);

    refusing = false;
    await ledgerTick();
    expect(said().slice(1)).toEqual([expect.stringMatching(/^API ledger written again, after \d+ failures over \d+ s$/)]);
    const [{ count }] = await prisma.$queryRaw<{ count: number }[]>`SELECT count(*)::int AS count FROM api_requests WHERE "requestId" = ${requestId}`;
    expect(count).toBe(1);

    // Over: the next failure is said at once again.
    refusing = true;
    recordRequest(ledgerEntry({ keyId, actingPracticeGroupId: practice.id, requestId: `${requestId}-b` }));
    await ledgerTick();
    expect(said().slice(2)).toEqual([expect.stringMatching(/^API ledger not written \(rows kept for the next try: 1\)/)]);
  } finally {
    refusing = false;
    unhook();
    await flushLedger();
    errors.mockRestore();
  }
});
