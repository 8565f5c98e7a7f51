// Reading the API access ledger (lib/ledger.ts) for a practice: what a partner's keys did
// (Apps > partner > API activity) and who accessed one patient's record (My Practice). A
// cross-organisational call is the business of both practices: the key's and the one it acted for.
import { z } from "zod";

import { ENDPOINTS } from "@/lib/api/endpoints";
import { recordAudit, type Actor } from "@/lib/audit";
import { requestedHost } from "@/lib/client-address";
import { csvFile } from "@/lib/csv";
import { instant, prisma } from "@/lib/db";
import { DomainError, isUuid } from "@/lib/domain-error";
import { endOfUkDay, startOfUkDay, ukDate } from "@/lib/key-expiry";
import { ledgerRetentionDays } from "@/lib/ledger";
import { DAY_MS } from "@/lib/limits";
import { isNhsNumber, NHS_NUMBER } from "@/lib/nhs-number";
import { decodeCursor, toPage, type Cursor } from "@/lib/pagination";
import { NHS_NUMBER_LENGTH } from "@/lib/schemas";
import { supportActor } from "@/lib/support";
import { isStorable } from "@/lib/text";

export type LedgerRow = {
  id: string;
  at: Date;
  requestId: string;
  method: string;
  route: string;
  status: number;
  errorCode: string | null;
  replayed: boolean;
  durationMs: number;
  patientCount: number;
  keyDisplay: string;
  partnerName: string | null;
  actingPracticeName: string | null;
  keyPracticeName: string;
};

/** A ledger row as every listing shows it (LedgerRow), and the joins it needs. */
export const ROW_FIELDS = `r.id, r.at, r."requestId", r.method, r.route, r.status, r."errorCode", r.replayed, r."durationMs", cardinality(r."patientIds") AS "patientCount",
  k."displayKey" AS "keyDisplay", p.name AS "partnerName", acting.name AS "actingPracticeName", own.name AS "keyPracticeName"`;
export const ROW_JOINS = `JOIN api_keys k ON k.id = r."keyId"
  LEFT JOIN partners p ON p.id = k."partnerId"
  LEFT JOIN practice_groups acting ON acting.id = r."actingPracticeGroupId"
  JOIN practice_groups own ON own.id = r."keyPracticeGroupId"`;

/** The chart's periods: the last hour in 5-minute bars, the last day in hours, the last 30 days in days. */
export const ACTIVITY_PERIODS = {
  hour: { label: "Last hour", spanMs: 3_600_000, bucketMs: 300_000 },
  day: { label: "Last 24 hours", spanMs: DAY_MS, bucketMs: 3_600_000 },
  "30d": { label: "Last 30 days", spanMs: 30 * DAY_MS, bucketMs: DAY_MS },
} as const;
export type ActivityPeriod = keyof typeof ACTIVITY_PERIODS;

/**
 * The period is the whole span back from now (the last hour is 60 minutes, not the 55 to 60 of
 * whole bars); the request list covers the same. `starts`: the bars that span it, the first
 * counting from `since`. Days are UK days, as the bars are labelled (23 to 25 hours long across a
 * clock change); hours and 5 minutes fall the same in UTC.
 */
export function periodBounds(period: ActivityPeriod, now = new Date()) {
  const { spanMs, bucketMs } = ACTIVITY_PERIODS[period];
  const since = now.getTime() - spanMs;
  let starts: number[];
  if (period === "30d") {
    const today = ukDate(now);
    const days = Array.from({ length: spanMs / DAY_MS + 2 }, (_, day) => startOfUkDay(today, day - 1 - spanMs / DAY_MS)!.getTime());
    starts = days.filter((start, day) => day === days.length - 1 || days[day + 1] > since);
  } else {
    const first = Math.floor(since / bucketMs) * bucketMs;
    starts = Array.from({ length: Math.floor(now.getTime() / bucketMs) - first / bucketMs + 1 }, (_, bar) => first + bar * bucketMs);
  }
  return { since: new Date(since), starts };
}

export const parseActivityPeriod = (value: unknown): ActivityPeriod =>
  typeof value === "string" && Object.hasOwn(ACTIVITY_PERIODS, value) ? (value as ActivityPeriod) : "day";

