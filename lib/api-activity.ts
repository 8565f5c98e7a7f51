// Reading the API access ledger (lib/ledger.ts) for a practice: what a partner's keys did
// (Apps > partner > API activity) and who accessed one patient's record (My Practice). A
// cross-organisational call is the business of both practices: the key's and the one it acted for.
import { prisma } from "@/lib/db";
import { isStorable } from "@/lib/text";

export type LedgerRow = {
  id: string;
  at: Date;
  requestId: string;
  method: string;
  route: string;
  status: number;
  errorCode: string | null;
  durationMs: number;
  patientCount: number;
  keyDisplay: string;
  partnerName: string | null;
  actingPracticeName: string | null;
  keyPracticeName: string;
};

const ROW_FIELDS = `r.id, r.at, r."requestId", r.method, r.route, r.status, r."errorCode", r."durationMs", cardinality(r."patientIds") AS "patientCount",
  k."displayKey" AS "keyDisplay", p.name AS "partnerName", acting.name AS "actingPracticeName", own.name AS "keyPracticeName"`;
const ROW_JOINS = `JOIN api_keys k ON k.id = r."keyId"
  LEFT JOIN partners p ON p.id = k."partnerId"
  LEFT JOIN practice_groups acting ON acting.id = r."actingPracticeGroupId"
  JOIN practice_groups own ON own.id = r."keyPracticeGroupId"`;

export const ACTIVITY_WINDOW_HOURS = 24;

/** A partner's requests that concern the practice: the last 50, and counts by outcome over the last day. */
export async function partnerActivity(practiceGroupId: string, partnerId: string) {
  const [recent, counts] = await Promise.all([
    prisma.$queryRawUnsafe<LedgerRow[]>(
      `SELECT ${ROW_FIELDS} FROM api_requests r ${ROW_JOINS}
       WHERE k."partnerId" = $2::uuid AND (r."actingPracticeGroupId" = $1::uuid OR r."keyPracticeGroupId" = $1::uuid)
       ORDER BY r.at DESC LIMIT 50`,
      practiceGroupId,
      partnerId,
    ),
    prisma.$queryRaw<{ succeeded: number; refused: number; limited: number }[]>`
      SELECT count(*) FILTER (WHERE r.status < 400)::int AS succeeded,
             count(*) FILTER (WHERE r.status >= 400 AND r.status <> 429)::int AS refused,
             count(*) FILTER (WHERE r.status = 429)::int AS limited
      FROM api_requests r JOIN api_keys k ON k.id = r."keyId"
      WHERE k."partnerId" = ${partnerId}::uuid AND (r."actingPracticeGroupId" = ${practiceGroupId}::uuid OR r."keyPracticeGroupId" = ${practiceGroupId}::uuid)
        AND r.at > now() - make_interval(hours => ${ACTIVITY_WINDOW_HOURS})`,
  ]);
  return { recent, counts: counts[0] };
}

const NHS_NUMBER = /^\d{10}$/;

export type PatientAccess =
  | { state: "none" }
  | { state: "invalid" }
  | { state: "unknown"; nhsNumber: string }
  | { state: "found"; nhsNumber: string; patientName: string; rows: LedgerRow[] };

/** Every recorded partner access to one of the practice's patients, newest first (the last 200). */
export async function patientAccessHistory(practiceGroupId: string, nhsNumber: string): Promise<PatientAccess> {
  const wanted = isStorable(nhsNumber) ? nhsNumber.replace(/\s/g, "") : "";
  if (!wanted) return { state: "none" };
  if (!NHS_NUMBER.test(wanted)) return { state: "invalid" };
  const patient = await prisma.patient.findFirst({ where: { practiceGroupId, nhsNumber: wanted }, select: { id: true, firstName: true, lastName: true } });
  if (!patient) return { state: "unknown", nhsNumber: wanted };
  const rows = await prisma.$queryRawUnsafe<LedgerRow[]>(
    `SELECT ${ROW_FIELDS} FROM api_requests r ${ROW_JOINS} WHERE r."patientIds" @> ARRAY[$1::uuid] ORDER BY r.at DESC LIMIT 200`,
    patient.id,
  );
  return { state: "found", nhsNumber: wanted, patientName: `${patient.firstName} ${patient.lastName}`, rows };
}

export type KeyUsage = { requests: number; patients: number; lastAt: Date | null };

/** What each key did since it was made, from the ledger: requests, distinct patients, last use. */
export async function keyUsage(keyIds: string[]): Promise<Map<string, KeyUsage>> {
  if (keyIds.length === 0) return new Map();
  const rows = await prisma.$queryRaw<{ keyId: string; requests: number; patients: number; lastAt: Date | null }[]>`
    SELECT r."keyId", count(DISTINCT r.id)::int AS requests, count(DISTINCT p.id)::int AS patients, max(r.at) AS "lastAt"
    FROM api_requests r LEFT JOIN LATERAL unnest(r."patientIds") AS p(id) ON true
    WHERE r."keyId" = ANY(${keyIds}::uuid[]) GROUP BY r."keyId"`;
  return new Map(rows.map(({ keyId, ...usage }) => [keyId, usage]));
}
