// A throwaway database is dropped again when a step after CREATE DATABASE fails, so a failed run
// leaves nothing behind. The failures are real ones, no mocks: the migrations meet a search_path
// with no schema in it (CREATE TYPE fails), and the seed refuses a production environment.
import { randomBytes } from "node:crypto";

import pg from "pg";
import { afterAll, afterEach, expect, it, vi } from "vitest";

import { createSeededDatabase } from "../scripts/e2e-environment";
import { createTestDatabase, databaseBeforeMigration, dropTestDatabase, SERVER_URL } from "./support/test-database";

// Labels unique to this run, so the count sees only what these tests make.
const run = randomBytes(4).toString("hex");
const [migrateLabel, beforeLabel, seedLabel] = [`cleanup_migrate_${run}`, `cleanup_before_${run}`, `cleanup_seed_${run}`];
const prefixes = [migrateLabel, beforeLabel, seedLabel].map((label) => `hero_${label}_`);

async function databases(prefix: string) {
  const client = new pg.Client({ connectionString: `${SERVER_URL}/postgres` });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE starts_with(datname, $1)`, [prefix]);
    return rows.map((row) => row.datname);
  } finally {
    await client.end();
  }
}

const noSchema = () => vi.stubEnv("PGOPTIONS", "-c search_path=no_such_schema");

afterEach(() => {
  vi.unstubAllEnvs();
});

// Should a test here fail, what it left is dropped all the same.
afterAll(async () => {
  for (const prefix of prefixes) for (const name of await databases(prefix)) await dropTestDatabase(name);
});

it("createTestDatabase drops the database when the migrations fail", async () => {
  expect(await databases(prefixes[0])).toEqual([]);
  noSchema();
  await expect(createTestDatabase(migrateLabel)).rejects.toThrow(/no schema has been selected/);
  expect(await databases(prefixes[0])).toEqual([]);
});

// A client left open would meet the DROP's FORCE: its "error" event, unhandled, fails the run.
it("databaseBeforeMigration closes its client and drops the database when an earlier migration fails", async () => {
  expect(await databases(prefixes[1])).toEqual([]);
  noSchema();
  await expect(databaseBeforeMigration("20261123181100_user_key_search", beforeLabel)).rejects.toThrow(/no schema has been selected/);
  expect(await databases(prefixes[1])).toEqual([]);
});

it("createSeededDatabase drops the database when the seed fails", async () => {
  expect(await databases(prefixes[2])).toEqual([]);
  await expect(createSeededDatabase({ HERO_ENVIRONMENT: "production" }, seedLabel)).rejects.toThrow(/never seeded in staging or production/);
  expect(await databases(prefixes[2])).toEqual([]);
}, 60_000);
