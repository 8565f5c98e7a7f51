// The API access ledger: what each partner's key did with a practice's data (NHS GP Connect asks
// for who, which organisation, which patient, when, outcome). The API wrapper records every
// request made with a known key; rows wait in memory and are written in batches off the response
// path, every second (one write at a time) and when the process is told to stop (SIGTERM,
// SIGINT). A SIGKILL loses the rows not yet written: the last second's, or a backlog's during an
// outage. Never a key, a token, a body or free text: ids, the route template, the status and the
// error code only.
import pg from "pg";

import { databaseTimeoutMs, instant, prisma, sqlPool, type Tx } from "@/lib/db";
import { isDatabaseUnavailable, loggableError } from "@/lib/db-errors";
import { isBenchMode, positiveIntegerEnv } from "@/lib/env";
import type { Idempotency } from "@/lib/idempotency";
import { bufferRow, putBackLedgerRows, takeDroppedCounts, takeLedgerRows, waitingLedgerRows, waitingSentRows, type LedgerEntry } from "@/lib/ledger-buffer";
import { DAY_MS, EXIT_WAIT_MAX_MS } from "@/lib/limits";

export const LEDGER_FLUSH_MS = 1_000;
const FLUSH_AT_ROWS = 500;
/** Rows per statement: a backlog is written in parts, each well inside the statement timeout. */
const WRITE_AT_MOST = 5_000;

// Off only for npm run bench's comparison (scripts/bench-ledger.ts), in bench mode (development only).
const benchLedgerOff = isBenchMode() && process.env.BENCH_LEDGER === "off";

/** Records a request the API wrapper answered; every FLUSH_AT_ROWS rows are written at once. */
export function recordRequest(entry: LedgerEntry) {
  if (benchLedgerOff) return;
  const waiting = bufferRow(entry);
  if (waiting > 0 && waiting % FLUSH_AT_ROWS === 0) void flushLedger().then(logWritten, logFailure);
}

const partitionsMade = new Set<string>();
const PARTITION_LOCK_WAIT_MS = 500;

