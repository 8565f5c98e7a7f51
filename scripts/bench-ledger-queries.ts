// What the dashboard's ledger queries cost with a big ledger: a database of its own filled with
// --rows ledger rows (default 10,000,000) over 13 months and 50 keys, in time order as the
// writer adds them, with UUIDv7 request ids of their times; then each query of
// lib/api-activity.ts and lib/request-lookup.ts run --runs times (p50, p95). Takes minutes; drops its database at the end.
//   npx tsx scripts/bench-ledger-queries.ts [--rows=10000000] [--runs=20] [--keep]
// --keep leaves the database and prints its name; --database=<name> measures a kept one again.
import { createTestDatabase, dropTestDatabase } from "../tests/support/test-database";
import { testSecrets } from "./e2e-environment";

const option = (name: string, fallback: string) => process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const rows = Number(option("rows", "10000000"));
const runs = Number(option("runs", "20"));

const kept = option("database", "");
const keep = process.argv.includes("--keep");
const database = kept ? { name: kept, url: `postgresql://postgres@127.0.0.1:5432/${kept}` } : await createTestDatabase("ledger_queries");
// Loading a million rows a statement takes longer than the app's 5 s bound on a query.
Object.assign(process.env, testSecrets(), { DATABASE_URL: database.url, DATABASE_TIMEOUT_MS: "900000" });
const { prisma, sqlPool } = await import("@/lib/db");
const { KEY_REPORT_MAX_ROWS, KEY_REPORT_PAGE_ROWS, keyReport, keyUsage, partnerActivity, partnerRequests, patientAccessHistory, periodBounds } =
  await import("@/lib/api-activity");
const { connectPartner } = await import("@/lib/partners");
const { findRequest } = await import("@/lib/request-lookup");
const { actorOf, createPartner, createPatient, createPracticeGroup, createUser } = await import("./../tests/support/records");

