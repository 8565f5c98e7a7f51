// The migration to one live key per partner, on data the old model allowed: a connection with a
// connection key and two generated keys, a connected partner whose only key was revoked, and a
// generated key beside no connection key.
import { randomUUID } from "node:crypto";

import type pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";

import { databaseBeforeMigration } from "./support/test-database";

let database: Awaited<ReturnType<typeof databaseBeforeMigration>>;
let client: pg.Client;

beforeAll(async () => {
  database = await databaseBeforeMigration("20261202190000_one_live_key_per_partner");
  client = database.client;
});

afterAll(() => database.drop());

async function insertKey(practiceGroupId: string, partnerId: string, connectionId: string | null, createdAt: string, revoked = false) {
  const id = randomUUID();
  await client.query(
    `INSERT INTO api_keys (id, kind, environment, "practiceGroupId", "partnerId", "connectionId", name, scopes, "keyHash", "displayKey", "createdAt", "revokedAt")
     VALUES ($1, 'PARTNER', 'test', $2, $3, $4, 'key', '{messaging}', $7, $8, $5, $6)`,
    [id, practiceGroupId, partnerId, connectionId, createdAt, revoked ? createdAt : null, `hash-${id}`, `hero_test_…${id.slice(0, 4)}`],
  );
  return id;
}

it("keeps the newest live key of each connection, disconnects a connected partner with none, and audits each change", async () => {
  const practice = randomUUID();
  const [busy, orphaned] = [randomUUID(), randomUUID()];
  await client.query(`INSERT INTO practice_groups (id, name, code) VALUES ($1, 'P', 'P1')`, [practice]);
  await client.query(
    `INSERT INTO partners (id, name, slug, description, scopes) VALUES ($1, 'Busy', 'busy', '', '{messaging}'), ($2, 'Orphaned', 'orphaned', '', '{messaging}')`,
    [busy, orphaned],
  );
  const busyConnection = randomUUID();
  const orphanedConnection = randomUUID();
  await client.query(
    `INSERT INTO partner_connections (id, "practiceGroupId", "partnerId", status, "updatedAt") VALUES ($1, $3, $4, 'CONNECTED', now()), ($2, $3, $5, 'CONNECTED', now())`,
    [busyConnection, orphanedConnection, practice, busy, orphaned],
  );
  const connectionKey = await insertKey(practice, busy, busyConnection, "2026-11-01");
  const olderGenerated = await insertKey(practice, busy, null, "2026-11-02");
  const newestGenerated = await insertKey(practice, busy, null, "2026-11-03");
  await insertKey(practice, orphaned, orphanedConnection, "2026-11-01", true);

  await database.apply();

  const { rows: keys } = await client.query(`SELECT id, "connectionId", "revokedAt" IS NULL AS live, "revokedReason" FROM api_keys WHERE "partnerId" = $1`, [
    busy,
  ]);
  const byId = Object.fromEntries(keys.map((key) => [key.id, key]));
  expect(byId[newestGenerated]).toMatchObject({ live: true, connectionId: busyConnection });
  expect(byId[olderGenerated]).toMatchObject({ live: false, revokedReason: "superseded", connectionId: busyConnection });
  expect(byId[connectionKey]).toMatchObject({ live: false, revokedReason: "superseded" });

  const { rows: connections } = await client.query(`SELECT id, status::text FROM partner_connections WHERE "practiceGroupId" = $1 ORDER BY id`, [practice]);
  expect(Object.fromEntries(connections.map((c) => [c.id, c.status]))).toEqual({ [busyConnection]: "CONNECTED", [orphanedConnection]: "DISCONNECTED" });

  const { rows: events } = await client.query(`SELECT action, "targetId" FROM audit_events WHERE "practiceGroupId" = $1 ORDER BY action, "targetId"`, [
    practice,
  ]);
  expect(events).toEqual(
    [
      { action: "api_key.revoked", targetId: connectionKey },
      { action: "api_key.revoked", targetId: olderGenerated },
      { action: "partner.disconnected", targetId: orphaned },
    ].sort((a, b) => a.action.localeCompare(b.action) || a.targetId.localeCompare(b.targetId)),
  );

  // From now on the database itself refuses a second live key, or a partner key without its connection.
  await expect(insertKey(practice, busy, busyConnection, "2026-11-04")).rejects.toThrow(/api_keys_one_live_key_per_connection/);
  await expect(insertKey(practice, busy, null, "2026-11-04")).rejects.toThrow(/api_keys_partner_key_has_connection/);
});
