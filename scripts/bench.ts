// npm run bench: what the API key check and the rate limit cost on the partner API. One fresh
// seeded PostgreSQL database per key count (1,000 and 1,000,000 keys), and on each the built app
// (the standalone server, bench mode) twice: with the in-process limiter, and with Upstash through
// scripts/upstash-rest-server.ts over the local Redis. autocannon on loopback loads
// GET /api/v1/practice-groups (valid keys), GET /api/bench/practice-groups (the same queries: no
// key, no limiter) and, to split the difference, that baseline through middleware.ts, which
// passes it on untouched; and GET /api/bench/constant (a constant answer: Next's own floor), which
// every route's throughput is also given against. At 1 and 10 connections, the key counts
// interleaved. Prints the tables; see BENCHMARKS.md. Everything it creates (databases, Redis keys, processes) is
// removed at the end, also on Ctrl-C or an error.
//   npx tsx scripts/bench.ts [--duration=1] [--rounds=8] [--keys=1000,1000000] [--connections=1,10]
//                          [--pool=200] [--warm-up=3000] [--profile] [--no-bad-input]
import { spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";

import autocannon from "autocannon";
import pg from "pg";

import { keyHashOf } from "@/lib/api-keys";
import { prisma, sqlPool } from "@/lib/db";
import { connectPartner } from "@/lib/partners";

import { copyTestDatabase, dropTestDatabase } from "../tests/support/test-database";
import { buildState } from "./build-freshness";
import { createSeededDatabase, startApp, testSecrets, type AppServer } from "./e2e-environment";
import { processStat, type ProcessStat } from "./process-cpu";
import { deleteRedisKeys, spawnUpstashRestServer } from "./upstash-rest-server";

process.env.NEXT_TELEMETRY_DISABLED = "1";
process.env.CHECKPOINT_DISABLE = "1";

// Per route and instance before measuring: counted in requests, not seconds, because it is V8
// that must warm up. A fresh instance's CPU per API request falls for its first ~2,000 requests;
// with a 2- or 5-second warm-up, the rows measured first came out 20–30 % slower than the
// same rows measured later.
const WARM_UP_REQUESTS = 3_000;
const WARM_UP_MAX_SECONDS = 30;

const args = new Map(
  process.argv.slice(2).map((arg) => {
    const [name, value = "true"] = arg.replace(/^--/, "").split("=");
    return [name, value] as const;
  }),
);
const list = (name: string, fallback: number[]) => (args.has(name) ? args.get(name)!.split(",").map(Number) : fallback);
const options = {
  /** Seconds per load run; every run is also capped at MAX_REQUESTS_PER_SECOND × this. */
  duration: Number(args.get("duration") ?? 1),
  /** Runs per route and row, interleaved with the other key counts' (see measure), pooled. */
  rounds: Number(args.get("rounds") ?? 8),
  keyCounts: list("keys", [1_000, 1_000_000]),
  connections: list("connections", [1, 10]),
  /** Valid keys the load rotates through, so no key comes near 300 requests a minute. */
  pool: Number(args.get("pool") ?? 200),
  /** Requests per route and instance before measuring (see WARM_UP_REQUESTS). */
  warmUp: Number(args.get("warm-up") ?? WARM_UP_REQUESTS),
  profile: args.has("profile"),
  badInput: !args.has("no-bad-input"),
};
const MAX_REQUESTS_PER_SECOND = 5_000;
const RESULTS = "test-results/bench";

// Everything started is stopped in reverse order, once, however the run ends.
const cleanups: Array<{ label: string; run: () => Promise<unknown> }> = [];
let cleaning: Promise<void> | undefined;
function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    for (const { label, run } of cleanups.reverse()) {
      await run().catch((error) => console.error(`Clean-up "${label}" failed:`, error instanceof Error ? error.message : error));
    }
  })();
  return cleaning;
}
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    console.error(`\n${signal}: cleaning up…`);
    cleanUp().finally(() => process.exit(130));
  });
}

// ── Build ─────────────────────────────────────────────────────────────────────────────────

/** `npm run build` (next build and the standalone output) when there is no build or a source file is newer than it. */
function ensureBuild() {
  const { builtAt, current } = buildState();
  if (current) return;
  console.log(builtAt ? "▶ next build (sources changed since the last build)" : "▶ next build (no build yet)");
  const { status } = spawnSync("node_modules/.bin/tsx", ["scripts/run.ts", "build"], { stdio: "inherit" });
  if (status !== 0) throw new Error("next build failed");
}