const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(0)} s`;

/**
 * One practice, 50 connected partners, 20,000 patients and `rows` ledger rows, in which one
 * patient ("Hot") is named by one row in 30, as a patient a partner polls for all day would be.
 */
async function load() {
  const practice = await createPracticeGroup("ledger");
  const admin = await createUser(practice.id);
  const partners = await Promise.all(Array.from({ length: 50 }, () => createPartner()));
  for (const partner of partners) await connectPartner({ practiceGroupId: practice.id, partnerId: partner.id, actor: actorOf(admin) });
  const keys = await prisma.apiKey.findMany({ where: { practiceGroupId: practice.id }, select: { id: true, partnerId: true } });
  const patient = await createPatient(practice.id);
  await prisma.$executeRawUnsafe(
    `INSERT INTO patients (id, "practiceGroupId", "nhsNumber", "firstName", "lastName", "dateOfBirth")
     SELECT gen_random_uuid(), $1::uuid, '1' || lpad(i::text, 9, '0'), CASE WHEN i = 1 THEN 'Hot' ELSE 'Bench' END, 'Patient', '1980-01-01'
     FROM generate_series(1, 20000) i`,
    practice.id,
  );
  const patientIds = (await prisma.patient.findMany({ where: { practiceGroupId: practice.id }, select: { id: true } })).map((p) => p.id);
  const { id: hot } = await prisma.patient.findFirstOrThrow({ where: { practiceGroupId: practice.id, firstName: "Hot" } });

  // A partition a month, as the servers make them; then the indexes are built after the load, as
  // a restore would: far faster than maintaining them row by row.
  const started = performance.now();
  for (let back = 0; back <= 14; back++) {
    const now = new Date();
    const from = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1));
    const to = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + 1, 1));
    const name = `api_requests_${from.getUTCFullYear()}_${String(from.getUTCMonth() + 1).padStart(2, "0")}`;
    await prisma.$executeRawUnsafe(
      `CREATE TABLE IF NOT EXISTS "${name}" PARTITION OF api_requests FOR VALUES FROM ('${from.toISOString()}') TO ('${to.toISOString()}')`,
    );
  }
  await prisma.$executeRawUnsafe(
    `DROP INDEX api_requests_acting_partner_at_idx, api_requests_key_practice_partner_at_idx, api_requests_key_at_idx, api_requests_patients_idx, api_requests_at_brin_idx`,
  );
  const chunk = 1_000_000;
  for (let done = 0; done < rows; done += chunk) {
    await prisma.$executeRawUnsafe(
      `INSERT INTO api_requests ("at", "requestId", "keyId", "partnerId", "keyPracticeGroupId", "actingPracticeGroupId", method, route, status, "errorCode", "durationMs", "patientIds")
       SELECT t.at, substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-7' || substr(m, 1, 3) || '-8' || substr(m, 4, 3) || '-' || substr(m, 7, 12),
         ($1::uuid[])[1 + (i % 50)], ($6::uuid[])[1 + (i % 50)], $2::uuid, $2::uuid,
         CASE WHEN (i / 50) % 5 = 0 THEN 'POST' ELSE 'GET' END, (ARRAY['/appointments', '/messages', '/slots', '/booking-links', '/appointments/{id}'])[1 + ((i / 50) % 5)],
         (CASE WHEN r < 0.02 THEN 429 WHEN r < 0.07 THEN 404 ELSE 200 END), NULL, 5,
         CASE WHEN i % 3 = 0 THEN '{}'::uuid[] WHEN i % 20 = 1 THEN ARRAY[$7::uuid] ELSE ARRAY[($3::uuid[])[1 + (i % 20001)]] END
       FROM generate_series($4::int, $5::int) i, LATERAL (SELECT random() + i * 0 AS r) status,
         LATERAL (SELECT now() - interval '395 days' + (i::float8 / $8) * interval '395 days' AS at) t,
         LATERAL (SELECT lpad(to_hex(floor(extract(epoch FROM t.at) * 1000)::bigint), 12, '0') AS h, md5(i::text) AS m) id`,
      keys.map((key) => key.id),
      practice.id,
      [patient.id, ...patientIds],
      done + 1,
      Math.min(rows, done + chunk),
      keys.map((key) => key.partnerId),
      hot,
      rows,
    );
    console.log(`  ${Math.min(rows, done + chunk).toLocaleString("en-GB")} rows (${seconds(started)})`);
  }
  await prisma.$executeRawUnsafe(`CREATE INDEX api_requests_acting_partner_at_idx ON api_requests ("actingPracticeGroupId", "partnerId", "at")`);
  await prisma.$executeRawUnsafe(`CREATE INDEX api_requests_key_practice_partner_at_idx ON api_requests ("keyPracticeGroupId", "partnerId", "at")`);
  await prisma.$executeRawUnsafe(`CREATE INDEX api_requests_key_at_idx ON api_requests ("keyId", "at")`);
  await prisma.$executeRawUnsafe(`CREATE INDEX api_requests_patients_idx ON api_requests USING GIN ("patientIds")`);
  await prisma.$executeRawUnsafe(`CREATE INDEX api_requests_at_brin_idx ON api_requests USING BRIN ("at")`);
  // The running usage the writer keeps, as the migration fills it.
  await prisma.$executeRawUnsafe(`INSERT INTO api_key_usage ("keyId", requests, "lastAt") SELECT "keyId", count(*), max(at) FROM api_requests GROUP BY 1`);
  await prisma.$executeRawUnsafe(`INSERT INTO api_key_patients ("keyId", "patientId") SELECT DISTINCT "keyId", unnest("patientIds") FROM api_requests`);
  await prisma.$executeRawUnsafe(`VACUUM ANALYZE api_requests`);
  console.log(`Loaded and indexed ${rows.toLocaleString("en-GB")} ledger rows in ${seconds(started)}`);
}

/** What load() made, found again in a kept database. */
async function fixtures() {
  const practice = await prisma.practiceGroup.findFirstOrThrow({ where: { name: { startsWith: "ledger" } } });
  const keys = await prisma.apiKey.findMany({ where: { practiceGroupId: practice.id }, select: { id: true, partnerId: true }, orderBy: { id: "asc" } });
  const patient = await prisma.patient.findFirstOrThrow({ where: { practiceGroupId: practice.id, firstName: { notIn: ["Bench", "Hot"] } } });
  const hot = await prisma.patient.findFirstOrThrow({ where: { practiceGroupId: practice.id, firstName: "Hot" } });
  return { practice, keys, patient, hot };
}

try {
  if (!kept) await load();
  const { practice, keys, patient, hot } = await fixtures();

  const key = keys[0];
  // A request of a week ago, as a partner would quote one: found by its id's time, against a search by the id alone.
  const [quoted] = await prisma.$queryRaw<{ requestId: string }[]>`
    SELECT "requestId" FROM api_requests WHERE at < now() - interval '7 days' ORDER BY at DESC LIMIT 1`;
  if ((await findRequest(quoted.requestId)).state !== "found") throw new Error(`The quoted request ${quoted.requestId} was not found by its id's time.`);
  const range = { from: new Date(Date.now() - 29 * 86_400_000).toISOString().slice(0, 10), to: new Date().toISOString().slice(0, 10) };
  const viewer = { practiceGroupId: practice.id, role: "PRACTICE_ADMIN" };
  const queries: [string, () => Promise<unknown>][] = [
    ["API activity, last 24 hours", () => partnerActivity(practice.id, key.partnerId!, "day")],
    ["API activity, last 30 days", () => partnerActivity(practice.id, key.partnerId!, "30d")],
    ["Requests, 24 hours, newest 50", () => partnerRequests(practice.id, key.partnerId!, periodBounds("day").since)],
    ["Requests, 30 days, refused only", () => partnerRequests(practice.id, key.partnerId!, periodBounds("30d").since, { outcome: "refused" })],
    ["Requests, 30 days, one patient", () => partnerRequests(practice.id, key.partnerId!, periodBounds("30d").since, { patientId: patient.id })],
    [
      "Requests, 30 days, matching none",
      () => partnerRequests(practice.id, key.partnerId!, periodBounds("30d").since, { endpoint: { method: "PUT", route: "/none" } }),
    ],
    ["Who accessed this record", () => patientAccessHistory(practice.id, patient.id)],
    ["Who accessed this record, Hot", () => patientAccessHistory(practice.id, hot.id)],
    ["Key usage (a confirmation)", () => keyUsage([key.id])],
    ["Key report page, 30 days", () => keyReport(viewer, key.id, range, KEY_REPORT_PAGE_ROWS)],
    [`Key report CSV, 30 days (${KEY_REPORT_MAX_ROWS} rows)`, () => keyReport(viewer, key.id, range)],
    // Any range may be asked for; the ledger keeps 400 days.
    [
      "Key report page, 400 days",
      () => keyReport(viewer, key.id, { ...range, from: new Date(Date.now() - 399 * 86_400_000).toISOString().slice(0, 10) }, KEY_REPORT_PAGE_ROWS),
    ],
    ["Find a request (by its id's time)", () => findRequest(quoted.requestId)],
    ["Find a request by the id alone", () => prisma.$queryRaw`SELECT id FROM api_requests WHERE "requestId" = ${quoted.requestId}`],
  ];
  console.log(`\n${runs} runs each, warm (after one run)\nQuery                              p50 ms   p95 ms`);
  for (const [name, run] of queries) {
    await run();
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      await run();
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    const at = (p: number) => times[Math.min(times.length - 1, Math.ceil(p * times.length) - 1)];
    console.log(`${name.padEnd(33)}  ${at(0.5).toFixed(1).padStart(7)}  ${at(0.95).toFixed(1).padStart(7)}`);
  }
} finally {
  await prisma.$disconnect();
  await sqlPool().end();
  if (keep || kept) console.log(`Database kept: ${database.name} (drop it when done)`);
  else await dropTestDatabase(database.name);
}
