// The migration that stops storing booking links' tokens, on a link the old schema held: the link
// is found by its token's SHA-256 afterwards, and neither a column nor the table's file holds the token.
import { hash, randomBytes, randomUUID } from "node:crypto";

import { afterAll, beforeAll, expect, it } from "vitest";

import { databaseBeforeMigration } from "./support/test-database";

let database: Awaited<ReturnType<typeof databaseBeforeMigration>>;

beforeAll(async () => {
  database = await databaseBeforeMigration("20261206020000_booking_link_token_hashed");
});

afterAll(() => database.drop());

it("keeps each link's token as its SHA-256 alone, so the patient's link still finds it", async () => {
  const { client } = database;
  const [practice, patient, link] = [randomUUID(), randomUUID(), randomUUID()];
  const token = randomBytes(32).toString("base64url");
  await client.query(`INSERT INTO practice_groups (id, name, code) VALUES ($1, 'P', 'P1')`, [practice]);
  await client.query(
    `INSERT INTO patients (id, "practiceGroupId", "nhsNumber", "firstName", "lastName", "dateOfBirth") VALUES ($1, $2, '9434765919', 'Ann', 'Lee', '1980-01-01')`,
    [patient, practice],
  );
  await client.query(
    `INSERT INTO booking_links (id, "practiceGroupId", "patientId", "appointmentType", token, "expiresAt") VALUES ($1, $2, $3, 'GP', $4, now() + interval '1 day')`,
    [link, practice, patient, token],
  );

  await database.apply();
  // Nor in the table's file: a dropped column's values, and the row versions before an update, stay there until rewritten.
  await client.query("CHECKPOINT");
  const onDisk = await client.query(`SELECT position(convert_to($1, 'UTF8') IN pg_read_binary_file(pg_relation_filepath('booking_links'))) AS at`, [token]);
  expect(onDisk.rows).toEqual([{ at: 0 }]);

  const { rows } = await client.query(`SELECT row_to_json(b)::text AS row, "tokenHash", "tokenEncrypted" FROM booking_links b WHERE id = $1`, [link]);
  expect(rows).toEqual([{ row: expect.not.stringContaining(token), tokenHash: hash("sha256", token, "hex"), tokenEncrypted: null }]);
  const duplicate = client.query(
    `INSERT INTO booking_links (id, "practiceGroupId", "patientId", "appointmentType", "tokenHash", "expiresAt") VALUES ($1, $2, $3, 'GP', $4, now())`,
    [randomUUID(), practice, patient, rows[0].tokenHash],
  );
  await expect(duplicate).rejects.toThrow(/booking_links_tokenHash_key/);
});