// ── Environment: database, keys, Redis, the two app instances ─────────────────────────────

function stopProcess(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
    setTimeout(() => child.kill("SIGKILL"), 5000).unref();
  });
}

type Fixtures = { practiceGroupId: string; fillerPracticeGroupId: string; fillerOwnerId: string; keys: string[] };

/**
 * Riverside (in a network, so the answer lists its network) connects TriageFirst and `pool - 1`
 * more partners through the dashboard's own code: one live key per partner, as in production.
 */
async function createFixtures(pool: number): Promise<Fixtures> {
  const riverside = await prisma.practiceGroup.findUniqueOrThrow({ where: { code: "A81001" } });
  const hilltop = await prisma.practiceGroup.findUniqueOrThrow({ where: { code: "B82002" } });
  const triageFirst = await prisma.partner.findUniqueOrThrow({ where: { slug: "triagefirst" } });
  const admin = await prisma.user.findUniqueOrThrow({ where: { username: "pshah" } });
  const fillerOwner = await prisma.user.findFirstOrThrow({ where: { practiceGroupId: hilltop.id } });
  const actor = { id: admin.id, name: admin.name };
  await prisma.partner.createMany({
    data: Array.from({ length: pool - 1 }, (_, i) => ({
      name: `Bench partner ${i + 1}`,
      slug: `bench-partner-${i + 1}`,
      description: "Bench",
      scopes: triageFirst.scopes,
    })),
  });
  const partners = [triageFirst, ...(await prisma.partner.findMany({ where: { slug: { startsWith: "bench-partner-" } }, orderBy: { slug: "asc" } }))];
  const keys: string[] = [];
  for (const partner of partners) keys.push((await connectPartner({ practiceGroupId: riverside.id, partnerId: partner.id, actor })).key);
  return { practiceGroupId: riverside.id, fillerPracticeGroupId: hilltop.id, fillerOwnerId: fillerOwner.id, keys };
}

/**
 * Tops api_keys up to `total` rows with one INSERT … SELECT generate_series: the real columns,
 * a unique SHA-256 per row (of a string that is not a key, so none of them verifies).
 */
async function fillKeys(databaseUrl: string, fixtures: Fixtures, total: number) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>("SELECT count(*)::int AS n FROM api_keys");
    const existing = rows[0].n;
    const missing = total - existing;
    if (missing <= 0) return;
    const started = performance.now();
    await client.query(
      // User keys: a partner key needs a connection of its own (one live key per partner).
      `INSERT INTO api_keys (id, kind, environment, "practiceGroupId", "ownerUserId", name, description, scopes, "keyHash", "displayKey", "createdAt")
       SELECT gen_random_uuid(), 'USER', 'test', $1, $2, 'Bench filler key', '', '{}', h, 'hero_test_…' || right(h, 4), now() - i * interval '1 second'
       FROM generate_series($3::int, $4::int) AS i, LATERAL (SELECT encode(sha256(convert_to('bench-filler-' || i, 'UTF8')), 'hex') AS h) AS hashed`,
      [fixtures.fillerPracticeGroupId, fixtures.fillerOwnerId, existing + 1, total],
    );
    // What autovacuum would have done on a table that grew this much (fresh statistics), and
    // the checkpoint that would otherwise write the new pages out during the next measurement.
    await client.query("VACUUM ANALYZE api_keys");
    await client.query("CHECKPOINT");
    console.log(
      `  ${new URL(databaseUrl).pathname.slice(1)}: api_keys ${total.toLocaleString("en-GB")} rows (${missing.toLocaleString("en-GB")} inserted in ${((performance.now() - started) / 1000).toFixed(1)} s)`,
    );
  } finally {
    await client.end();
  }
}

// ── Load ──────────────────────────────────────────────────────────────────────────────────

type Cpu = { app: number; db: number; limiter: number };
type Sample = { responses: number; seconds: number; latencies: number[]; statuses: Map<number, number>; errors: number; cpu: Cpu };

const emptySample = (): Sample => ({ responses: 0, seconds: 0, latencies: [], statuses: new Map(), errors: 0, cpu: { app: 0, db: 0, limiter: 0 } });

// ── CPU time per request: less sensitive to a busy machine than latency ──────────────────

