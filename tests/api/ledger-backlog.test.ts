// The ledger while PostgreSQL refuses its rows for minutes: what waits stays bounded, nothing
// admitted is lost however many rows wait, and the backlog is written once PostgreSQL takes rows again.
import { randomBytes } from "node:crypto";

import pg from "pg";
import { afterAll, expect, it, vi } from "vitest";

import { prisma } from "@/lib/db";
import { drainLedger, flushLedger, recordRequest, writeUnderWay } from "@/lib/ledger";
import {
  bufferRefusalByHash,
  bufferRow,
  HASH_ONLY_BUFFER_LIMIT,
  LEDGER_BUFFER_LIMIT,
  ledgerBuffer,
  takeDroppedCounts,
  takeLedgerRows,
  waitingLedgerRows,
} from "@/lib/ledger-buffer";

import { ledgerEntry } from "../support/ledger-entries";
import { hookQueries } from "../support/query-hook";
import { partnerKey } from "./helpers";

afterAll(() => prisma.$disconnect());

/** Holds every ledger batch's INSERT until `open()`, counting those started; `release()` opens and unhooks. */
function holdLedgerInserts() {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const held = { started: 0, open: () => open(), release: () => {} };
  const unhook = hookQueries((text, run) => {
    if (!text.includes('INSERT INTO "api_requests"')) return undefined;
    held.started++;
    return gate.then(run);
  });
  held.release = () => {
    open();
    unhook();
  };
  return held;
}

it("keeps every admitted row through failed writes, drops (and logs) only past its limit, and writes the backlog in parts", async () => {
  const { key, practice } = await partnerKey();
  const { id: keyId } = await prisma.apiKey.findFirstOrThrow({ where: { practiceGroupId: practice.id }, select: { id: true } });
  expect(key).toBeTruthy();
  await flushLedger();

  let refusing = true;
  const unhook = hookQueries((text) => (refusing && text.includes('INSERT INTO "api_requests"') ? Promise.reject(new Error("disk full")) : undefined));
  const errors = vi.spyOn(console, "error").mockImplementation(() => {});
  try {
    const row = ledgerEntry({ keyId, actingPracticeGroupId: practice.id });
    for (let i = 0; i < LEDGER_BUFFER_LIMIT; i++) recordRequest({ ...row, requestId: `backlog-${i}` });
    // The writes the rows set off fail, and put their rows back.
    await Promise.allSettled([writeUnderWay()]);
    await expect(flushLedger()).rejects.toThrow("disk full");
    expect(ledgerBuffer().length).toBe(LEDGER_BUFFER_LIMIT);
    // Full: what comes now is dropped, and counted.
    for (let i = 0; i < 5; i++) recordRequest({ ...row, requestId: `dropped-${i}` });
    expect(ledgerBuffer().length).toBe(LEDGER_BUFFER_LIMIT);

    refusing = false;
    expect(await flushLedger()).toBe(LEDGER_BUFFER_LIMIT);
    expect(errors.mock.calls.map(([line]) => String(line))).toContain("API ledger full: 5 rows dropped while PostgreSQL could not take them");
  } finally {
    unhook();
    errors.mockRestore();
  }
  const [{ count }] = await prisma.$queryRaw<{ count: number }[]>`SELECT count(*)::int AS count FROM api_requests WHERE "keyId" = ${keyId}::uuid`;
  expect(count).toBe(LEDGER_BUFFER_LIMIT);
  expect(ledgerBuffer()).toHaveLength(0);
}, 60_000);

it("counts and logs the refusals known only by a key's hash that it drops past their limit", async () => {
  await flushLedger();
  const errors = vi.spyOn(console, "error").mockImplementation(() => {});
  try {
    const refusal = { ...ledgerEntry({ keyId: null, actingPracticeGroupId: null }), status: 401, errorCode: "invalid_credentials" };
    for (let i = 0; i < HASH_ONLY_BUFFER_LIMIT + 3; i++) bufferRefusalByHash({ ...refusal, requestId: `flood-${i}`, keyHash: randomBytes(32).toString("hex") });
    // None of these hashes is a key of ours: the writer drops them, and says how many it could not keep.
    await flushLedger();
    const [{ count }] = await prisma.$queryRaw<{ count: number }[]>`SELECT count(*)::int AS count FROM api_requests WHERE "requestId" LIKE 'flood-%'`;
    expect(count).toBe(0);
    expect(errors.mock.calls.map(([line]) => String(line))).toContain("API ledger full: 3 refusals of keys known only by their hash dropped");
  } finally {
    errors.mockRestore();
  }
}, 60_000);

