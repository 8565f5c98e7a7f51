// What the partner API's hot queries cost here, through Prisma (the engine-free client over the
// pg adapter) and through pg directly with the same SQL, and through the lib/ functions the API
// calls (one statement per event-loop turn, lib/batch.ts): CPU of this process and of this
// database's PostgreSQL backends per call, and calls a second, at 1 and 10 concurrent calls.
// One fresh seeded database, dropped at the end. The variants of a query run interleaved, round
// by round, so drift of a shared machine lands on all of them alike. See BENCHMARKS.md.
//   npx tsx scripts/bench-data-access.ts [--calls=2000] [--rounds=4] [--concurrency=1,10]

import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";

import type { PrismaClient as PrismaClientType } from "@/lib/generated/prisma/client";

import { createSeededDatabase, testSecrets } from "./e2e-environment";
import { cpuMsOf } from "./process-cpu";

const option = (name: string, fallback: string) => process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const calls = Number(option("calls", "2000"));
const rounds = Number(option("rounds", "4"));
const concurrencies = option("concurrency", "1,10").split(",").map(Number);

type Variant = { name: string; call: () => Promise<unknown> };
type Totals = { micros: number; dbMs: number; seconds: number; count: number };

const secrets = testSecrets();
const seeded = await createSeededDatabase(secrets, "dataaccess");
// lib/db.ts reads it on first use: the lib/ functions run on their own pool, as in the server.
process.env.DATABASE_URL = seeded.url;
const { PrismaClient } = await import("@/lib/generated/prisma/client");
// The statements the API runs, imported so this always measures them.
const { verifyKeyHash, KEY_BY_HASH: KEY_SQL } = await import("@/lib/api-keys");
const { getPracticeGroupWithNetworks, PRACTICE_GROUP_BY_ID: LISTING_SQL } = await import("@/lib/practice-groups");
const { getNetworkPeer, NETWORK_PEER: MEMBERSHIP_SQL } = await import("@/lib/networks");
const { sqlPool } = await import("@/lib/db");
const pool = new pg.Pool({ connectionString: seeded.url, max: 10, idleTimeoutMillis: 0 });
const prisma: PrismaClientType = new PrismaClient({ adapter: new PrismaPg(pool) });
const monitor = new pg.Client({ connectionString: seeded.url });
await monitor.connect();
const backends = async () =>
  (await monitor.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")).rows.map(
    (row) => row.pid,
  );

async function measure(variant: Variant, concurrency: number, count: number, into?: Totals) {
  const dbBefore = new Map((await backends()).map((pid) => [pid, cpuMsOf(pid)]));
  let next = 0;
  const cpu = process.cpuUsage();
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < count) await variant.call();
    }),
  );
  const used = process.cpuUsage(cpu);
  const seconds = (performance.now() - start) / 1000;
  if (!into) return;
  into.micros += used.user + used.system;
  // Backends alive now (the pool opens and closes connections): CPU since before, or since they started.
  for (const pid of await backends()) into.dbMs += cpuMsOf(pid) - (dbBefore.get(pid) ?? 0);
  into.seconds += seconds;
  into.count += count;
}