export type Outcomes = { succeeded: number; refused: number; limited: number };
/** A bar; the first starts where the period does, within its bucket. */
export type ActivityBucket = Outcomes & { start: Date };

const OUTCOMES = `count(*) FILTER (WHERE r.status < 400)::int AS succeeded,
  count(*) FILTER (WHERE r.status >= 400 AND r.status <> 429)::int AS refused,
  count(*) FILTER (WHERE r.status = 429)::int AS limited`;
// Rows carry their key's partner, so each side of the OR reads one index range (the migration
// 20261203100000_ledger_partner): the practice's own keys and calls made for it by keys of its networks.
const PARTNER_AT_PRACTICE = `r."partnerId" = $2::uuid AND (r."actingPracticeGroupId" = $1::uuid OR r."keyPracticeGroupId" = $1::uuid)`;

/**
 * A partner's requests that concern the practice, over a period: bars by outcome (2xx and 3xx,
 * other 4xx and 5xx, 429), totals and requests by endpoint.
 */
export async function partnerActivity(practiceGroupId: string, partnerId: string, period: ActivityPeriod = "day", now = new Date()) {
  const { bucketMs } = ACTIVITY_PERIODS[period];
  const { since, starts } = periodBounds(period, now);
  const bin = period === "30d" ? `date_trunc('day', r.at, 'Europe/London')` : `date_bin(make_interval(secs => ${bucketMs / 1000}), r.at, 'epoch'::timestamptz)`;
  const [bars, endpoints] = await Promise.all([
    prisma.$queryRawUnsafe<(Outcomes & { start: Date })[]>(
      `SELECT ${bin} AS start, ${OUTCOMES}
       FROM api_requests r WHERE ${PARTNER_AT_PRACTICE} AND r.at >= $3::timestamptz GROUP BY 1`,
      practiceGroupId,
      partnerId,
      instant(since),
    ),
    prisma.$queryRawUnsafe<{ method: string; route: string; requests: number }[]>(
      `SELECT r.method, r.route, count(*)::int AS requests FROM api_requests r
       WHERE ${PARTNER_AT_PRACTICE} AND r.at >= $3::timestamptz GROUP BY 1, 2 ORDER BY 3 DESC, 2, 1`,
      practiceGroupId,
      partnerId,
      instant(since),
    ),
  ]);
  const byStart = new Map(bars.map((bar) => [bar.start.getTime(), bar]));
  const buckets: ActivityBucket[] = starts.map((start) => {
    const bar = byStart.get(start);
    return { start: new Date(Math.max(start, since.getTime())), succeeded: bar?.succeeded ?? 0, refused: bar?.refused ?? 0, limited: bar?.limited ?? 0 };
  });
  const counts = buckets.reduce<Outcomes>(
    (sum, bar) => ({ succeeded: sum.succeeded + bar.succeeded, refused: sum.refused + bar.refused, limited: sum.limited + bar.limited }),
    { succeeded: 0, refused: 0, limited: 0 },
  );
  return { counts, buckets, endpoints };
}

/** The outcome filter of the request list, as the chart splits them. */
export const OUTCOME_FILTERS = {
  succeeded: { label: "Succeeded (2xx)", where: "r.status < 400" },
  refused: { label: "Refused (4xx, 5xx)", where: "r.status >= 400 AND r.status <> 429" },
  limited: { label: "Rate limited (429)", where: "r.status = 429" },
} as const;
export type OutcomeFilter = keyof typeof OUTCOME_FILTERS;

export const REQUESTS_PAGE_SIZE = 50;

export type RequestFilters = { outcome?: OutcomeFilter; endpoint?: { method: string; route: string }; patientId?: string; cursor?: Cursor };

/**
 * A partner's requests that concern the practice since a time (the chart's period: a filter
 * that matches nothing then reads one period, not the partner's whole history), newest first,
 * filtered, a page at a time.
 */
