// Practices with users who can sign in (the demo password), and a plain pg pool on the same
// database, for Playwright specs, the bench and the fuzzer. Records without sign-in: records.ts.
import { randomBytes } from "node:crypto";

import { hash } from "@node-rs/argon2";
import pg from "pg";

import { DEMO_PASSWORD } from "../../prisma/demo-data";

let pool: pg.Pool | undefined;
export function db() {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set: run the end-to-end tests with `npm run test:e2e`.");
  if (!/@(127\.0\.0\.1|localhost)[:/]/.test(url)) throw new Error("Refusing to touch a database that is not on localhost.");
  pool ??= new pg.Pool({ connectionString: url, max: 2 });
  return pool;
}

// 48 random bits: with 24, a suite's few thousand users met a taken email about once in a hundred runs.
export const uniqueName = (label: string) => `${label}-${randomBytes(6).toString("hex")}`;

export type TestPractice = { id: string; name: string; code: string; admin: TestUser; staff: TestUser };
export type TestUser = { id: string; email: string; username: string; password: string };

let passwordHash: Promise<string> | undefined;

async function insertUser(practiceGroupId: string, role: "STAFF" | "PRACTICE_ADMIN" | "SUPER_ADMIN", pool = db()): Promise<TestUser> {
  passwordHash ??= hash(DEMO_PASSWORD);
  const username = uniqueName(role.toLowerCase());
  const email = `${username}@e2e.test`;
  const { rows } = await pool.query(
    `INSERT INTO users (id, name, email, username, "passwordHash", role, "practiceGroupId", "updatedAt")
     VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6, now()) RETURNING id`,
    [`E2E ${username}`, email, username, await passwordHash, role, practiceGroupId],
  );
  return { id: rows[0].id, email, username, password: DEMO_PASSWORD };
}

/** A new practice group with a practice admin and a staff member, outside any network (in `pool`'s database). */
export async function createPractice(pool = db()): Promise<TestPractice> {
  const name = uniqueName("E2E Practice");
  const code = uniqueName("E2E").toUpperCase();
  const { rows } = await pool.query(`INSERT INTO practice_groups (id, name, code) VALUES (gen_random_uuid(), $1, $2) RETURNING id`, [name, code]);
  const id = rows[0].id as string;
  return { id, name, code, admin: await insertUser(id, "PRACTICE_ADMIN", pool), staff: await insertUser(id, "STAFF", pool) };
}
