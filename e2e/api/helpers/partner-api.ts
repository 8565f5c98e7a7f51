// Fresh practices, partners, keys, patients and slots for the API specs. Keys are issued,
// rotated and disconnected through the same lib functions the dashboard's actions call; the
// rest is plain SQL. Every spec makes its own, so specs run in parallel and twice in a row.
import { randomInt } from "node:crypto";

import { issueKey } from "@/lib/api-keys";
import { prisma } from "@/lib/db";
import { connectPartner, disconnectPartner, rotatePartnerKey } from "@/lib/partners";
import { generatePracticeKey, revokePracticeKey } from "@/lib/practice-keys";

import { createPractice, db, type TestPractice, uniqueName } from "../../helpers/db";

export type Scope = "booking_links" | "messaging" | "booking";
export const ALL_SCOPES: Scope[] = ["booking_links", "messaging", "booking"];

/** The two instances of the app: in-process rate limiter, and Upstash over real Redis. */
export const BACKENDS = {
  memory: process.env.E2E_BASE_URL!,
  upstash: process.env.E2E_UPSTASH_BASE_URL!,
};

export type Connection = { practice: TestPractice; partnerId: string; key: string };

const actor = (practice: TestPractice) => ({ id: practice.admin.id, name: `E2E ${practice.admin.username}` });

export async function createPartner(scopes: Scope[]): Promise<string> {
  const slug = uniqueName("e2e-partner");
  const { rows } = await db().query(`INSERT INTO partners (id, name, slug, description, scopes) VALUES (gen_random_uuid(), $1, $1, 'E2E partner', $2::"Scope"[]) RETURNING id`, [slug, scopes]);
  return rows[0].id;
}

/** A new practice (unless given) connected to a new partner with these scopes: Apps > Connect. */
export async function connect(scopes: Scope[] = ALL_SCOPES, practice?: TestPractice): Promise<Connection> {
  const owner = practice ?? (await createPractice());
  const partnerId = await createPartner(scopes);
  const { key } = await connectPartner({ practiceGroupId: owner.id, partnerId, actor: actor(owner) });
  return { practice: owner, partnerId, key };
}

export async function rotate({ practice, partnerId }: Connection): Promise<string> {
  return (await rotatePartnerKey({ practiceGroupId: practice.id, partnerId, actor: actor(practice) })).key;
}

export async function disconnect({ practice, partnerId }: Connection) {
  await disconnectPartner({ practiceGroupId: practice.id, partnerId, actor: actor(practice) });
}

/** My Practice > Generate API Key for the connection's partner: replaces its key (hash only). */
export async function generateKey({ practice, partnerId }: Connection): Promise<{ key: string; revoke: () => Promise<void> }> {
  const { key } = await generatePracticeKey({ practiceGroupId: practice.id, partnerId, actor: actor(practice) });
  const { rows } = await db().query(`SELECT id FROM api_keys WHERE "practiceGroupId" = $1 AND "partnerId" = $2 AND "revokedAt" IS NULL`, [practice.id, partnerId]);
  return { key, revoke: () => revokePracticeKey({ practiceGroupId: practice.id, keyId: rows[0].id, actor: actor(practice) }) };
}

export async function expireKeys(practiceGroupId: string) {
  await db().query(`UPDATE api_keys SET "expiresAt" = now() - interval '1 second' WHERE "practiceGroupId" = $1`, [practiceGroupId]);
}

/** A user-owned key for the practice's staff member (issue 4's Super admin > API keys). */
export async function createUserKey(practice: TestPractice): Promise<{ key: string; username: string }> {
  const { plaintext } = await prisma.$transaction((tx) =>
    issueKey(tx, { kind: "USER", practiceGroupId: practice.id, ownerUserId: practice.staff.id, name: "E2E automation", scopes: [], createdById: null, viewable: false }),
  );
  return { key: plaintext, username: practice.staff.username };
}

export async function createNetwork(practiceGroupIds: string[]) {
  const code = uniqueName("U").toUpperCase();
  const { rows } = await db().query(`INSERT INTO networks (id, name, code) VALUES (gen_random_uuid(), $1, $1) RETURNING id`, [code]);
  for (const id of practiceGroupIds) await db().query(`INSERT INTO network_members ("networkId", "practiceGroupId") VALUES ($1, $2)`, [rows[0].id, id]);
}

export async function createPatient(practiceGroupId: string): Promise<{ id: string; nhsNumber: string }> {
  const nhsNumber = String(randomInt(1_000_000_000, 9_999_999_999));
  const { rows } = await db().query(
    `INSERT INTO patients (id, "practiceGroupId", "nhsNumber", "firstName", "lastName", "dateOfBirth") VALUES (gen_random_uuid(), $1, $2, 'E2E', 'Patient', '1980-01-01') RETURNING id`,
    [practiceGroupId, nhsNumber],
  );
  return { id: rows[0].id, nhsNumber };
}

export async function createSlot(practiceGroupId: string, startsInMs = 86_400_000): Promise<string> {
  const { rows } = await db().query(
    `INSERT INTO appointment_slots (id, "practiceGroupId", "startsAt", "endsAt", "appointmentType", clinician)
     VALUES (gen_random_uuid(), $1, now() + $2 * interval '1 millisecond', now() + ($2 + 900000) * interval '1 millisecond', 'GP consultation', 'Dr E2E') RETURNING id`,
    [practiceGroupId, startsInMs],
  );
  return rows[0].id;
}

type Credentials = { key?: string; token?: string; practiceGroupId?: string; username?: string };

/** The headers a partner sends: x-api-key or a bearer token, x-practice-group-id, x-username. */
export function apiHeaders({ key, token, practiceGroupId, username }: Credentials): Record<string, string> {
  return {
    ...(key !== undefined ? { "x-api-key": key } : {}),
    ...(token !== undefined ? { authorization: `Bearer ${token}` } : {}),
    ...(practiceGroupId !== undefined ? { "x-practice-group-id": practiceGroupId } : {}),
    ...(username !== undefined ? { "x-username": username } : {}),
  };
}