export async function partnerRequests(practiceGroupId: string, partnerId: string, since: Date, filters: RequestFilters = {}) {
  const values: unknown[] = [practiceGroupId, partnerId, instant(since)];
  const param = (value: unknown, cast: string) => `$${values.push(value)}::${cast}`;
  const conditions = [`r."partnerId" = $2::uuid`, `r.at >= $3::timestamptz`];
  if (filters.outcome) conditions.push(OUTCOME_FILTERS[filters.outcome].where);
  if (filters.endpoint) {
    // A GET endpoint answers HEAD too (recorded as HEAD): filtering by the endpoint shows both.
    const methods = filters.endpoint.method === "GET" ? ["GET", "HEAD"] : [filters.endpoint.method];
    conditions.push(`r.method = ANY(${param(methods, "text[]")}) AND r.route = ${param(filters.endpoint.route, "text")}`);
  }
  if (filters.patientId) conditions.push(`r."patientIds" @> ARRAY[${param(filters.patientId, "uuid")}]`);
  if (filters.cursor) conditions.push(`(r.at, r.id) < (${param(instant(filters.cursor.at), "timestamptz")}, ${param(filters.cursor.id, "uuid")})`);
  // One index range a side (see PARTNER_AT_PRACTICE); UNION drops a row both sides return.
  const side = (practiceColumn: string) =>
    `(SELECT r.* FROM api_requests r WHERE r."${practiceColumn}" = $1::uuid AND ${conditions.join(" AND ")} ORDER BY r.at DESC, r.id DESC LIMIT ${REQUESTS_PAGE_SIZE + 1})`;
  const rows = await prisma.$queryRawUnsafe<LedgerRow[]>(
    `SELECT ${ROW_FIELDS} FROM (${side("actingPracticeGroupId")} UNION ${side("keyPracticeGroupId")}) r ${ROW_JOINS}
     ORDER BY r.at DESC, r.id DESC LIMIT ${REQUESTS_PAGE_SIZE + 1}`,
    ...values,
  );
  return toPage(rows, REQUESTS_PAGE_SIZE, (row) => row.at);
}

/**
 * The practice's patient with this NHS number (spaces and hyphens allowed), as typed into a search: its id,
 * or null for an empty search. The pages take the id, never the number, in their address, so an
 * NHS number does not reach access logs and browser history.
 */
export async function findPatientId(practiceGroupId: string, nhsNumber: string): Promise<string | null> {
  const wanted = isStorable(nhsNumber) ? nhsNumber.replace(/[\s-]/g, "") : "";
  if (!wanted) return null;
  if (!NHS_NUMBER.test(wanted)) throw new DomainError("invalid", NHS_NUMBER_LENGTH, "nhs");
  if (!isNhsNumber(wanted))
    throw new DomainError("invalid", `${wanted} is not a valid NHS number: its last digit does not match the others. Check the number.`, "nhs");
  const patient = await prisma.patient.findFirst({ where: { practiceGroupId, nhsNumber: wanted }, select: { id: true } });
  if (!patient) throw new DomainError("not_found", `No patient of your practice has NHS number ${wanted}.`, "nhs");
  return patient.id;
}

type PatientLookup =
  { state: "none" } | { state: "unknown" } | { state: "found"; nhsNumber: string; patient: { id: string; firstName: string; lastName: string } };

/** The patient a page's ?patient= names, if it is one of the practice's. */
async function findPatient(practiceGroupId: string, patientId: string): Promise<PatientLookup> {
  if (!patientId) return { state: "none" };
  const patient = isUuid(patientId)
    ? await prisma.patient.findFirst({ where: { id: patientId, practiceGroupId }, select: { id: true, firstName: true, lastName: true, nhsNumber: true } })
    : null;
  return patient ? { state: "found", nhsNumber: patient.nhsNumber, patient } : { state: "unknown" };
}

export type PatientAccess = { state: "none" } | { state: "unknown" } | { state: "found"; nhsNumber: string; patientName: string; rows: LedgerRow[] };

export const PATIENT_HISTORY_ROWS = 200;
/**
 * The periods the history looks back over, in turn, until one holds PATIENT_HISTORY_ROWS rows
 * (null: the whole ledger). A patient a partner polls all day is in hundreds of thousands of
 * rows, which one query over the whole ledger would read and sort for the newest 200; the last
 * day holds them in one partition (BENCHMARKS.md).
 */
const PATIENT_HISTORY_DAYS = [1, 31, null] as const;

