// Direct database access for specs: fresh practices and users so specs can run in parallel
// and twice in a row. Uses the same DATABASE_URL as the app under test (a throwaway database).
import { randomBytes } from "node:crypto";

import { hash } from "@node-rs/argon2";
import pg from "pg";

import { DEMO_PASSWORD } from "./users";

let pool: pg.Pool | undefined;
export function db() {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set: run the end-to-end tests with `npm run test:e2e`.");
  if (!/@(127\.0\.0\.1|localhost)[:/]/.test(url)) throw new Error("Refusing to touch a database that is not on localhost.");
  pool ??= new pg.Pool({ connectionString: url, max: 2 });
  return pool;
}

export const uniqueName = (label: string) => `${label}-${randomBytes(3).toString("hex")}`;

export type TestPractice = { id: string; name: string; code: string; admin: TestUser; staff: TestUser };
export type TestUser = { id: string; email: string; username: string; password: string };

let passwordHash: Promise<string> | undefined;

async function insertUser(practiceGroupId: string, role: "STAFF" | "PRACTICE_ADMIN" | "SUPER_ADMIN"): Promise<TestUser> {
  passwordHash ??= hash(DEMO_PASSWORD);
  const username = uniqueName(role.toLowerCase());
  const email = `${username}@e2e.test`;
  const { rows } = await db().query(
    `INSERT INTO users (id, name, email, username, "passwordHash", role, "practiceGroupId", "updatedAt")
     VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6, now()) RETURNING id`,
    [`E2E ${username}`, email, username, await passwordHash, role, practiceGroupId],
  );
  return { id: rows[0].id, email, username, password: DEMO_PASSWORD };
}

/** A new practice group with a practice admin and a staff member, outside any network. */
export async function createPractice(): Promise<TestPractice> {
  const name = uniqueName("E2E Practice");
  const code = uniqueName("E2E").toUpperCase();
  const { rows } = await db().query(`INSERT INTO practice_groups (id, name, code) VALUES (gen_random_uuid(), $1, $2) RETURNING id`, [name, code]);
  const id = rows[0].id as string;
  return { id, name, code, admin: await insertUser(id, "PRACTICE_ADMIN"), staff: await insertUser(id, "STAFF") };
}

export async function setUserActive(userId: string, active: boolean) {
  await db().query(`UPDATE users SET active = $2 WHERE id = $1`, [userId, active]);
}

export async function partnerId(slug: string): Promise<string> {
  const { rows } = await db().query(`SELECT id FROM partners WHERE slug = $1`, [slug]);
  return rows[0].id;
}

export async function storedKeyColumns(): Promise<string> {
  const { rows } = await db().query(`SELECT "keyHash", "encryptedKey", "displayKey" FROM api_keys`);
  return JSON.stringify(rows);
}

export async function auditActions(practiceGroupId: string): Promise<string[]> {
  const { rows } = await db().query(`SELECT action FROM audit_events WHERE "practiceGroupId" = $1 ORDER BY "createdAt"`, [practiceGroupId]);
  return rows.map((row) => row.action);
}

// Super admin > API keys. Keys are made with the app's own key format and encryption (the
// spec process has the server's API_KEY_ENCRYPTION_KEY), so View can decrypt them.
export type TestUserKey = { id: string; name: string; key: string };

export async function insertUserKey(owner: { id: string; practiceGroupId: string }, name: string, description = ""): Promise<TestUserKey> {
  const { displayKey, generateKey, sha256Hex } = await import("../../lib/key-format");
  const { encryptKey } = await import("../../lib/key-crypto");
  const key = generateKey("test");
  const keyHash = await sha256Hex(key);
  const { rows } = await db().query(
    `INSERT INTO api_keys (id, kind, environment, "practiceGroupId", "ownerUserId", name, description, scopes, "keyHash", "encryptedKey", "displayKey")
     VALUES (gen_random_uuid(), 'USER', 'test', $1, $2, $3, $4, '{booking_links,messaging,booking}', $5, $6, $7) RETURNING id`,
    [owner.practiceGroupId, owner.id, name, description, keyHash, encryptKey(key, keyHash), displayKey(key)],
  );
  return { id: rows[0].id, name, key };
}

/** Many keys at once for paging: not viewable, each a second older than the one before. */
export async function insertUserKeys(owner: { id: string; practiceGroupId: string }, names: string[]) {
  await db().query(
    `INSERT INTO api_keys (id, kind, environment, "practiceGroupId", "ownerUserId", name, scopes, "keyHash", "displayKey", "createdAt")
     SELECT gen_random_uuid(), 'USER', 'test', $1, $2, n.name, '{}', md5(random()::text || n.name), 'hero_test_…0000', now() - (n.i || ' seconds')::interval
     FROM unnest($3::text[]) WITH ORDINALITY AS n(name, i)`,
    [owner.practiceGroupId, owner.id, names],
  );
}

export async function userKeyRow(id: string) {
  const { rows } = await db().query(
    `SELECT name, description, "revokedAt", "revokedReason", "deletedAt", "encryptedKey" IS NOT NULL AS viewable FROM api_keys WHERE id = $1`,
    [id],
  );
  return rows[0] as { name: string; description: string; revokedAt: Date | null; revokedReason: string | null; deletedAt: Date | null; viewable: boolean };
}

export async function userKeyByHash(key: string) {
  const { sha256Hex } = await import("../../lib/key-format");
  const { rows } = await db().query(`SELECT id, kind, name, "ownerUserId" FROM api_keys WHERE "keyHash" = $1`, [await sha256Hex(key)]);
  return rows[0] as { id: string; kind: string; name: string; ownerUserId: string } | undefined;
}

export async function auditEventsFor(targetId: string): Promise<{ action: string; actorName: string; metadata: unknown }[]> {
  const { rows } = await db().query(`SELECT action, "actorName", metadata FROM audit_events WHERE "targetId" = $1 ORDER BY "createdAt"`, [targetId]);
  return rows;
}

export async function countUserKeysNamed(name: string): Promise<number> {
  const { rows } = await db().query(`SELECT count(*)::int AS n FROM api_keys WHERE name = $1`, [name]);
  return rows[0].n;
}