/** The month's partition (cached per process: a no-op once made). */
async function ensurePartition(at: Date) {
  const from = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));
  const name = `api_requests_${from.getUTCFullYear()}_${String(from.getUTCMonth() + 1).padStart(2, "0")}`;
  if (partitionsMade.has(name)) return;
  const to = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + 1, 1));
  // The ledger's partitions, read from the catalog, not with to_regclass: its cache of names would not see one another server made meanwhile.
  const exists = async (db: Pick<Tx, "$queryRaw">) =>
    (
      await db.$queryRaw<{ made: boolean }[]>`
        SELECT EXISTS (SELECT 1 FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = '"api_requests"'::regclass AND c.relname = ${name}) AS made`
    )[0].made;
  // Rows of the month already in the default partition (written in a transaction before any
  // server made the month) would stop PostgreSQL making it, and so every later write: they move
  // into it, in the same transaction. One server at a time (two at once deadlock on the ledger
  // and its default partition), and a short wait for the ledger, behind which every API write
  // waits meanwhile: the next tick tries again. Names and bounds come from a date, never from input.
  if (!(await exists(prisma))) {
    const month = `"at" >= '${from.toISOString()}' AND "at" < '${to.toISOString()}'`;
    await prisma.$transaction(async (tx) => {
      await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(hashtext('api_requests partitions'))`);
      if (await exists(tx)) return;
      await tx.$executeRawUnsafe(`SET LOCAL lock_timeout = ${PARTITION_LOCK_WAIT_MS}`);
      await tx.$executeRawUnsafe(`CREATE TEMP TABLE ledger_moving (LIKE "api_requests") ON COMMIT DROP`);
      await tx.$executeRawUnsafe(`WITH moved AS (DELETE FROM "api_requests_default" WHERE ${month} RETURNING *) INSERT INTO ledger_moving SELECT * FROM moved`);
      await tx.$executeRawUnsafe(`CREATE TABLE "${name}" PARTITION OF "api_requests" FOR VALUES FROM ('${from.toISOString()}') TO ('${to.toISOString()}')`);
      await tx.$executeRawUnsafe(`INSERT INTO "api_requests" SELECT * FROM ledger_moving`);
    });
  }
  partitionsMade.add(name);
}

// One write at a time per process, shared by every bundle (as the buffer is, lib/ledger-buffer.ts): while
// PostgreSQL is slow, each tick and every FLUSH_AT_ROWS rows would otherwise start another write
// of the whole backlog, each holding a pool connection the API needs.
const FLUSH = Symbol.for("hero.ledgerFlush");
type FlushState = {
  running?: Promise<number>;
  /** Rows the running write took: still unwritten until it ends. */
  runningRows: number;
  /** The next write, shared by every call made while one runs; started by the running one as it ends. */
  queued?: { write: Promise<number>; start: () => void };
  /** When PostgreSQL last took a statement's rows: the wait at exit goes on while it does. */
  lastWrittenAt?: number;
};
const flushState = () => ((globalThis as { [FLUSH]?: FlushState })[FLUSH] ??= { runningRows: 0 });

/**
 * Writes every waiting row, WRITE_AT_MOST a statement; a call while a write runs shares the next
 * one, which takes what waits when it starts. A failed write puts the rows it did not store back.
 */
export function flushLedger(): Promise<number> {
  const state = flushState();
  if (!state.running) return startWrite(state);
  if (!state.queued) {
    let start!: () => void;
    const write = new Promise<number>((resolve, reject) => (start = () => void startWrite(state).then(resolve, reject)));
    state.queued = { write, start };
  }
  return state.queued.write;
}

function startWrite(state: FlushState): Promise<number> {
  const rows = takeLedgerRows();
  const write = writeRows(rows);
  state.running = write;
  state.runningRows = rows.length;
  // The queued write starts in the same step as this one ends: no moment with no write running,
  // in which another call could start a write beside it.
  const done = () => {
    state.running = undefined;
    state.runningRows = 0;
    const queued = state.queued;
    state.queued = undefined;
    queued?.start();
  };
  write.then(done, done);
  return write;
}

/** The write under way, if any: a flush called now waits for it, then shares the next. */
export const writeUnderWay = (): Promise<number> | undefined => flushState().running;

/** Rows not yet written: waiting, and taken by a write under way. */
const unwrittenRows = () => waitingLedgerRows() + flushState().runningRows;

// A database that does not answer in time may yet answer (a stall, a failover); one that refuses
// or ends connections has stopped (with the embedded default, Ctrl-C stops it beside the server).
const mayAnswerYet = (error: unknown) => /timeout|timed out/i.test(error instanceof Error ? error.message : String(error));

/**
 * Every write under way, and then whatever is still waiting; tried again while PostgreSQL does not
 * answer in time. The wait goes on while PostgreSQL takes rows (a backlog written in parts), up to
 * EXIT_WAIT_MAX_MS, and ends once it has taken none for `waitMs`: what is left then is logged, as lost or, for
 * rows of a write PostgreSQL did not answer, as possibly stored.
 */
export async function drainLedger(waitMs: number) {
  const began = Date.now();
  const endsAt = () => Math.min(began + EXIT_WAIT_MAX_MS, Math.max(began, flushState().lastWrittenAt ?? 0) + waitMs);
  let failure: unknown = new Error("no time left");
  while (Date.now() < endsAt()) {
    let timer: NodeJS.Timeout | undefined;
    const outOfTime = new Promise<never>((_, reject) => {
      const check = () => {
        const left = endsAt() - Date.now();
        if (left <= 0) reject(new Error("the wait at exit ran out"));
        else timer = setTimeout(check, Math.min(left, 250));
      };
      check();
    });
    const attempt = Promise.allSettled([writeUnderWay()]).then(() => flushLedger());
    attempt.catch(() => {}); // still running when the wait runs out: its failure is the one logged below
    try {
      await Promise.race([attempt, outOfTime]);
      return;
    } catch (error) {
      failure = error;
      if (!mayAnswerYet(error)) break;
    } finally {
      clearTimeout(timer);
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(200, Math.max(0, endsAt() - Date.now()))));
  }
  // Only rows never sent are known to be lost: a write PostgreSQL did not answer (or one still under way) may have committed.
  const lost = unwrittenRows();
  const maybeStored = waitingSentRows() + flushState().runningRows;
  if (maybeStored === 0) console.error(`API ledger: ${lost} rows lost at exit, PostgreSQL did not take them: ${loggableError(failure)}`);
  else
    console.error(
      `API ledger: ${lost} rows not known to be written at exit: PostgreSQL did not take ${lost - maybeStored}, and did not answer the write of ${maybeStored}, which may have stored them: ${loggableError(failure)}`,
    );
}

// Not stored: refused, or out of time, while connecting (the statement never reached PostgreSQL), or
// answered with an error (the statement, its own transaction, rolled back). Anything else, a
// timeout waiting for the answer or a connection ended, may have come after the commit.
const notStored = (error: unknown) =>
  error instanceof pg.DatabaseError ||
  ["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN"].includes(String((error as { code?: unknown } | null)?.code)) ||
  /when trying to connect|due to connection timeout/.test(error instanceof Error ? error.message : "");

async function writeRows(rows: LedgerEntry[]) {
  const dropped = takeDroppedCounts();
  if (dropped.known > 0) console.error(`API ledger full: ${dropped.known} rows dropped while PostgreSQL could not take them`);
  // A flood of well-formed keys that are not ours, or a long outage: a revoked key's refusals may be among them.
  if (dropped.hashOnly > 0) console.error(`API ledger full: ${dropped.hashOnly} refusals of keys known only by their hash dropped`);
  let written = 0;
  let sending = false;
  try {
    // Rows of another month (a buffer held across a month's end, a test's old row) get theirs first.
    // A month not made yet takes its rows in the default partition, moved into the month once it is made.
    for (const at of new Set(rows.map((row) => Date.UTC(row.at.getUTCFullYear(), row.at.getUTCMonth(), 1))))
      await ensurePartition(new Date(at)).catch((error) => {
        // A database out of reach takes no rows at all: the write's own failure says so.
        if (!isOutage(error)) console.error(`API ledger: a month not made yet, its rows go to the default partition: ${loggableError(error)}`);
      });
    rows = await withoutWritten(rows);
    for (; written < rows.length; written += WRITE_AT_MOST) {
      sending = true;
      await insertRows(null, rows.slice(written, written + WRITE_AT_MOST));
      sending = false;
      flushState().lastWrittenAt = Date.now();
    }
    return rows.length;
  } catch (error) {
    const sent = sending && !notStored(error) ? WRITE_AT_MOST : 0;
    putBackLedgerRows(rows.slice(written).map((row, i) => (i < sent ? { ...row, sent: true } : row)));
    throw error;
  }
}

/**
 * Rows put back after a write PostgreSQL did not answer, less those it stored after all (it
 * committed and its answer was lost); the rest are known unsent again. A query of its own, only
 * then: reading the ledger in every write would hold every partition against a month's making or dropping.
 */
async function withoutWritten(rows: LedgerEntry[]) {
  const sent = rows.filter((row) => row.sent);
  if (sent.length === 0) return rows;
  const { rows: found } = await sqlPool().query<{ requestId: string; at: Date }>(
    `SELECT "requestId", "at" FROM api_requests WHERE "at" = ANY($1::timestamptz[]) AND "requestId" = ANY($2::text[])`,
    [sent.map((row) => row.at.toISOString()), sent.map((row) => row.requestId)],
  );
  const stored = new Set(found.map((row) => `${row.requestId} ${row.at.getTime()}`));
  return rows.flatMap((row) => (!row.sent ? [row] : stored.has(`${row.requestId} ${row.at.getTime()}`) ? [] : [{ ...row, sent: undefined }]));
}

/** This month's partition and the next, made ahead so that no write, in a transaction or not, has to make one. */
export async function ensureLedgerPartitions(now = new Date()) {
  await ensurePartition(now);
  await ensurePartition(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)));
}

/**
 * One statement for many rows: the rows, and each key's running usage (api_key_usage,
 * api_key_patients); in the transaction of a write, or (tx null) the batch, straight on pg's
 * pool: through Prisma the batch's one large parameter cost ~50 µs of CPU per API request at
 * 400 requests a second (BENCHMARKS.md).
 */
async function insertRows(tx: Tx | null, rows: LedgerEntry[]) {
  // Refusals known only by the key's hash find their key here, off the request path; a hash that
  // names no key is not a key and is not recorded. Such a refusal (its limit, the limiter or the
  // database unavailable: lib/api/headers.ts) acts for the practice group it asked for when the
  // key, live, may act for it (its own, or by a network): the other practice's business too. Each row takes its
  // key's partner. Usage rows are locked in key order, so two writes at once cannot deadlock.
  const text = `
    WITH inserted AS (
      INSERT INTO "api_requests" ("at", "requestId", "keyId", "keyPracticeGroupId", "actingPracticeGroupId", "partnerId", "method", "route", "status", "errorCode", "replayed", "durationMs", "patientIds")
      SELECT r."at", r."requestId", k.id, k."practiceGroupId",
        coalesce(r."actingPracticeGroupId", CASE WHEN k."revokedAt" IS NULL AND (k."expiresAt" IS NULL OR k."expiresAt" > r."at" AT TIME ZONE 'UTC') AND (r."requestedPracticeGroupId" = k."practiceGroupId" OR EXISTS (
          SELECT 1 FROM network_members a JOIN network_members b ON b."networkId" = a."networkId"
          WHERE a."practiceGroupId" = k."practiceGroupId" AND b."practiceGroupId" = r."requestedPracticeGroupId")) THEN r."requestedPracticeGroupId" END),
        k."partnerId",
        r."method", r."route", r."status", r."errorCode", coalesce(r."replayed", false), r."durationMs", coalesce(r."patientIds", '{}')
      FROM jsonb_to_recordset($1::jsonb) AS r("at" timestamptz, "requestId" text, "keyId" uuid, "keyHash" text,
        "actingPracticeGroupId" uuid, "requestedPracticeGroupId" uuid, "method" text, "route" text, "status" smallint, "errorCode" text, "replayed" boolean, "durationMs" real, "patientIds" uuid[])
      JOIN api_keys k ON k.id = coalesce(r."keyId", (SELECT h.id FROM api_keys h WHERE h."keyHash" = r."keyHash"))
      RETURNING "keyId", "at", "patientIds"
    ),
    usage AS (
      INSERT INTO "api_key_usage" ("keyId", "requests", "lastAt")
      SELECT "keyId", count(*), max("at") FROM inserted GROUP BY "keyId" ORDER BY "keyId"
      ON CONFLICT ("keyId") DO UPDATE SET "requests" = api_key_usage."requests" + EXCLUDED."requests", "lastAt" = greatest(api_key_usage."lastAt", EXCLUDED."lastAt")
    ),
    pairs AS (
      SELECT "keyId", "patientId", max("at") AS "at" FROM inserted, unnest("patientIds") AS "patientId" GROUP BY 1, 2
    ),
    -- A pair's date moves on at most once a day (db:prune forgets by it), and locks only what it moves.
    refreshed AS (
      UPDATE "api_key_patients" p SET "lastAt" = pairs."at" FROM pairs
      WHERE p."keyId" = pairs."keyId" AND p."patientId" = pairs."patientId" AND p."lastAt" < pairs."at" - interval '1 day'
    )
    INSERT INTO "api_key_patients" ("keyId", "patientId", "lastAt")
    SELECT "keyId", "patientId", "at" FROM pairs ON CONFLICT DO NOTHING`;
  if (tx) await tx.$executeRawUnsafe(text, JSON.stringify(rows));
  else await sqlPool().query({ name: "ledger-insert", text, values: [JSON.stringify(rows)] });
}

// While PostgreSQL is down every tick fails: said at once, then at most once a minute, and once rows are written again.
const OUTAGE_LOG_EVERY_MS = 60_000;
const OUTAGE = Symbol.for("hero.ledgerOutage");
type Outage = { failures: number; since: number; loggedAt: number };
// Per process, as the flush is: every bundle's writes count towards one outage.
const outage: Outage = ((globalThis as { [OUTAGE]?: Outage })[OUTAGE] ??= { failures: 0, since: 0, loggedAt: -Infinity });

// A lock timeout (another server making the month meanwhile) is no outage: the database is up.
const isOutage = (error: unknown) => isDatabaseUnavailable(error) && !/lock timeout|55P03/.test(error instanceof Error ? error.message : "");

function logFailure(error: unknown, what = "API ledger not written") {
  const now = Date.now();
  if (outage.failures++ === 0) outage.since = now;
  if (now - outage.loggedAt < OUTAGE_LOG_EVERY_MS) return;
  outage.loggedAt = now;
  const still = outage.failures > 1 ? ` after ${outage.failures} failures over ${Math.round((now - outage.since) / 1000)} s` : "";
  console.error(`${what}${still} (rows kept for the next try: ${unwrittenRows()}): ${loggableError(error)}`);
}

function logWritten(rows: number) {
  if (rows === 0 || outage.failures === 0) return;
  console.error(`API ledger written again, after ${outage.failures} failures over ${Math.round((Date.now() - outage.since) / 1000)} s`);
  Object.assign(outage, { failures: 0, since: 0, loggedAt: -Infinity });
}

/** The writer's tick: the months' partitions (one that could not be made does not hold up the flush), then the flush. */
export async function ledgerTick() {
  await ensureLedgerPartitions().catch((error) => logFailure(error, isOutage(error) ? undefined : "API ledger: a month's partition not made"));
  await flushLedger().then(logWritten, logFailure);
}

let started = false;

/**
 * Called once per server process (instrumentation.ts): flushes every LEDGER_FLUSH_MS, and when
 * told to stop (SIGTERM, or SIGINT: Ctrl-C, some supervisors) holds Next's own exit (it calls
 * process.exit once its requests are done) until the last rows are written, or for at most twice
 * the database timeout while PostgreSQL does not take them.
 */
export function startLedgerWriter() {
  if (started) return;
  started = true;
  void ensureLedgerPartitions().catch(logFailure);
  setInterval(() => void ledgerTick(), LEDGER_FLUSH_MS).unref();
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void flushLedger().then(logWritten, logFailure);
    // Requests still running when the signal came record after it, and a write may be under
    // way: at the exit, wait for those writes, then write the rest.
    const exit = process.exit.bind(process);
    process.exit = ((code?: number) => void drainLedger(2 * databaseTimeoutMs()).finally(() => exit(code))) as typeof process.exit;
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

export const LEDGER_RETENTION_DAYS = 400;

export function ledgerRetentionDays(): number {
  return positiveIntegerEnv("LEDGER_RETENTION_DAYS", LEDGER_RETENTION_DAYS);
}

/**
 * How long a month's DROP waits for the ledger, a few times over, before leaving the month to the
 * next run: the DROP needs the whole ledger to itself, so while it waits (a long read: an export,
 * a backup) every API write, which writes its ledger row, would queue behind it.
 */
const PRUNE_LOCK = { lockWaitMs: 1000, tries: 3, pauseMs: 10_000 };

/**
 * Drops the monthly partitions that end before the retention period, and older rows outside them
 * (npm run db:prune). `kept`: the months it could not drop for now.
 */
export async function pruneLedger(retentionDays = ledgerRetentionDays(), now = new Date(), lock = PRUNE_LOCK) {
  const cutoff = now.getTime() - retentionDays * DAY_MS;
  const partitions = await prisma.$queryRaw<{ name: string }[]>`
    SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
    WHERE p.relname = 'api_requests' AND c.relname ~ '^api_requests_[0-9]{4}_[0-9]{2}$'`;
  // A partition holds one month: all of it is older than the cutoff once the month has ended before it.
  let old = partitions
    .map(({ name }) => name)
    .filter((name) => {
      const [year, month] = name.slice("api_requests_".length).split("_").map(Number);
      return Date.UTC(year, month, 1) <= cutoff;
    });
  const dropped: string[] = [];
  for (let attempt = 1; old.length > 0 && attempt <= lock.tries; attempt++) {
    if (attempt > 1) await new Promise((resolve) => setTimeout(resolve, lock.pauseMs));
    const busy: string[] = [];
    for (const name of old) {
      if (await dropPartition(name, lock.lockWaitMs)) dropped.push(name);
      else busy.push(name);
    }
    old = busy;
  }
  // Rows outside every month's partition (the writer makes the months first; kept for safety) go by their date.
  await prisma.$executeRaw`DELETE FROM "api_requests_default" WHERE "at" < ${instant(new Date(cutoff))}::timestamptz`;
  await forgetKeyPatients(new Date(cutoff));
  return { dropped: dropped.sort(), kept: old.sort() };
}

/**
 * Which patients each key touched goes with the ledger rows that said so: pairs last touched
 * before the cutoff (a day earlier, as the writer moves a pair's date once a day), and every pair
 * of a key unused since it (pairs from before they had a date).
 */
async function forgetKeyPatients(cutoff: Date) {
  await prisma.$executeRaw`DELETE FROM api_key_patients WHERE "lastAt" < ${instant(cutoff)}::timestamptz - interval '1 day'`;
  // The usage rows are locked first, in key order as the writer locks them: a key that a write brings back into use meanwhile keeps its pairs.
  await prisma.$executeRaw`DELETE FROM api_key_patients WHERE "keyId" IN (SELECT "keyId" FROM api_key_usage WHERE "lastAt" < ${instant(cutoff)}::timestamptz ORDER BY "keyId" FOR UPDATE)`;
}

/** Drops a month's partition if the ledger's lock comes within `lockWaitMs`; false if not. */
async function dropPartition(name: string, lockWaitMs: number) {
  const client = await sqlPool().connect();
  try {
    await client.query("BEGIN");
    await client.query(`SET LOCAL lock_timeout = ${Math.ceil(lockWaitMs)}`);
    await client.query(`DROP TABLE "${name}"`);
    await client.query("COMMIT");
    partitionsMade.delete(name);
    return true;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    if ((error as { code?: unknown }).code === "55P03") return false; // lock_not_available
    throw error;
  } finally {
    client.release();
  }
}

/**
 * How the API wrapper hands a write's request to the domain: the domain records the access in
 * the transaction of the change (recordWrite), so a committed write is never missing from the
 * ledger; the wrapper then records nothing more for it.
 */
export type WriteAccess = Omit<LedgerEntry, "at" | "durationMs" | "patientIds" | "errorCode"> & {
  startedAt: number;
  recorded: boolean;
  /** Every patient the call named and was found (lib/patients.ts): in its ledger row even when the change then fails. */
  patients?: Set<string>;
  /** The Idempotency-Key the write was sent with (lib/idempotency.ts). */
  idempotency?: Idempotency;
};

/** Last in the write's transaction: nothing after it may fail, or `recorded` would stand for a row rolled back. */
export async function recordWrite(tx: Tx, access: WriteAccess | undefined, patientIds: string[]) {
  if (!access || benchLedgerOff) return;
  const { requestId, keyId, actingPracticeGroupId, method, route, status, startedAt } = access;
  const entry = { requestId, keyId, actingPracticeGroupId, method, route, status, errorCode: null, patientIds };
  await insertRows(tx, [{ ...entry, at: new Date(), durationMs: performance.now() - startedAt }]);
  access.recorded = true;
}