function processTable(): Map<number, ProcessStat> {
  const table = new Map<number, ProcessStat>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = processStat(Number(entry)); // null: exited while we read
    if (stat) table.set(Number(entry), stat);
  }
  return table;
}

/** The processes of each part: the app's process tree, this database's backends, the limiter's. */
async function cpuParts(probe: CpuProbe): Promise<Record<keyof Cpu, Map<number, number>>> {
  const table = processTable();
  const tree = (roots: number[]) => {
    const pids = new Map<number, number>();
    const pending = [...roots];
    while (pending.length) {
      const pid = pending.pop()!;
      if (pids.has(pid) || !table.has(pid)) continue;
      pids.set(pid, table.get(pid)!.cpuMs);
      for (const [child, { parent }] of table) if (parent === pid) pending.push(child);
    }
    return pids;
  };
  const redis = [...table].filter(([, { command }]) => command === "redis-server").map(([pid]) => pid);
  return { app: tree(probe.app), db: tree(await probe.databasePids()), limiter: tree([...probe.limiter, ...redis]) };
}

/** CPU used since `before` by the processes alive now (pool connections come and go). */
function cpuSince(before: Awaited<ReturnType<typeof cpuParts>>, after: Awaited<ReturnType<typeof cpuParts>>): Cpu {
  const used = (part: keyof Cpu) => [...after[part]].reduce((sum, [pid, ms]) => sum + ms - (before[part].get(pid) ?? 0), 0);
  return { app: used("app"), db: used("db"), limiter: used("limiter") };
}

type CpuProbe = { app: number[]; limiter: number[]; databasePids: () => Promise<number[]> };

/**
 * One autocannon run, bounded by time and by count. Every request carries the next key of the
 * pool (every route, so the client does the same work for each). Latency is measured per
 * response in fractional milliseconds (autocannon's own histogram keeps whole milliseconds).
 */
async function load(url: string, route: string, fixtures: Fixtures, connections: number, seconds: number, into: Sample, probe?: CpuProbe): Promise<void> {
  const before = probe ? await cpuParts(probe) : undefined;
  await loadOnce(url, route, fixtures, connections, seconds, into);
  if (probe && before) {
    const used = cpuSince(before, await cpuParts(probe));
    for (const part of ["app", "db", "limiter"] as const) into.cpu[part] += used[part];
  }
}

function loadOnce(
  url: string,
  route: string,
  fixtures: Fixtures,
  connections: number,
  seconds: number,
  into: Sample,
  maxRequests = Math.ceil(seconds * MAX_REQUESTS_PER_SECOND),
): Promise<void> {
  let next = 0;
  const started = performance.now();
  let last = started;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        connections,
        duration: seconds,
        maxOverallRequests: maxRequests,
        timeout: 10,
        headers: { "x-practice-group-id": fixtures.practiceGroupId },
        requests: [
          {
            method: "GET",
            path: route,
            setupRequest: (request) => ({ ...request, headers: { ...request.headers, "x-api-key": fixtures.keys[next++ % fixtures.keys.length] } }),
          },
        ],
      },
      (error, result) => {
        if (error) return reject(error);
        into.seconds += (last - started) / 1000;
        into.errors += result.errors + result.timeouts;
        resolve();
      },
    );
    instance.on("response", (_client: unknown, status: number, _bytes: number, milliseconds: number) => {
      last = performance.now();
      into.responses += 1;
      into.latencies.push(milliseconds);
      into.statuses.set(status, (into.statuses.get(status) ?? 0) + 1);
    });
  });
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function summarize(sample: Sample) {
  const sorted = Float64Array.from(sample.latencies).sort();
  const values = Array.from(sorted);
  const non2xx = [...sample.statuses].filter(([status]) => status < 200 || status > 299).reduce((sum, [, n]) => sum + n, 0);
  return {
    rps: sample.responses / sample.seconds,
    p50: percentile(values, 50),
    p99: percentile(values, 99),
    responses: sample.responses,
    non2xx,
    limited: sample.statuses.get(429) ?? 0,
    errors: sample.errors,
    cpuPerRequest: { app: sample.cpu.app / sample.responses, db: sample.cpu.db / sample.responses, limiter: sample.cpu.limiter / sample.responses },
  };
}

