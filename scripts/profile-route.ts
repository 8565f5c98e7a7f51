// One route at a time, alone on its own instance (the standalone server, bench mode), loaded
// with autocannon and profiled (node --cpu-prof): what `npm run bench` cannot split, as it loads
// every route on each instance. Prints each route's req/s, p50 and app CPU per request, and the
// time window of the measured run, for reading the profile without start-up and warm-up.
// The seeded database it creates is dropped at the end. See BENCHMARKS.md.
//   npx tsx scripts/profile-route.ts [--routes=api,through] [--connections=1] [--seconds=10] [--upstash] [--no-profile]
import { randomBytes } from "node:crypto";
import path from "node:path";

import autocannon, { type Result } from "autocannon";
import pg from "pg";

import { prisma, sqlPool } from "@/lib/db";
import { connectPartner } from "@/lib/partners";

import { createSeededDatabase, startApp, testSecrets } from "./e2e-environment";
import { cpuMsOf, processStat } from "./process-cpu";
import { deleteRedisKeys, spawnUpstashRestServer } from "./upstash-rest-server";

const ROUTES: Record<string, string> = {
  api: "/api/v1/practice-groups",
  through: "/api/bench/practice-groups/through-middleware",
  baseline: "/api/bench/practice-groups",
  constant: "/api/bench/constant",
};
const WARM_UP_REQUESTS = 3_000;
const KEYS = 100;

const args = new Map(process.argv.slice(2).map((arg) => arg.replace(/^--/, "").split("=") as [string, string | undefined]));
const routes = (args.get("routes") ?? "api,through").split(",");
const connections = Number(args.get("connections") ?? 1);
const seconds = Number(args.get("seconds") ?? 10);

/** The clock V8's profiles use (CLOCK_MONOTONIC), in µs. */
const monotonicMicros = () => process.hrtime.bigint() / 1000n;

function load(url: string, route: string, keys: string[], practiceGroupId: string, limit: { duration: number } | { amount: number }) {
  let next = 0;
  return new Promise<Result>((resolve, reject) =>
    autocannon(
      {
        url,
        connections,
        ...limit,
        headers: { "x-practice-group-id": practiceGroupId },
        requests: [
          { method: "GET", path: route, setupRequest: (request) => ({ ...request, headers: { ...request.headers, "x-api-key": keys[next++ % keys.length] } }) },
        ],
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    ),
  );
}

async function issueKeys(practiceGroupCode: string): Promise<{ keys: string[]; practiceGroupId: string }> {
  const practice = await prisma.practiceGroup.findUniqueOrThrow({ where: { code: practiceGroupCode } });
  const admin = await prisma.user.findUniqueOrThrow({ where: { username: "pshah" } });
  const { scopes } = await prisma.partner.findUniqueOrThrow({ where: { slug: "triagefirst" } });
  await prisma.partner.createMany({
    data: Array.from({ length: KEYS }, (_, i) => ({ name: `Profile partner ${i}`, slug: `profile-partner-${i}`, description: "Profile", scopes })),
  });
  const keys: string[] = [];
  for (const partner of await prisma.partner.findMany({ where: { slug: { startsWith: "profile-partner-" } } }))
    keys.push((await connectPartner({ practiceGroupId: practice.id, partnerId: partner.id, actor: { id: admin.id, name: admin.name } })).key);
  return { keys, practiceGroupId: practice.id };
}

async function main() {
  const secrets = testSecrets();
  const seeded = await createSeededDatabase(secrets, "profile");
  Object.assign(process.env, secrets, { DATABASE_URL: seeded.url });
  const prefix = `profile:${randomBytes(4).toString("hex")}`;
  // Samples this database's backends (its own included: one idle query a sample).
  const monitor = new pg.Client({ connectionString: seeded.url });
  let monitoring = false;
  const redis = args.has("upstash") ? await spawnUpstashRestServer(randomBytes(24).toString("base64url")) : null;
  try {
    const { keys, practiceGroupId } = await issueKeys("A81001");
    await prisma.$disconnect();
    await sqlPool().end();
    await monitor.connect();
    monitoring = true;
    const databaseCpuMs = async () => {
      const { rows } = await monitor.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE datname = current_database()");
      // Only a PostgreSQL on this machine's process table can be read; elsewhere the column says so.
      const local = rows.flatMap(({ pid }) => {
        const stat = processStat(pid);
        return stat?.command.startsWith("postgres") ? [[pid, stat.cpuMs] as const] : [];
      });
      return local.length ? new Map(local) : null;
    };
    const limiter = redis
      ? { UPSTASH_REDIS_REST_URL: redis.url, UPSTASH_REDIS_REST_TOKEN: redis.token }
      : { UPSTASH_REDIS_REST_URL: "", UPSTASH_REDIS_REST_TOKEN: "" };
    for (const [i, name] of routes.entries()) {
      const dir = path.resolve("test-results/profile", `${i}-${name}`);
      const flags = args.has("no-profile") ? [] : ["--cpu-prof", `--cpu-prof-dir=${dir}`];
      const env = { ...secrets, ...limiter, DATABASE_URL: seeded.url, HERO_BENCH: "1", RATE_LIMIT_PREFIX: `${prefix}:${i}` };
      const app = await startApp(env, name, flags);
      try {
        await load(app.url, ROUTES[name], keys, practiceGroupId, { amount: WARM_UP_REQUESTS });
        const [from, cpuBefore, dbBefore] = [monotonicMicros(), cpuMsOf(app.process.pid!), await databaseCpuMs()];
        const result = await load(app.url, ROUTES[name], keys, practiceGroupId, { duration: seconds });
        const [to, used, dbAfter] = [monotonicMicros(), cpuMsOf(app.process.pid!) - cpuBefore, await databaseCpuMs()];
        // Backends that came and went during the run are missed: the pool keeps its connections.
        const dbUsed = dbBefore && dbAfter ? [...dbAfter].reduce((sum, [pid, ms]) => sum + ms - (dbBefore.get(pid) ?? 0), 0) : null;
        const { total, average } = result.requests;
        console.log(
          `${name}: ${average} req/s, p50 ${result.latency.p50} ms, app CPU ${(used / total).toFixed(2)} ms a request, ` +
            `database CPU ${dbUsed === null ? "not on this machine" : `${(dbUsed / total).toFixed(2)} ms a request`}, non-2xx ${result.non2xx}` +
            (flags.length ? `; profile ${dir}, window ${from},${to},${total}` : ""),
        );
      } finally {
        await app.stop();
      }
    }
  } finally {
    if (monitoring) await monitor.end();
    if (redis) {
      redis.child.kill();
      await deleteRedisKeys(`${prefix}:`);
    }
    await seeded.drop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
