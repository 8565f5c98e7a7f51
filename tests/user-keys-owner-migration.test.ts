// The migration that ends user keys with their owner, on keys an earlier release left live: one
// whose owner had moved to another practice and one whose owner had been deleted are revoked;
// the rest stay as they were. Afterwards, deleting an owner revokes their keys at once.
import { randomUUID } from "node:crypto";

import { afterAll, beforeAll, expect, it } from "vitest";

import { databaseBeforeMigration } from "./support/test-database";

let database: Awaited<ReturnType<typeof databaseBeforeMigration>>;

beforeAll(async () => {
  database = await databaseBeforeMigration("20261206090000_user_keys_end_with_owner");
});

afterAll(() => database.drop());

it("revokes the user keys of owners who moved or were deleted, and deleting an owner revokes theirs", async () => {
  const { client } = database;
  const [here, there] = [randomUUID(), randomUUID()];
  await client.query(`INSERT INTO practice_groups (id, name, code) VALUES ($1, 'Here', 'H1'), ($2, 'There', 'T1')`, [here, there]);
  const user = async (practiceGroupId: string) => {
    const id = randomUUID();
    await client.query(
      `INSERT INTO users (id, name, email, username, "passwordHash", "practiceGroupId", "updatedAt") VALUES ($1, 'U', $2, $3, 'x', $4, now())`,
      [id, `${id}@x.test`, id, practiceGroupId],
    );
    return id;
  };
  const [partner, connection] = [randomUUID(), randomUUID()];
  await client.query(`INSERT INTO partners (id, name, slug, description, scopes) VALUES ($1, 'P', $2, '', '{}')`, [partner, `p-${partner}`]);
  await client.query(`INSERT INTO partner_connections (id, "practiceGroupId", "partnerId", status, "updatedAt") VALUES ($1, $2, $3, 'CONNECTED', now())`, [
    connection,
    here,
    partner,
  ]);
  const key = async (kind: "USER" | "PARTNER", practiceGroupId: string, ownerUserId: string | null) => {
    const id = randomUUID();
    const [partnerId, connectionId] = kind === "PARTNER" ? [partner, connection] : [null, null];
    await client.query(
      `INSERT INTO api_keys (id, kind, environment, "practiceGroupId", "ownerUserId", "partnerId", "connectionId", name, "keyHash", "encryptedKey", "displayKey")
       VALUES ($1, $2::"ApiKeyKind", 'test', $3, $4, $5, $6, 'k', $7, 'ciphertext', 'hero_test_…')`,
      [id, kind, practiceGroupId, ownerUserId, partnerId, connectionId, `hash-${id}`],
    );
    return id;
  };
  const [stayed, moved, deleted] = [await user(here), await user(there), await user(here)];
  const keys = {
    stayed: await key("USER", here, stayed),
    moved: await key("USER", here, moved), // made while the owner was Here
    deleted: await key("USER", here, null), // its owner deleted: the foreign key emptied ownerUserId
    partnerKey: await key("PARTNER", here, null), // no owner, as every partner key
  };
  const ownerDeletedLater = await key("USER", here, deleted);

  await database.apply();
  const state = async (id: string) =>
    (await client.query(`SELECT "revokedAt" IS NOT NULL AS revoked, "revokedReason" AS reason, "encryptedKey" FROM api_keys WHERE id = $1`, [id])).rows[0];
  expect(await state(keys.stayed)).toEqual({ revoked: false, reason: null, encryptedKey: "ciphertext" });
  expect(await state(keys.moved)).toEqual({ revoked: true, reason: "owner_moved", encryptedKey: null });
  expect(await state(keys.deleted)).toEqual({ revoked: true, reason: "owner_deleted", encryptedKey: null });
  expect(await state(keys.partnerKey)).toEqual({ revoked: false, reason: null, encryptedKey: "ciphertext" });
  expect(await state(ownerDeletedLater)).toEqual({ revoked: false, reason: null, encryptedKey: "ciphertext" });

  await client.query(`DELETE FROM users WHERE id = $1`, [deleted]);
  expect(await state(ownerDeletedLater)).toEqual({ revoked: true, reason: "owner_deleted", encryptedKey: null });
});