type Backend = { name: "memory" | "upstash"; keys: number; app: AppServer; probe: CpuProbe };
const API_ROUTE = "/api/v1/practice-groups";
const BASELINE_ROUTE = "/api/bench/practice-groups";
/** The baseline through middleware.ts, which passes it on untouched: Next's middleware pipeline alone. */
const THROUGH_MIDDLEWARE_ROUTE = "/api/bench/practice-groups/through-middleware";
/** A constant answer: no database, no key, no middleware. The floor Next.js itself sets. */
const CONSTANT_ROUTE = "/api/bench/constant";
/** What each row measures, by the name its figures go under. */
const ROUTES = { constant: CONSTANT_ROUTE, baseline: BASELINE_ROUTE, through: THROUGH_MIDDLEWARE_ROUTE, api: API_ROUTE } as const;
type RouteName = keyof typeof ROUTES;

/** The three routes must answer 200 with the same body before anything is measured. */
async function checkRoutes(backend: Backend, fixtures: Fixtures) {
  const headers = { "x-practice-group-id": fixtures.practiceGroupId };
  const api = await fetch(backend.app.url + API_ROUTE, { headers: { ...headers, "x-api-key": fixtures.keys[0] } });
  const baseline = await fetch(backend.app.url + BASELINE_ROUTE, { headers });
  const through = await fetch(backend.app.url + THROUGH_MIDDLEWARE_ROUTE, { headers });
  const constant = await fetch(backend.app.url + CONSTANT_ROUTE, { headers });
  const [apiBody, baselineBody, throughBody] = [await api.text(), await baseline.text(), await through.text()];
  if (api.status !== 200 || baseline.status !== 200 || through.status !== 200 || apiBody !== baselineBody || throughBody !== baselineBody) {
    throw new Error(`${backend.name}: the routes do not answer alike (API ${api.status}, baseline ${baseline.status}, through middleware ${through.status})`);
  }
  if (constant.status !== 200) throw new Error(`${backend.name}: ${CONSTANT_ROUTE} answered ${constant.status}`);
  // The limiter must really count (a failing Upstash would fail open and count nothing). Three
  // answers: at most one pair straddles a new minute, where the sliding window may not move.
  const remaining = [Number(api.headers.get("x-ratelimit-remaining"))];
  for (let i = 0; i < 2; i++) {
    const again = await fetch(backend.app.url + API_ROUTE, { headers: { ...headers, "x-api-key": fixtures.keys[0] } });
    remaining.push(Number(again.headers.get("x-ratelimit-remaining")));
  }
  if (api.headers.get("x-ratelimit-limit") !== "300" || !(remaining[1] < remaining[0] || remaining[2] < remaining[1])) {
    throw new Error(`${backend.name}: the limiter does not count (X-RateLimit-Remaining ${remaining.join(" → ")})`);
  }
}

async function warmUp(backend: Backend, fixtures: Fixtures) {
  for (const route of Object.values(ROUTES)) {
    const sample = emptySample();
    await loadOnce(backend.app.url, route, fixtures, 10, WARM_UP_MAX_SECONDS, sample, options.warmUp);
  }
}

type Summary = ReturnType<typeof summarize>;
type Row = { backend: Backend["name"]; keys: number; connections: number } & Record<RouteName, Summary>;

/**
 * One limiter at one connection count, on every key count's instance together: each round loads
 * every instance and route in turn, reversing the order every other round, so drift of this
 * shared machine lands on all of them alike instead of on whichever key count came first.
 */
async function measure(backends: Backend[], fixtures: Fixtures, connections: number): Promise<Row[]> {
  const names = Object.keys(ROUTES) as RouteName[];
  const samples = backends.map(() => new Map(names.map((name) => [name, emptySample()])));
  for (let round = 0; round < options.rounds; round++) {
    const slots = backends.flatMap((backend, i) => names.map((name) => ({ backend, route: ROUTES[name], sample: samples[i].get(name)! })));
    if (round % 2 === 1) slots.reverse();
    for (const { backend, route, sample } of slots) await load(backend.app.url, route, fixtures, connections, options.duration, sample, backend.probe);
  }
  return backends.map((backend, i) => ({
    backend: backend.name,
    keys: backend.keys,
    connections,
    constant: summarize(samples[i].get("constant")!),
    baseline: summarize(samples[i].get("baseline")!),
    through: summarize(samples[i].get("through")!),
    api: summarize(samples[i].get("api")!),
  }));
}

