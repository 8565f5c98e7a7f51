// The migration that ends user keys when their owner is deactivated: keys an earlier release left
// live under an inactive owner (refused only while the owner stayed inactive) are revoked and
// recorded; an active owner's stay as they were. Afterwards, deactivating an owner revokes theirs.
import { randomUUID } from "node:crypto";

import { afterAll, beforeAll, expect, it } from "vitest";

import { databaseBeforeMigration } from "./support/test-database";

let database: Awaited<ReturnType<typeof databaseBeforeMigration>>;

beforeAll(async () => {
  database = await databaseBeforeMigration("20261208000000_user_keys_end_on_deactivation");
});

afterAll(() => database.drop());

it("revokes the user keys of inactive owners, and deactivating an owner revokes theirs for good", async () => {
  const { client } = database;
  const practice = randomUUID();
  await client.query(`INSERT INTO practice_groups (id, name, code) VALUES ($1, 'Here', 'H1')`, [practice]);
  const user = async (active: boolean) => {
    const id = randomUUID();
    await client.query(
      `INSERT INTO users (id, name, email, username, "passwordHash", "practiceGroupId", active, "updatedAt") VALUES ($1, 'U', $2, $3, 'x', $4, $5, now())`,
      [id, `${id}@x.test`, `user-${id}`, practice, active],
    );
    return id;
  };
  const key = async (ownerUserId: string) => {
    const id = randomUUID();
    await client.query(
      `INSERT INTO api_keys (id, kind, environment, "practiceGroupId", "ownerUserId", name, "keyHash", "encryptedKey", "displayKey")
       VALUES ($1, 'USER', 'test', $2, $3, 'k', $4, 'ciphertext', 'hero_test_…')`,
      [id, practice, ownerUserId, `hash-${id}`],
    );
    return id;
  };
  const [inactive, active] = [await user(false), await user(true)];
  const keys = { inactive: await key(inactive), active: await key(active) };

  await database.apply();
  const state = async (id: string) =>
    (await client.query(`SELECT "revokedAt" IS NOT NULL AS revoked, "revokedReason" AS reason, "encryptedKey" FROM api_keys WHERE id = $1`, [id])).rows[0];
  const recorded = async (id: string) =>
    (await client.query(`SELECT "actorName", action, "practiceGroupId", metadata->>'reason' AS reason FROM audit_events WHERE "targetId" = $1`, [id])).rows;
  expect(await state(keys.inactive)).toEqual({ revoked: true, reason: "owner_deactivated", encryptedKey: null });
  expect(await recorded(keys.inactive)).toEqual([{ actorName: "Hero", action: "user_key.revoked", practiceGroupId: practice, reason: "Owner deactivated" }]);
  expect(await state(keys.active)).toEqual({ revoked: false, reason: null, encryptedKey: "ciphertext" });

  // Reactivating the owner leaves the key revoked; deactivating the other revokes theirs, once.
  await client.query(`UPDATE users SET active = true WHERE id = $1`, [inactive]);
  expect(await state(keys.inactive)).toMatchObject({ revoked: true });
  await client.query(`UPDATE users SET active = false WHERE id = $1`, [active]);
  await client.query(`UPDATE users SET active = false WHERE id = $1`, [active]);
  expect(await state(keys.active)).toEqual({ revoked: true, reason: "owner_deactivated", encryptedKey: null });
  expect(await recorded(keys.active)).toHaveLength(1);
});
