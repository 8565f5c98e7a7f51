// The migration that moves Generate API Key's copies out of encryptedKey (which releases before
// shownOnce show to the practice) into supportCopy; every other key keeps its copy where it was.
import { randomUUID } from "node:crypto";

import { afterAll, beforeAll, expect, it } from "vitest";

import { databaseBeforeMigration } from "./support/test-database";

let database: Awaited<ReturnType<typeof databaseBeforeMigration>>;

beforeAll(async () => {
  database = await databaseBeforeMigration("20261207080000_api_key_support_copy");
});

afterAll(() => database.drop());

it("moves a shown-once key's copy to supportCopy and leaves the rest", async () => {
  const { client } = database;
  const practice = randomUUID();
  await client.query(`INSERT INTO practice_groups (id, name, code) VALUES ($1, 'Here', 'H1')`, [practice]);
  const key = async (shownOnce: boolean, encryptedKey: string | null) => {
    const id = randomUUID();
    await client.query(
      `INSERT INTO api_keys (id, kind, environment, "practiceGroupId", name, "keyHash", "encryptedKey", "shownOnce", "displayKey")
       VALUES ($1, 'USER', 'test', $2, 'k', $3, $4, $5, 'hero_test_…')`,
      [id, practice, `hash-${id}`, encryptedKey, shownOnce],
    );
    return id;
  };
  const keys = { generated: await key(true, "generated-copy"), viewable: await key(false, "viewable-copy"), hashOnly: await key(false, null) };

  await database.apply();
  const copies = async (id: string) => (await client.query(`SELECT "encryptedKey", "supportCopy" FROM api_keys WHERE id = $1`, [id])).rows[0];
  expect(await copies(keys.generated)).toEqual({ encryptedKey: null, supportCopy: "generated-copy" });
  expect(await copies(keys.viewable)).toEqual({ encryptedKey: "viewable-copy", supportCopy: null });
  expect(await copies(keys.hashOnly)).toEqual({ encryptedKey: null, supportCopy: null });
});