it("writes one batch at a time: while PostgreSQL is slow, further flushes wait and share one write of what has come since", async () => {
  const { practice } = await partnerKey();
  const { id: keyId } = await prisma.apiKey.findFirstOrThrow({ where: { practiceGroupId: practice.id }, select: { id: true } });
  await flushLedger();

  const held = holdLedgerInserts();
  try {
    const row = ledgerEntry({ keyId, actingPracticeGroupId: practice.id });
    // Every 500 rows set off a flush, as do the one-second ticks: here four, and two by hand.
    for (let i = 0; i < 2_000; i++) recordRequest({ ...row, requestId: `slow-${i}` });
    const flushes = [flushLedger(), flushLedger()];
    // The first write is held; nothing else runs until it ends: one write under way, the rest queued on it.
    await vi.waitFor(() => expect(held.started).toBe(1));
    expect(writeUnderWay()).toBeDefined();
    expect(held.started).toBe(1);

    held.open();
    const written = await Promise.all(flushes);
    // The first took the first 500 rows; the next took the other 1,500; no third was needed.
    expect(held.started).toBe(2);
    expect(written).toEqual([1_500, 1_500]);
  } finally {
    held.release();
  }
  const [{ count }] = await prisma.$queryRaw<{ count: number }[]>`SELECT count(*)::int AS count FROM api_requests WHERE "keyId" = ${keyId}::uuid`;
  expect(count).toBe(2_000);
});

it("hands over from one write to the next in one step: a flush called as a write ends cannot start a write beside the queued one", async () => {
  const { practice } = await partnerKey();
  const { id: keyId } = await prisma.apiKey.findFirstOrThrow({ where: { practiceGroupId: practice.id }, select: { id: true } });
  await flushLedger();

  const held = holdLedgerInserts();
  try {
    const row = ledgerEntry({ keyId, actingPracticeGroupId: practice.id });
    for (let i = 0; i < 10; i++) recordRequest({ ...row, requestId: `handover-a-${i}` });
    const running = flushLedger();
    for (let i = 0; i < 5; i++) recordRequest({ ...row, requestId: `handover-b-${i}` });
    const queued = flushLedger();
    held.open();
    expect(await running).toBe(10);
    // Called the moment the first write ends: the queued write has the five rows, and this call waits for it.
    const after = flushLedger();
    expect(await queued).toBe(5);
    expect(await after).toBe(0);
  } finally {
    held.release();
  }
});

it("stays within its limit when a write that was under way fails: what came meanwhile is kept up to it, the rest dropped and counted", async () => {
  await flushLedger();
  takeDroppedCounts();
  let fail!: () => void;
  const failing = new Promise<void>((resolve) => (fail = resolve));
  let started = 0;
  const unhook = hookQueries((text) => {
    if (!text.includes('INSERT INTO "api_requests"')) return undefined;
    started++;
    return failing.then(() => Promise.reject(new Error("disk full")));
  });
  try {
    const refusal = { ...ledgerEntry({ keyId: null, actingPracticeGroupId: null }), status: 401, errorCode: "invalid_credentials" };
    const flood = (from: number) => {
      for (let i = from; i < from + HASH_ONLY_BUFFER_LIMIT; i++)
        bufferRefusalByHash({ ...refusal, requestId: `stall-${i}`, keyHash: randomBytes(32).toString("hex") });
    };
    flood(0);
    const write = flushLedger();
    await vi.waitFor(() => expect(started).toBe(1));
    // A stalled write holds its rows; the buffer, emptied as it began, takes as many again.
    flood(HASH_ONLY_BUFFER_LIMIT);
    fail();
    await expect(write).rejects.toThrow("disk full");
    expect(waitingLedgerRows()).toBe(HASH_ONLY_BUFFER_LIMIT);
    expect(takeDroppedCounts().hashOnly).toBe(HASH_ONLY_BUFFER_LIMIT);
  } finally {
    unhook();
    takeLedgerRows();
  }
}, 60_000);

it("at exit, waits as long as PostgreSQL takes rows: a backlog written in slow parts is written whole, not cut off at the wait", async () => {
  const { practice } = await partnerKey();
  const { id: keyId } = await prisma.apiKey.findFirstOrThrow({ where: { practiceGroupId: practice.id }, select: { id: true } });
  await flushLedger();
  // Three statements of 5,000 rows, each answered after 1.5 s: longer together than the 3 s wait, each well within it.
  const unhook = hookQueries((text, run) =>
    text.includes('INSERT INTO "api_requests"') ? new Promise((resolve) => setTimeout(resolve, 1_500)).then(run) : undefined,
  );
  const errors = vi.spyOn(console, "error").mockImplementation(() => {});
  try {
    const row = ledgerEntry({ keyId, actingPracticeGroupId: practice.id });
    for (let i = 0; i < 15_000; i++) bufferRow({ ...row, requestId: `exit-${i}` });
    await drainLedger(3_000);
    expect(errors.mock.calls.map(([line]) => String(line)).filter((line) => line.includes("lost at exit"))).toEqual([]);
  } finally {
    unhook();
    errors.mockRestore();
  }
  const [{ count }] = await prisma.$queryRaw<{ count: number }[]>`SELECT count(*)::int AS count FROM api_requests WHERE "keyId" = ${keyId}::uuid`;
  expect(count).toBe(15_000);
}, 60_000);