/** Every recorded partner access to one of the practice's patients, newest first (the last 200). */
export async function patientAccessHistory(practiceGroupId: string, patientId: string, now = new Date()): Promise<PatientAccess> {
  const found = await findPatient(practiceGroupId, patientId);
  if (found.state !== "found") return found;
  let rows: LedgerRow[] = [];
  for (const days of PATIENT_HISTORY_DAYS) {
    const since = days === null ? new Date(0) : new Date(now.getTime() - days * DAY_MS);
    rows = await prisma.$queryRawUnsafe<LedgerRow[]>(
      `SELECT ${ROW_FIELDS} FROM api_requests r ${ROW_JOINS}
       WHERE r."patientIds" @> ARRAY[$1::uuid] AND r.at >= $2::timestamptz ORDER BY r.at DESC LIMIT ${PATIENT_HISTORY_ROWS}`,
      found.patient.id,
      instant(since),
    );
    if (rows.length === PATIENT_HISTORY_ROWS) break;
  }
  return { state: "found", nhsNumber: found.nhsNumber, patientName: `${found.patient.firstName} ${found.patient.lastName}`, rows };
}

/**
 * The request list's filters from the page's query (?outcome=, ?endpoint=GET /appointments,
 * ?patient=, ?cursor=); what cannot be read is dropped, and a patient that is not the practice's is said.
 */
export async function readRequestFilters(practiceGroupId: string, params: Record<string, string | string[] | undefined>) {
  const one = (name: string) => {
    const value = params[name];
    return (Array.isArray(value) ? value[0] : value) ?? "";
  };
  // Own names only: "constructor" is `in` every object.
  const outcome = Object.hasOwn(OUTCOME_FILTERS, one("outcome")) ? (one("outcome") as OutcomeFilter) : undefined;
  const endpoint = ENDPOINTS.find((entry) => `${entry.method} ${entry.path}` === one("endpoint"));
  const patient = await findPatient(practiceGroupId, one("patient"));
  let cursor: Cursor | undefined;
  try {
    cursor = decodeCursor(one("cursor") || undefined);
  } catch {
    cursor = undefined;
  }
  const filters: RequestFilters = {
    outcome,
    endpoint: endpoint && { method: endpoint.method, route: endpoint.path },
    patientId: patient.state === "found" ? patient.patient.id : undefined,
    cursor,
  };
  const values = { outcome: outcome ?? "", endpoint: endpoint ? one("endpoint") : "", patient: filters.patientId ?? "" };
  return { filters, patient, values };
}

/** `patientsSince`: for a key older than the ledger's retention, the day its patients are counted from; null, since it was made. */
export type KeyUsage = { requests: number; patients: number; patientsSince: Date | null; lastAt: Date | null };

/**
 * What each key did: requests since it was made and its last use, and the distinct patients it
 * touched within the ledger's retention (db:prune forgets older ones with their rows). Kept by the ledger writer.
 */
export async function keyUsage(keyIds: string[], now = new Date()): Promise<Map<string, KeyUsage>> {
  if (keyIds.length === 0) return new Map();
  const cutoff = new Date(now.getTime() - ledgerRetentionDays() * DAY_MS);
  const rows = await prisma.$queryRaw<{ keyId: string; requests: number; patients: number; lastAt: Date | null; createdAt: Date }[]>`
    SELECT u."keyId", u.requests::int AS requests, (SELECT count(*)::int FROM api_key_patients p WHERE p."keyId" = u."keyId") AS patients, u."lastAt", k."createdAt"
    FROM api_key_usage u JOIN api_keys k ON k.id = u."keyId" WHERE u."keyId" = ANY(${keyIds}::uuid[])`;
  return new Map(rows.map(({ keyId, createdAt, ...usage }) => [keyId, { ...usage, patientsSince: createdAt < cutoff ? cutoff : null }]));
}

// The key report (Settings > Key report): every request of one key in a date range, and every
// patient it touched, for incident reporting. Practice admins see their practice's keys, super
// admins any key.

export const KEY_REPORT_MAX_ROWS = 10_000;
/** The report page shows this many requests and patients; the CSV, up to KEY_REPORT_MAX_ROWS requests. */
export const KEY_REPORT_PAGE_ROWS = 500;
const isoDay = (date: Date) => date.toISOString().slice(0, 10);
// A calendar day (not 31 February) that startOfUkDay can read: the report's days are UK days, as
// its times are shown (and as the Audit log's range is).
const dayParam = z.string().refine((value) => startOfUkDay(value) !== null);

