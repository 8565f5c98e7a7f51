// The migration that gives idempotency keys to the caller instead of the API key, on rows the old
// schema held: a rotated partner key and its successor that both used one Idempotency-Key (the
// first row live, or past its 24 hours), a user key, and a user key whose owner was deleted.
// Nothing a retry could still match is lost.
import { randomUUID } from "node:crypto";

import type pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";

import { databaseBeforeMigration } from "./support/test-database";

let database: Awaited<ReturnType<typeof databaseBeforeMigration>>;
let client: pg.Client;

beforeAll(async () => {
  database = await databaseBeforeMigration("20261204150000_idempotency_keys_per_caller");
  client = database.client;
});

afterAll(() => database.drop());

async function insertKey(columns: { practiceGroupId: string; partnerId?: string; connectionId?: string; ownerUserId?: string; revoked?: boolean }) {
  const id = randomUUID();
  await client.query(
    `INSERT INTO api_keys (id, kind, environment, "practiceGroupId", "partnerId", "connectionId", "ownerUserId", name, scopes, "keyHash", "displayKey", "revokedAt")
     VALUES ($1, $2, 'test', $3, $4, $5, $6, 'key', '{messaging}', $7, 'hero_test_…', $8)`,
    [
      id,
      columns.partnerId ? "PARTNER" : "USER",
      columns.practiceGroupId,
      columns.partnerId ?? null,
      columns.connectionId ?? null,
      columns.ownerUserId ?? null,
      `hash-${id}`,
      columns.revoked ? new Date() : null,
    ],
  );
  return id;
}

const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString().replace("T", " ").replace("Z", "");

async function insertIdempotency(apiKeyId: string, keyHash: string, createdAt: string) {
  const resourceId = randomUUID();
  await client.query(`INSERT INTO idempotency_keys ("apiKeyId", "keyHash", fingerprint, "resourceId", "createdAt") VALUES ($1, $2, 'f', $3, $4)`, [
    apiKeyId,
    keyHash,
    resourceId,
    createdAt,
  ]);
  return resourceId;
}

it("gives each row its key's connection or owner, keeps the first live row of two rotated keys' for one Idempotency-Key, and drops rows no retry can match", async () => {
  const [practice, partner, connection, owner] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
  await client.query(`INSERT INTO practice_groups (id, name, code) VALUES ($1, 'P', 'P1')`, [practice]);
  await client.query(`INSERT INTO partners (id, name, slug, description, scopes) VALUES ($1, 'Partner', 'partner', '', '{messaging}')`, [partner]);
  await client.query(`INSERT INTO partner_connections (id, "practiceGroupId", "partnerId", status, "updatedAt") VALUES ($1, $2, $3, 'CONNECTED', now())`, [
    connection,
    practice,
    partner,
  ]);
  await client.query(
    `INSERT INTO users (id, name, email, username, "passwordHash", "practiceGroupId", "updatedAt") VALUES ($1, 'Owner', 'o@example.test', 'owner', 'x', $2, now())`,
    [owner, practice],
  );
  const rotated = await insertKey({ practiceGroupId: practice, partnerId: partner, connectionId: connection, revoked: true });
  const live = await insertKey({ practiceGroupId: practice, partnerId: partner, connectionId: connection });
  const ownersKey = await insertKey({ practiceGroupId: practice, ownerUserId: owner });
  const ownerless = await insertKey({ practiceGroupId: practice });

  // Past its 24 hours, so the live row of the same Idempotency-Key after the rotation stays.
  await insertIdempotency(rotated, "expired", hoursAgo(25));
  const first = await insertIdempotency(rotated, "same", hoursAgo(3));
  const afterExpired = await insertIdempotency(live, "expired", hoursAgo(2.5));
  await insertIdempotency(live, "same", hoursAgo(2));
  const other = await insertIdempotency(live, "other", hoursAgo(1.5));
  const users = await insertIdempotency(ownersKey, "same", hoursAgo(1));
  await insertIdempotency(ownerless, "same", hoursAgo(0.5));

  await database.apply();

  const { rows } = await client.query(`SELECT "callerId", "keyHash", "resourceId" FROM idempotency_keys ORDER BY "createdAt"`);
  expect(rows).toEqual([
    { callerId: connection, keyHash: "same", resourceId: first },
    { callerId: connection, keyHash: "expired", resourceId: afterExpired },
    { callerId: connection, keyHash: "other", resourceId: other },
    { callerId: owner, keyHash: "same", resourceId: users },
  ]);
});
