// Throwaway PostgreSQL databases for tests: created fresh, migrated, dropped afterwards.
// Refuses any server that is not on this machine, so a test can never touch real data.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";

import pg from "pg";

export const SERVER_URL = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432";

function assertLocal(url: string) {
  const host = new URL(url).hostname;
  if (!["127.0.0.1", "localhost", "::1", "[::1]"].includes(host)) {
    throw new Error(`Refusing to run tests against a database on ${host}: tests only use a local PostgreSQL.`);
  }
}

async function admin<T>(run: (client: pg.Client) => Promise<T>) {
  const client = new pg.Client({ connectionString: `${SERVER_URL}/postgres` });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

const newName = (label: string) => `hero_${label}_${randomBytes(4).toString("hex")}`;

/** Creates and (unless told not to) migrates a new database; returns its URL. */
export async function createTestDatabase(label: string, { migrate = true } = {}) {
  assertLocal(SERVER_URL);
  const name = newName(label);
  await admin((client) => client.query(`CREATE DATABASE ${name}`));
  const url = `${SERVER_URL}/${name}`;
  try {
    if (migrate) execFileSync("node_modules/.bin/prisma", ["migrate", "deploy"], { env: { ...process.env, DATABASE_URL: url }, stdio: "pipe" });
  } catch (error) {
    // The caller never gets the name, so nothing else would drop it.
    await dropTestDatabase(name);
    throw error;
  }
  return { name, url };
}

/** A copy of `source` (which must have no open connections), migrations and data included. */
export async function copyTestDatabase(source: string, label: string) {
  assertLocal(SERVER_URL);
  const name = newName(label);
  await admin((client) => client.query(`CREATE DATABASE ${name} TEMPLATE ${source}`));
  return { name, url: `${SERVER_URL}/${name}` };
}

export async function dropTestDatabase(name: string) {
  await admin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}

const MIGRATIONS = "prisma/migrations";

/**
 * For a migration's own test: a new database with every migration before `target` applied, so
 * the test can insert data the old schema allowed; `apply()` then runs `target` alone.
 */
export async function databaseBeforeMigration(target: string, label = `migration_${target.split("_")[0]}`) {
  const folders = readdirSync(MIGRATIONS)
    .filter((entry) => /^\d+_/.test(entry))
    .sort();
  if (!folders.includes(target)) throw new Error(`No migration ${target} in ${MIGRATIONS}`);
  // Named after the target by default, so a database left behind says which test left it.
  const { name } = await createTestDatabase(label, { migrate: false });
  const client = new pg.Client({ connectionString: `${SERVER_URL}/${name}` });
  const drop = async () => {
    await client.end();
    await dropTestDatabase(name);
  };
  // As Prisma's runner does: one statement at a time, split at every semicolon, outside a transaction.
  const run = async (folder: string) => {
    for (const statement of readFileSync(`${MIGRATIONS}/${folder}/migration.sql`, "utf8").split(";")) await client.query(statement);
  };
  try {
    await client.connect();
    for (const folder of folders.filter((folder) => folder < target)) await run(folder);
  } catch (error) {
    // The caller never gets `drop`: close and drop here, or both are left behind.
    await drop();
    throw error;
  }
  return { client, apply: () => run(target), drop };
}