/** ?from=YYYY-MM-DD&to=YYYY-MM-DD (UK days, both included); by default the last 30 days. */
export function parseKeyReportRange(params: Record<string, string | string[] | undefined>, now = new Date()) {
  const read = (value: string | string[] | undefined, fallback: string) => {
    const parsed = dayParam.safeParse(Array.isArray(value) ? value[0] : value);
    return parsed.success ? parsed.data : fallback;
  };
  const to = read(params.to, ukDate(now));
  // 30 days back from `to`, unless that leaves the days startOfUkDay reads (a `to` early in year 1000).
  const monthBefore = isoDay(new Date(Date.parse(to) - 29 * DAY_MS));
  const from = read(params.from, dayParam.safeParse(monthBefore).success ? monthBefore : to);
  return from <= to ? { from, to } : { from: to, to: from };
}

type Viewer = { practiceGroupId: string; role: string };

// A user key's requests for another practice than its own: what that practice may see of the key
// (the partial index api_requests_user_key_cross_org_idx holds exactly these rows).
const USER_KEY_CROSS_ORG = `r."partnerId" IS NULL AND r."actingPracticeGroupId" <> r."keyPracticeGroupId"`;

async function actedFor(keyId: string, practiceGroupId: string) {
  const [row] = await prisma.$queryRawUnsafe<{ acted: boolean }[]>(
    `SELECT EXISTS (SELECT 1 FROM api_requests r WHERE r."actingPracticeGroupId" = $2::uuid AND r."keyId" = $1::uuid AND ${USER_KEY_CROSS_ORG}) AS acted`,
    keyId,
    practiceGroupId,
  );
  return row.acted;
}

/** How far back My Practice looks for other practices' user keys that acted for it. */
export const USER_KEYS_SHOWN_DAYS = 30;
const USER_KEYS_SHOWN = 200;

/**
 * The user keys (Settings > Super admin > API keys) a practice's admins may report on: its own
 * users' keys, and another practice's that acted for it in the last USER_KEYS_SHOWN_DAYS days
 * (a network's), with when each was last used (another practice's key: for this practice).
 * Another practice's key comes without its owner's username: a practice knows its network's
 * practices, not their staff, and the username is half a user key's credentials (x-username).
 * A partner's keys are on its Apps page.
 */
export async function userKeysAtPractice(practiceGroupId: string, now = new Date()) {
  const since = new Date(now.getTime() - USER_KEYS_SHOWN_DAYS * DAY_MS);
  return prisma.$queryRawUnsafe<
    {
      id: string;
      displayKey: string;
      name: string;
      /** Null for another practice's key (not named to this one) and for a removed owner. */
      owner: string | null;
      ownerActive: boolean | null;
      practice: string;
      own: boolean;
      revokedAt: Date | null;
      revokedReason: string | null;
      expiresAt: Date | null;
      lastUsedAt: Date | null;
    }[]
  >(
    `WITH peers AS (
       SELECT r."keyId" AS id, max(r.at) AS "lastUsedAt" FROM api_requests r
       WHERE r."actingPracticeGroupId" = $1::uuid AND ${USER_KEY_CROSS_ORG} AND r.at >= $2::timestamptz GROUP BY 1)
     SELECT k.id, k."displayKey", k.name, CASE WHEN k."practiceGroupId" = $1::uuid THEN u.username END AS owner, u.active AS "ownerActive", g.name AS practice, k."practiceGroupId" = $1::uuid AS own,
       k."revokedAt", k."revokedReason", k."expiresAt", COALESCE(p."lastUsedAt", k."lastUsedAt") AS "lastUsedAt"
     FROM api_keys k JOIN practice_groups g ON g.id = k."practiceGroupId" LEFT JOIN users u ON u.id = k."ownerUserId" LEFT JOIN peers p ON p.id = k.id
     WHERE k.kind = 'USER' AND (k."practiceGroupId" = $1::uuid OR p.id IS NOT NULL)
     ORDER BY k."revokedAt" IS NOT NULL, k."createdAt" DESC LIMIT ${USER_KEYS_SHOWN}`,
    practiceGroupId,
    instant(since),
  );
}

/**
 * The key, its requests in the range (a count, and the latest `limit` rows) and the patients they
 * touched (a count, and the first by name, as many as the page shows: the CSV lists none).
 */
