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

export type TestPractice = { id: string; name: string; admin: TestUser; staff: TestUser };
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
  const { rows } = await db().query(`INSERT INTO practice_groups (id, name, code) VALUES (gen_random_uuid(), $1, $2) RETURNING id`, [name, uniqueName("E2E").toUpperCase()]);
  const id = rows[0].id as string;
  return { id, name, admin: await insertUser(id, "PRACTICE_ADMIN"), staff: await insertUser(id, "STAFF") };
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
