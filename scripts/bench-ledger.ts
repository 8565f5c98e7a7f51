// npm run bench (second part): what the API access ledger costs. Two standalone servers on one
// seeded database, in-process limiter, the ledger on in one and off in the other (bench mode
// only: HERO_BENCH=1 BENCH_LEDGER=off); autocannon loads GET /api/v1/practice-groups with 200
// keys at 1 and 10 connections, the two servers interleaved round by round. See BENCHMARKS.md.
//   npx tsx scripts/bench-ledger.ts [--rounds=6] [--duration=3]
import autocannon from "autocannon";

import { createSeededDatabase, startApp, testSecrets, type AppServer } from "./e2e-environment";

const option = (name: string, fallback: string) => process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const rounds = Number(option("rounds", "6"));
const duration = Number(option("duration", "3"));
const KEYS = 200;

const secrets = testSecrets();
const database = await createSeededDatabase(secrets, "bench_ledger");
Object.assign(process.env, secrets, { DATABASE_URL: database.url });
const { prisma } = await import("@/lib/db");
const { connectPartner } = await import("@/lib/partners");
const { createPartner, createPracticeGroup, createUser, actorOf } = await import("../tests/support/records");

const servers: AppServer[] = [];
try {
  const practice = await createPracticeGroup("bench");
  const actor = actorOf(await createUser(practice.id));
  const keys: string[] = [];
  for (let i = 0; i < KEYS; i++) keys.push((await connectPartner({ practiceGroupId: practice.id, partnerId: (await createPartner()).id, actor })).key);

  const common = { HERO_BENCH: "1", UPSTASH_REDIS_REST_URL: "", UPSTASH_REDIS_REST_TOKEN: "", ...secrets, DATABASE_URL: database.url };
  const on = await startApp({ ...common, BENCH_LEDGER: "on" }, "ledger-on");
  const off = await startApp({ ...common, BENCH_LEDGER: "off" }, "ledger-off");
  servers.push(on, off);

  const run = (url: string, connections: number) =>
    new Promise<{ responses: number; seconds: number; latencies: number[]; non2xx: number }>((resolve, reject) => {
      let next = 0;
      const latencies: number[] = [];
      let non2xx = 0;
      const started = performance.now();
      const instance = autocannon(
        {
          url,
          connections,
          duration,
          headers: { "x-practice-group-id": practice.id },
          requests: [
            {
              method: "GET",
              path: "/api/v1/practice-groups",
              setupRequest: (request) => ({ ...request, headers: { ...request.headers, "x-api-key": keys[next++ % KEYS] } }),
            },
          ],
        },
        (error) => (error ? reject(error) : resolve({ responses: latencies.length, seconds: (performance.now() - started) / 1000, latencies, non2xx })),
      );
      instance.on("response", (_client: unknown, status: number, _bytes: number, ms: number) => {
        latencies.push(ms);
        if (status !== 200) non2xx += 1;
      });
    });

  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
  console.log(`Ledger on vs off: GET /api/v1/practice-groups, ${KEYS} keys, ${rounds} rounds of ${duration} s each, interleaved; Node ${process.version}`);
  console.log("Connections  Ledger  req/s (median of rounds)  p50 ms  non-2xx");
  for (const connections of [1, 10]) {
    const results = { on: [] as number[], off: [] as number[] };
    const p50 = { on: [] as number[], off: [] as number[] };
    const errors = { on: 0, off: 0 };
    await run(on.url, connections);
    await run(off.url, connections);
    for (let round = 0; round < rounds; round++) {
      for (const [name, server] of round % 2
        ? ([
            ["off", off],
            ["on", on],
          ] as const)
        : ([
            ["on", on],
            ["off", off],
          ] as const)) {
        const result = await run(server.url, connections);
        results[name].push(result.responses / result.seconds);
        p50[name].push(median(result.latencies));
        errors[name] += result.non2xx;
      }
    }
    for (const name of ["on", "off"] as const) {
      console.log(
        `${String(connections).padStart(11)}  ${name.padEnd(6)}  ${median(results[name]).toFixed(0).padStart(24)}  ${median(p50[name]).toFixed(2).padStart(6)}  ${String(errors[name]).padStart(7)}`,
      );
    }
    console.log(
      `${"".padStart(11)}  ratio   ${(median(results.on) / median(results.off)).toFixed(3).padStart(24)}  ${(median(p50.on) - median(p50.off)).toFixed(2).padStart(6)} ms added`,
    );
  }
  const [{ rows }] = await prisma.$queryRaw<{ rows: number }[]>`SELECT count(*)::int AS rows FROM api_requests`;
  console.log(`Ledger rows written by the "on" server: ${rows.toLocaleString("en-GB")}`);
  await measureSigkill(on, keys, practice.id);
} finally {
  await Promise.all(servers.map((server) => server.stop().catch(() => {})));
  await prisma.$disconnect();
  await database.drop();
}

/**
 * What a SIGKILL loses: ten clients load the server for 3 s, it is killed mid-load, and every
 * request it answered (by x-request-id) is looked for in the ledger once the writes have settled.
 */
async function measureSigkill(server: AppServer, keys: string[], practiceGroupId: string) {
  const answered: { id: string; at: number }[] = [];
  let killedAt = 0;
  const client = async (n: number) => {
    for (let i = n; !killedAt; i += 10) {
      try {
        const response = await fetch(`${server.url}/api/v1/practice-groups`, {
          headers: { "x-api-key": keys[i % keys.length], "x-practice-group-id": practiceGroupId },
        });
        await response.arrayBuffer();
        const id = response.headers.get("x-request-id");
        if (response.ok && id) answered.push({ id, at: performance.now() });
      } catch {
        return;
      }
    }
  };
  const clients = Array.from({ length: 10 }, (_, n) => client(n));
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  killedAt = performance.now();
  server.process.kill("SIGKILL");
  await Promise.all(clients);
  const ids = answered.map((answer) => answer.id);
  const found = new Set(
    (await prisma.$queryRaw<{ requestId: string }[]>`SELECT "requestId" FROM api_requests WHERE "requestId" = ANY(${ids}::text[])`).map((row) => row.requestId),
  );
  const lost = answered.filter((answer) => !found.has(answer.id));
  const span = lost.length ? (killedAt - Math.min(...lost.map((answer) => answer.at))) / 1000 : 0;
  console.log(
    `SIGKILL under load: ${answered.length} requests answered, ${lost.length} not in the ledger, all answered in the last ${span.toFixed(2)} s before the kill`,
  );
}