export async function keyReport(viewer: Viewer, keyId: string, range: { from: string; to: string }, limit = KEY_REPORT_MAX_ROWS) {
  if (!isUuid(keyId)) return null;
  const key = await prisma.apiKey.findUnique({
    where: { id: keyId },
    select: {
      id: true,
      name: true,
      kind: true,
      displayKey: true,
      practiceGroupId: true,
      createdAt: true,
      revokedAt: true,
      revokedReason: true,
      expiresAt: true,
      partner: { select: { name: true, suspendedAt: true } },
      owner: { select: { username: true, active: true } },
      practiceGroup: { select: { name: true, code: true } },
    },
  });
  if (!key) return null;
  // Hero support and the key's own practice see all it did; a practice a user key acted for (a network's), what it did there.
  const whole = viewer.role === "SUPER_ADMIN" || (viewer.role === "PRACTICE_ADMIN" && key.practiceGroupId === viewer.practiceGroupId);
  if (!whole && !(viewer.role === "PRACTICE_ADMIN" && key.kind === "USER" && (await actedFor(keyId, viewer.practiceGroupId)))) return null;
  // Another practice's staff stay unnamed (userKeysAtPractice): the owner's username is for its own practice.
  const owner = key.owner && { active: key.owner.active, username: whole ? key.owner.username : null };
  // Days parseKeyReportRange has read, so both are dates.
  const dates = [instant(startOfUkDay(range.from)!), instant(endOfUkDay(range.to)!)];
  const bounds = whole ? [keyId, ...dates] : [keyId, ...dates, viewer.practiceGroupId];
  const limited = whole ? "" : ` AND r."actingPracticeGroupId" = $4::uuid AND ${USER_KEY_CROSS_ORG}`;
  const IN_RANGE = `r."keyId" = $1::uuid AND r.at >= $2::timestamptz AND r.at < $3::timestamptz${limited}`;
  const TOUCHED = `WITH touched AS (SELECT DISTINCT p AS id FROM api_requests r, unnest(r."patientIds") p WHERE ${IN_RANGE})`;
  type Touched = { id: string; nhsNumber: string; firstName: string; lastName: string; practiceGroupId: string; practice: string; total: number };
  const [rows, [{ requests }], patients, patientsByPractice] = await Promise.all([
    prisma.$queryRawUnsafe<(LedgerRow & { patientIds: string[] })[]>(
      `SELECT ${ROW_FIELDS}, r."patientIds" FROM api_requests r ${ROW_JOINS} WHERE ${IN_RANGE} ORDER BY r.at DESC LIMIT ${Math.min(limit, KEY_REPORT_MAX_ROWS)}`,
      ...bounds,
    ),
    prisma.$queryRawUnsafe<{ requests: number }[]>(`SELECT count(*)::int AS requests FROM api_requests r WHERE ${IN_RANGE}`, ...bounds),
    // The patients, found and sorted in SQL: a busy key touches thousands, and only a page are shown.
    prisma.$queryRawUnsafe<Touched[]>(
      `${TOUCHED}
       SELECT pt.id, pt."nhsNumber", pt."firstName", pt."lastName", pt."practiceGroupId", g.name AS practice, count(*) OVER ()::int AS total
       FROM touched t JOIN patients pt ON pt.id = t.id JOIN practice_groups g ON g.id = pt."practiceGroupId"
       ORDER BY pt."lastName", pt."firstName", pt.id LIMIT ${Math.min(limit, KEY_REPORT_PAGE_ROWS)}`,
      ...bounds,
    ),
    // Whose patients they are (a key acting for a hub touches the hub's): each practice learns of a view by Hero
    // support (recordReportView). Only asked for Hero support's views, the only ones recorded.
    viewer.role === "SUPER_ADMIN"
      ? prisma.$queryRawUnsafe<{ practiceGroupId: string; patients: number }[]>(
          `${TOUCHED} SELECT pt."practiceGroupId", count(*)::int AS patients FROM touched t JOIN patients pt ON pt.id = t.id GROUP BY 1`,
          ...bounds,
        )
      : [],
  ]);
  // Names only of the viewer's own patients (all, for Hero support): another practice's stay ids.
  const named = (patient: (typeof patients)[number]) => viewer.role === "SUPER_ADMIN" || patient.practiceGroupId === viewer.practiceGroupId;
  return {
    key: { ...key, owner },
    requests,
    rows,
    patientCount: patients[0]?.total ?? 0,
    patientsByPractice,
    patients: patients.map((patient) => ({
      id: patient.id,
      practice: patient.practice,
      ...(named(patient) ? { name: `${patient.firstName} ${patient.lastName}`, nhsNumber: patient.nhsNumber } : { name: null, nhsNumber: null }),
    })),
  };
}