try {
  const riverside = await prisma.practiceGroup.findUniqueOrThrow({ where: { code: "A81001" } });
  const [member] = await prisma.networkMember.findMany({
    where: { network: { members: { some: { practiceGroupId: riverside.id } } }, NOT: { practiceGroupId: riverside.id } },
  });
  const key = await prisma.apiKey.findFirstOrThrow({ select: { keyHash: true } });
  // Concurrent calls name different keys, as different partners' requests do: 20 user keys more.
  const owner = await prisma.user.findFirstOrThrow({ where: { practiceGroupId: riverside.id } });
  await pool.query(
    `INSERT INTO api_keys (id, kind, environment, "practiceGroupId", "ownerUserId", name, description, scopes, "keyHash", "displayKey")
     SELECT gen_random_uuid(), 'USER', 'test', $1, $2, 'Bench', '', '{}', h, 'hero_test_…' || right(h, 4)
     FROM generate_series(1, 20) AS i, LATERAL (SELECT encode(sha256(convert_to('bench-data-access-' || i, 'UTF8')), 'hex') AS h) AS hashed`,
    [riverside.id, owner.id],
  );
  const keyHashes = (await prisma.apiKey.findMany({ select: { keyHash: true } })).map((row) => row.keyHash);
  let nextKey = 0;
  const include = {
    networks: { include: { network: { include: { members: { include: { practiceGroup: { select: { id: true, name: true, code: true } } } } } } } },
  } as const;
  const groups: Array<[string, Variant[]]> = [
    [
      "GET /practice-groups: the practice group, its networks and their members",
      [
        {
          name: "Prisma findUniqueOrThrow, nested include (5 statements)",
          call: () => prisma.practiceGroup.findUniqueOrThrow({ where: { id: riverside.id }, include }),
        },
        { name: "Prisma $queryRawUnsafe, one statement", call: () => prisma.$queryRawUnsafe(LISTING_SQL, riverside.id) },
        { name: "pg, one statement", call: () => pool.query(LISTING_SQL, [riverside.id]) },
        { name: "pg, one statement, prepared", call: () => pool.query({ name: "listing", text: LISTING_SQL, values: [riverside.id] }) },
        { name: "lib/practice-groups.ts (prepared, one per turn)", call: () => getPracticeGroupWithNetworks(riverside.id) },
      ],
    ],
    [
      "Network membership (a call for another practice group)",
      [
        {
          name: "Prisma networkMember.findFirst (2 statements)",
          call: () =>
            prisma.networkMember.findFirst({
              where: { practiceGroupId: member.practiceGroupId, network: { members: { some: { practiceGroupId: riverside.id } } } },
              select: { practiceGroup: { select: { id: true, name: true, code: true } } },
            }),
        },
        { name: "Prisma $queryRawUnsafe, one statement", call: () => prisma.$queryRawUnsafe(MEMBERSHIP_SQL, member.practiceGroupId, riverside.id) },
        { name: "pg, one statement", call: () => pool.query(MEMBERSHIP_SQL, [member.practiceGroupId, riverside.id]) },
        {
          name: "pg, one statement, prepared",
          call: () => pool.query({ name: "membership", text: MEMBERSHIP_SQL, values: [member.practiceGroupId, riverside.id] }),
        },
        { name: "lib/networks.ts getNetworkPeer (prepared)", call: () => getNetworkPeer(member.practiceGroupId, riverside.id) },
      ],
    ],
    [
      "Key lookup (every request)",
      [
        { name: "Prisma $queryRawUnsafe", call: () => prisma.$queryRawUnsafe(KEY_SQL, key.keyHash) },
        { name: "pg", call: () => pool.query(KEY_SQL, [key.keyHash]) },
        { name: "pg, prepared", call: () => pool.query({ name: "key", text: KEY_SQL, values: [key.keyHash] }) },
        {
          name: `lib/api-keys.ts verifyKeyHash, ${keyHashes.length} keys (one per turn)`,
          call: () => verifyKeyHash(keyHashes[nextKey++ % keyHashes.length]),
        },
      ],
    ],
  ];

  console.log(`${calls} calls a variant and round, ${rounds} rounds interleaved; Node ${process.version}`);
  console.log(`${"Query / variant".padEnd(62)}  Conc.  app CPU µs/call  db CPU µs/call  calls/s`);
  for (const [title, variants] of groups) {
    console.log(title);
    for (const concurrency of concurrencies) {
      for (const variant of variants) await measure(variant, concurrency, calls / 4);
      const totals = variants.map((): Totals => ({ micros: 0, dbMs: 0, seconds: 0, count: 0 }));
      for (let round = 0; round < rounds; round++) {
        const order = variants.map((_, i) => i);
        if (round % 2) order.reverse();
        for (const i of order) await measure(variants[i], concurrency, calls, totals[i]);
      }
      variants.forEach((variant, i) => {
        const { micros, dbMs, seconds, count } = totals[i];
        console.log(
          `  ${variant.name.padEnd(60)}  ${String(concurrency).padStart(5)}  ${(micros / count).toFixed(0).padStart(15)}  ${((dbMs * 1000) / count).toFixed(0).padStart(14)}  ${(count / seconds).toFixed(0).padStart(7)}`,
        );
      });
    }
  }
} finally {
  await monitor.end();
  await prisma.$disconnect();
  await pool.end();
  await sqlPool().end();
  await seeded.drop();
}