// A write can commit and its answer be lost (the connection ends after the commit, a timeout
// while the commit waits for a standby): its rows are put back and were written again, twice.
it("does not write twice the rows of a write that committed but whose answer was lost", async () => {
  const { practice } = await partnerKey();
  const { id: keyId } = await prisma.apiKey.findFirstOrThrow({ where: { practiceGroupId: practice.id }, select: { id: true } });
  await flushLedger();
  const requests = async () =>
    (await prisma.$queryRaw<{ requests: number }[]>`SELECT requests::int FROM api_key_usage WHERE "keyId" = ${keyId}::uuid`)[0]?.requests ?? 0;
  const before = await requests();
  const requestId = `answer-lost-${randomBytes(4).toString("hex")}`;
  recordRequest(ledgerEntry({ keyId, actingPracticeGroupId: practice.id, requestId }));
  let lost = false;
  const unhook = hookQueries((text, run) =>
    !lost && text.includes('INSERT INTO "api_requests"')
      ? run().then(() => {
          lost = true;
          throw new Error("Connection terminated unexpectedly");
        })
      : undefined,
  );
  const failure = await flushLedger().then(
    () => null,
    (error: unknown) => error,
  );
  unhook();
  expect(failure).toBeInstanceOf(Error);
  expect(lost).toBe(true);
  expect(waitingLedgerRows()).toBe(1);
  await flushLedger();
  const [{ count }] = await prisma.$queryRaw<{ count: number }[]>`SELECT count(*)::int AS count FROM api_requests WHERE "requestId" = ${requestId}`;
  expect(count).toBe(1);
  expect(await requests()).toBe(before + 1);
});

/** What drainLedger logged at exit while `hook` stood between the ledger and PostgreSQL. */
async function exitLog(hook: Parameters<typeof hookQueries>[0], before: () => Promise<void>) {
  const errors = vi.spyOn(console, "error").mockImplementation(() => {});
  const unhook = hookQueries(hook);
  try {
    await before();
    // Every query fails at once here: the wait is only a bound, long enough for a loaded machine (at 500 ms, CI's once ran out first).
    await drainLedger(10_000);
    return errors.mock.calls.map(([line]) => String(line)).filter((line) => line.includes("at exit"));
  } finally {
    unhook();
    errors.mockRestore();
    takeLedgerRows();
  }
}

// CI once logged 20 rows lost at exit where 15 were in: PostgreSQL had committed a write whose answer never came.
it("at exit, logs as lost only rows known not stored: those of a write PostgreSQL did not answer may be", async () => {
  const { practice } = await partnerKey();
  const { id: keyId } = await prisma.apiKey.findFirstOrThrow({ where: { practiceGroupId: practice.id }, select: { id: true } });
  await flushLedger();
  const prefix = `exit-unanswered-${randomBytes(4).toString("hex")}`;
  const record = (from: number, to: number) => {
    for (let n = from; n < to; n++) recordRequest(ledgerEntry({ keyId, actingPracticeGroupId: practice.id, requestId: `${prefix}-${n}` }));
  };
  const stored = async () =>
    (await prisma.$queryRaw<{ count: number }[]>`SELECT count(*)::int AS count FROM api_requests WHERE "requestId" LIKE ${`${prefix}-%`}`)[0].count;

  // The INSERT commits and its answer never comes, nor any other answer from then on.
  let answered = true;
  const unanswered = await exitLog(
    (text, run) => {
      if (!answered) return Promise.reject(new Error("Query read timeout"));
      if (!text.includes('INSERT INTO "api_requests"')) return undefined;
      answered = false;
      return run().then(() => Promise.reject(new Error("Query read timeout")));
    },
    async () => {
      record(0, 3);
      await expect(flushLedger()).rejects.toThrow("Query read timeout");
      record(3, 5);
    },
  );
  expect(unanswered).toEqual([
    "API ledger: 5 rows not known to be written at exit: PostgreSQL did not take 2, and did not answer the write of 3, which may have stored them: Error: Query read timeout",
  ]);
  expect(await stored()).toBe(3);

  // Answered with an error (a statement timeout): rolled back, every row lost.
  const timedOut = Object.assign(new pg.DatabaseError("canceling statement due to statement timeout", 0, "error"), { code: "57014" });
  const refusedByStatement = await exitLog(
    (text) => (text.includes('INSERT INTO "api_requests"') ? Promise.reject(timedOut) : undefined),
    async () => record(5, 7),
  );
  expect(refusedByStatement).toEqual([
    "API ledger: 2 rows lost at exit, PostgreSQL did not take them: error 57014: canceling statement due to statement timeout",
  ]);

  // Refused: nothing reached PostgreSQL.
  const refused = await exitLog(
    () => Promise.reject(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" })),
    async () => record(7, 10),
  );
  expect(refused).toEqual(["API ledger: 3 rows lost at exit, PostgreSQL did not take them: Error ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:5432"]);
  expect(await stored()).toBe(3);
});