/**
 * What the key lookup reads at this key count: the unique index probe on api_keys."keyHash"
 * (EXPLAIN ANALYZE, BUFFERS, of a bench key, warm), i.e. why the number of keys barely matters.
 */
async function lookupPlan(databaseUrl: string, fixtures: Fixtures, keys: number): Promise<LookupRow> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    type Plan = { Plan: { "Node Type": string; "Index Name"?: string; "Shared Hit Blocks": number; "Shared Read Blocks": number }; "Execution Time": number };
    const explain = () =>
      client.query<{ "QUERY PLAN": Plan[] }>(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) SELECT id FROM api_keys WHERE "keyHash" = $1`, [
        keyHashOf(fixtures.keys[0]),
      ]);
    await explain();
    const [{ Plan: plan, "Execution Time": executionMs }] = (await explain()).rows[0]["QUERY PLAN"];
    return { keys, node: `${plan["Node Type"]} on ${plan["Index Name"] ?? "?"}`, pages: plan["Shared Hit Blocks"] + plan["Shared Read Blocks"], executionMs };
  } finally {
    await client.end();
  }
}

type LookupRow = { keys: number; node: string; pages: number; executionMs: number };

// ── Report ────────────────────────────────────────────────────────────────────────────────

const ms = (value: number) => value.toFixed(2);
const HEADER = [
  "Limiter  Keys in DB  Conns │ Baseline req/s  p50 ms  p99 ms │ API req/s  p50 ms  p99 ms │ Ratio  +p50 ms  +p99 ms │ API non-2xx  429s  errors",
  "───────  ──────────  ─────   ──────────────  ──────  ──────   ─────────  ──────  ──────   ─────  ───────  ───────   ───────────  ────  ──────",
];

function formatRow({ backend, keys, connections, baseline, api }: Row): string {
  return [
    backend.padEnd(7),
    keys.toLocaleString("en-GB").padStart(10),
    String(connections).padStart(5),
    "│",
    baseline.rps.toFixed(0).padStart(14),
    ms(baseline.p50).padStart(6),
    ms(baseline.p99).padStart(6),
    "│",
    api.rps.toFixed(0).padStart(9),
    ms(api.p50).padStart(6),
    ms(api.p99).padStart(6),
    "│",
    (api.rps / baseline.rps).toFixed(2).padStart(5),
    ms(api.p50 - baseline.p50).padStart(7),
    ms(api.p99 - baseline.p99).padStart(7),
    "│",
    String(api.non2xx).padStart(11),
    String(api.limited).padStart(4),
    String(api.errors + baseline.errors).padStart(6),
  ].join("  ");
}

const CPU_HEADER = [
  "Limiter  Keys in DB  Conns │ Baseline CPU ms/request: app   db  limiter │ API CPU ms/request: app   db  limiter │ Added: app   db  limiter  total",
  "───────  ──────────  ─────   ───────────────────────────────────────────   ──────────────────────────────────────   ────────────────────────────",
];

function formatCpuRow({ backend, keys, connections, baseline, api }: Row): string {
  const three = (cpu: Row["api"]["cpuPerRequest"]) => [cpu.app, cpu.db, cpu.limiter].map((value) => value.toFixed(2).padStart(5)).join("  ");
  const b = baseline.cpuPerRequest;
  const a = api.cpuPerRequest;
  const added = { app: a.app - b.app, db: a.db - b.db, limiter: a.limiter - b.limiter };
  return [
    backend.padEnd(7),
    keys.toLocaleString("en-GB").padStart(10),
    String(connections).padStart(5),
    "│",
    " ".repeat(22) + three(b),
    "│",
    " ".repeat(17) + three(a),
    "│",
    " ".repeat(4) + three(added),
    (added.app + added.db + added.limiter).toFixed(2).padStart(5),
  ].join("  ");
}

const SPLIT_HEADER = [
  "Limiter  Keys in DB  Conns │ Middleware pipeline alone: req/s ratio  +p50 ms  +app CPU ms │ Key check and limit: req/s ratio  +p50 ms  +app CPU ms  +db  +limiter",
  "───────  ──────────  ─────   ─────────────────────────────────────────────────────────────   ────────────────────────────────────────────────────────────────────",
];

/** The added cost split in two: reaching the route through middleware.ts at all, and the work ours does there and in withApiKey. */
function formatSplitRow({ backend, keys, connections, baseline, through, api }: Row): string {
  const [b, t, a] = [baseline.cpuPerRequest, through.cpuPerRequest, api.cpuPerRequest];
  return [
    backend.padEnd(7),
    keys.toLocaleString("en-GB").padStart(10),
    String(connections).padStart(5),
    "│",
    (through.rps / baseline.rps).toFixed(2).padStart(38),
    ms(through.p50 - baseline.p50).padStart(7),
    ms(t.app - b.app).padStart(11),
    "│",
    (api.rps / through.rps).toFixed(2).padStart(32),
    ms(api.p50 - through.p50).padStart(7),
    ms(a.app - t.app).padStart(11),
    ms(a.db - t.db).padStart(4),
    ms(a.limiter - t.limiter).padStart(8),
  ].join("  ");
}

const FLOOR_HEADER = [
  "Limiter  Keys in DB  Conns │ Constant req/s  app CPU ms │ Share of the constant route's req/s: baseline  through middleware  API",
  "───────  ──────────  ─────   ──────────────  ──────────   ─────────────────────────────────────────────────────────────────────",
];

/** Every route's throughput against the constant route's on the same instance: what Next.js itself leaves. */
function formatFloorRow({ backend, keys, connections, constant, baseline, through, api }: Row): string {
  return [
    backend.padEnd(7),
    keys.toLocaleString("en-GB").padStart(10),
    String(connections).padStart(5),
    "│",
    constant.rps.toFixed(0).padStart(14),
    ms(constant.cpuPerRequest.app).padStart(10),
    "│",
    (baseline.rps / constant.rps).toFixed(2).padStart(45),
    (through.rps / constant.rps).toFixed(2).padStart(18),
    (api.rps / constant.rps).toFixed(2).padStart(4),
  ].join("  ");
}

/** Issue 17's targets: against Next's floor, and for the key check and limit against the pass-through. */
const TARGETS = {
  /** API req/s ÷ constant route req/s at 10 connections. */
  shareOfConstant: { memory: 0.5, upstash: 0.45 },
  /** API req/s ÷ through-middleware req/s, by connections. */
  keyCheckRatio: { 1: 0.8, 10: 0.9 } as Record<number, number>,
  /** API app CPU − through-middleware app CPU per request at 1 connection, ms. */
  addedAppCpuMs: { memory: 0.5, upstash: 1.5 },
};

function verdicts(rows: Row[]): string[] {
  const lines: string[] = [];
  const mark = (ok: boolean) => (ok ? "met   " : "MISSED");
  for (const row of rows) {
    const label = `${row.backend}, ${row.keys.toLocaleString("en-GB")} keys, ${row.connections} conn`;
    if (row.connections === 10) {
      const share = row.api.rps / row.constant.rps;
      const target = TARGETS.shareOfConstant[row.backend];
      lines.push(`${mark(share >= target)} API ≥ ${target} of the constant route's req/s at 10 connections (${label}): ${share.toFixed(2)}`);
    }
    const ratioTarget = TARGETS.keyCheckRatio[row.connections];
    if (ratioTarget !== undefined) {
      const ratio = row.api.rps / row.through.rps;
      lines.push(`${mark(ratio >= ratioTarget)} key check and limit: API ≥ ${ratioTarget} of through-middleware req/s (${label}): ${ratio.toFixed(2)}`);
    }
    if (row.connections === 1) {
      const added = row.api.cpuPerRequest.app - row.through.cpuPerRequest.app;
      const target = TARGETS.addedAppCpuMs[row.backend];
      lines.push(`${mark(added <= target)} key check and limit: added app CPU ≤ ${target} ms a request at 1 connection (${label}): ${ms(added)} ms`);
    }
  }
  const [few, many] = [Math.min(...options.keyCounts), Math.max(...options.keyCounts)];
  if (few !== many) {
    for (const small of rows.filter((row) => row.keys === few)) {
      const large = rows.find((row) => row.keys === many && row.backend === small.backend && row.connections === small.connections);
      if (!large) continue;
      const change = large.api.p50 / small.api.p50 - 1;
      const label = `${small.backend}, ${small.connections} conn`;
      lines.push(
        `${mark(Math.abs(change) < 0.1)} API p50 with ${many.toLocaleString("en-GB")} vs ${few.toLocaleString("en-GB")} keys within 10 % (${label}): ${ms(small.api.p50)} → ${ms(large.api.p50)} ms (${(change * 100).toFixed(1)} %)`,
      );
    }
  }
  return lines;
}