export type KeyReport = NonNullable<Awaited<ReturnType<typeof keyReport>>>;

// "same-site" is another origin of the same registrable domain (a sibling subdomain): SameSite cookies go with its requests too.
const ANOTHER_SITE = new Set(["cross-site", "same-site"]);

/**
 * Whether another site may have started this request: such a request must not record a view
 * (below) in a signed-in browser, whose SameSite=Lax cookie a link carries. Sec-Fetch-Site when
 * the browser sends it; from one that does not (Safari before 16.4, old webviews), only an Origin
 * or Referer of this host clears it (the app's own pages send one: Referrer-Policy same-origin),
 * as another site can send none (rel="noreferrer"). The host is the one the request came to.
 */
export function startedByAnotherSite(headers: Headers) {
  const site = headers.get("sec-fetch-site");
  if (site !== null) return ANOTHER_SITE.has(site);
  const from = headers.get("origin") ?? headers.get("referer");
  const host = requestedHost(headers.get("x-forwarded-host"), headers.get("host"));
  return !from || !host || !URL.canParse(from) || new URL(from).host !== host;
}

/**
 * Hero support looking at a key report sees patients' names and NHS numbers: the Activity of the
 * key's practice, and of every practice whose patients the report lists, says so ("Hero support",
 * the range, how many of that practice's patients), the super admin's own practice included. A
 * practice a user key acted for looking at what it did there: the key's practice's Activity says
 * which practice looked. A practice admin's view of their own practice's key is not recorded.
 */
export async function recordReportView(
  viewer: Viewer & Pick<Actor, "id" | "session"> & { practiceGroupName?: string },
  report: KeyReport,
  range: { from: string; to: string },
  format: "page" | "csv",
) {
  if (viewer.role !== "SUPER_ADMIN") {
    if (report.key.practiceGroupId === viewer.practiceGroupId) return;
    await recordAudit(prisma, {
      // The practice, not the person: the key's practice knows its network's practices, not their staff.
      actor: { id: viewer.id, name: `An admin of ${viewer.practiceGroupName ?? "a practice of its network"}`, session: viewer.session },
      action: "api_key.report_viewed",
      practiceGroupId: report.key.practiceGroupId,
      target: { type: "api_key", id: report.key.id, label: report.key.displayKey },
      metadata: { from: range.from, to: range.to, format, requests: report.requests, viewerPracticeGroupId: viewer.practiceGroupId },
    });
    return;
  }
  const practices = new Map([[report.key.practiceGroupId, 0]]);
  for (const { practiceGroupId, patients } of report.patientsByPractice) practices.set(practiceGroupId, patients);
  // One transaction: a session that ends between two practices' records leaves neither, as the page is not shown.
  await prisma.$transaction(async (tx) => {
    for (const [practiceGroupId, patients] of practices)
      await recordAudit(tx, {
        actor: supportActor(viewer),
        action: "api_key.report_viewed",
        practiceGroupId,
        target: { type: "api_key", id: report.key.id, label: report.key.displayKey },
        metadata: { from: range.from, to: range.to, format, patients },
      });
  });
}

export function keyReportCsv(report: KeyReport): string {
  const header = ["Time (UTC)", "Request ID", "Method", "Endpoint", "Status", "Error", "Replayed", "Acted for", "Patient IDs"];
  const cells = report.rows.map((row) => [
    row.at.toISOString(),
    row.requestId,
    row.method,
    row.route,
    String(row.status),
    row.errorCode ?? "",
    row.replayed ? "yes" : "",
    row.actingPracticeName ?? "",
    row.patientIds.join(" "),
  ]);
  const [shown, all] = [report.rows.length, report.requests].map((count) => count.toLocaleString("en-GB"));
  const cut = report.requests > report.rows.length ? `Only the latest ${shown} of ${all} requests: narrow the dates (From, To) to export the rest.` : undefined;
  return csvFile(header, cells, cut);
}