function machine(): string {
  const cpus = os.cpus();
  const load = os
    .loadavg()
    .map((value) => value.toFixed(2))
    .join(" ");
  return `${cpus.length} × ${cpus[0]?.model ?? "unknown CPU"}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.type()} ${os.release()}; load average ${load}`;
}

// ── Bad-input run (scripts/bad-input.ts, when present) ────────────────────────────────────

type BadInputRun = (options: { baseUrl: string; count: number; seed: number; apiKeys: Array<{ key: string; practiceGroupId: string }> }) => Promise<{
  sent: number;
  byStatus: Record<string, number>;
  byCode: Record<string, number>;
  /** The first few failures, keys masked; failureCount (when given) counts them all. */
  failures: unknown[];
  failureCount?: number;
}>;

/** The fuzzer's full-size run against each instance; skipped when the script is not in this tree. */
async function runBadInput(backends: Backend[], fixtures: Fixtures): Promise<boolean> {
  const file = path.resolve("scripts/bad-input.ts");
  if (!existsSync(file)) {
    console.log("\nBad-input run: skipped (scripts/bad-input.ts is not in this tree).");
    return true;
  }
  const { runBadInput: run } = (await import(pathToFileURL(file).href)) as { runBadInput: BadInputRun };
  const apiKeys = fixtures.keys.map((key) => ({ key, practiceGroupId: fixtures.practiceGroupId }));
  let ok = true;
  for (const backend of backends) {
    const result = await run({ baseUrl: backend.app.url, count: 10_000, seed: 1, apiKeys });
    const failures = result.failureCount ?? result.failures.length;
    ok &&= failures === 0;
    console.log(`\nBad-input run (${backend.name}): ${result.sent} sent, ${failures} failures`);
    console.log(`  by status: ${JSON.stringify(result.byStatus)}`);
    console.log(`  by code:   ${JSON.stringify(result.byCode)}`);
    for (const failure of result.failures.slice(0, 10)) console.log(`  failure: ${JSON.stringify(failure)}`);
  }
  return ok;
}

// ── Main ──────────────────────────────────────────────────────────────────────────────────

async function main() {
  ensureBuild();
  mkdirSync(RESULTS, { recursive: true });
  console.log(`Machine: ${machine()}`);
  const runId = randomBytes(4).toString("hex");

  const secrets = testSecrets();
  const seeded = await createSeededDatabase(secrets, "bench");
  cleanups.push({ label: "drop the seeded database", run: seeded.drop });
  Object.assign(process.env, secrets, { DATABASE_URL: seeded.url });
  const fixtures = await createFixtures(options.pool);
  // Every connection closed (Prisma's and the pool under it): a template must have none.
  await prisma.$disconnect();
  await sqlPool().end();
  console.log(`Database ${seeded.name}: seeded, ${fixtures.keys.length} bench keys issued`);

  // One database per key count, each a copy of the seeded one (the same bench keys work on all),
  // topped up with filler keys: the key counts can then be measured side by side, interleaved.
  const databases: Array<{ keys: number; url: string; name: string }> = [];
  for (const keys of options.keyCounts) {
    const copy = await copyTestDatabase(seeded.name, `bench_${keys}`);
    cleanups.push({ label: `drop ${copy.name}`, run: () => dropTestDatabase(copy.name) });
    await fillKeys(copy.url, fixtures, keys);
    databases.push({ keys, ...copy });
  }
  const lookups: LookupRow[] = [];
  for (const { keys, url } of databases) lookups.push(await lookupPlan(url, fixtures, keys));

  const prefix = `bench:${runId}`;
  cleanups.push({ label: "delete Redis keys", run: () => deleteRedisKeys(`${prefix}:`) });
  const redis = await spawnUpstashRestServer(randomBytes(24).toString("base64url"));
  cleanups.push({ label: "stop the Upstash REST server", run: () => stopProcess(redis.child) });

  // Node 20 refuses --cpu-prof in NODE_OPTIONS: it goes on the command line of the server.
  const profile = (name: string) => (options.profile ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(RESULTS, "profiles", name)}`] : []);
  const monitor = new pg.Client({ connectionString: seeded.url });
  await monitor.connect();
  cleanups.push({ label: "close the monitoring connection", run: () => monitor.end() });
  const databasePids = (name: string) => async () =>
    (await monitor.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE datname = $1", [name])).rows.map((row) => row.pid);
  const backends: Backend[] = [];
  for (const database of databases) {
    // A Redis prefix per database: the same bench keys must not share a limit across them.
    const env = { ...secrets, DATABASE_URL: database.url, RATE_LIMIT_PREFIX: `${prefix}:${database.keys}`, HERO_BENCH: "1" };
    for (const [name, limiter] of [
      ["memory", { UPSTASH_REDIS_REST_URL: "", UPSTASH_REDIS_REST_TOKEN: "" }],
      ["upstash", { UPSTASH_REDIS_REST_URL: redis.url, UPSTASH_REDIS_REST_TOKEN: redis.token }],
    ] as const) {
      const label = `${name}-${database.keys}`;
      const app = await startApp({ ...env, ...limiter }, label, profile(label));
      cleanups.push({ label: `stop the ${label} app`, run: app.stop });
      backends.push({
        name,
        keys: database.keys,
        app,
        probe: { app: [app.process.pid!], limiter: name === "upstash" ? [redis.child.pid!] : [], databasePids: databasePids(database.name) },
      });
    }
  }
  for (const backend of backends) await checkRoutes(backend, fixtures);
  for (const backend of backends) await warmUp(backend, fixtures);

  const rows: Row[] = [];
  for (const name of ["memory", "upstash"] as const) {
    for (const connections of options.connections) {
      for (const row of await measure(
        backends.filter((backend) => backend.name === name),
        fixtures,
        connections,
      )) {
        rows.push(row);
        console.log(`  ${formatRow(row)}`);
      }
    }
  }
  // Reading order: by key count, as the tables have always been.
  rows.sort((a, b) => a.keys - b.keys);

  console.log(`\nGET ${API_ROUTE} (valid key) vs GET ${BASELINE_ROUTE} (same queries, no key, no limit)`);
  console.log(
    `${options.rounds} rounds × ${options.duration} s per route and row, every key count's instances and routes in turn within a round; ${options.pool} keys in rotation; latency per response, in ms`,
  );
  console.log(`Machine: ${machine()}\n`);
  for (const line of [...HEADER, ...rows.map(formatRow)]) console.log(line);
  console.log(
    "\nCPU time per response (app: the server process; db: this database's PostgreSQL backends; limiter: the Upstash REST server and redis-server)\n",
  );
  for (const line of [...CPU_HEADER, ...rows.map(formatCpuRow)]) console.log(line);
  console.log(
    `\nWhere the added cost goes: the baseline through middleware.ts (${THROUGH_MIDDLEWARE_ROUTE}, passed on untouched) against the baseline, then the API against that\n`,
  );
  for (const line of [...SPLIT_HEADER, ...rows.map(formatSplitRow)]) console.log(line);
  console.log(`\nAgainst Next's floor: every route's throughput as a share of GET ${CONSTANT_ROUTE} (a constant answer: no database, no key, no middleware)\n`);
  for (const line of [...FLOOR_HEADER, ...rows.map(formatFloorRow)]) console.log(line);
  console.log('\nWhat the key lookup reads (EXPLAIN ANALYZE, BUFFERS of `SELECT id FROM api_keys WHERE "keyHash" = $1`, warm):');
  for (const { keys, node, pages, executionMs } of lookups)
    console.log(`  ${keys.toLocaleString("en-GB").padStart(10)} keys: ${node}, ${pages} pages, ${executionMs.toFixed(3)} ms`);
  console.log("");
  for (const line of verdicts(rows)) console.log(line);

  const failed = rows.some((row) => (Object.keys(ROUTES) as RouteName[]).some((name) => row[name].non2xx || row[name].errors));
  if (failed) console.log("\nSome requests failed or were refused: the figures above are not valid.");
  // Against the instances on the first key count's database: one per limiter.
  const badInputOk = options.badInput
    ? await runBadInput(
        backends.filter((backend) => backend.keys === options.keyCounts[0]),
        fixtures,
      )
    : true;
  if (options.profile) console.log(`\nCPU profiles: ${path.resolve(RESULTS, "profiles")} (written when the apps stop)`);
  return !failed && badInputOk;
}

main()
  .then(async (ok) => {
    await cleanUp();
    process.exit(ok ? 0 : 1);
  })
  .catch(async (error) => {
    console.error(error);
    await cleanUp();
    process.exit(1);
  });
