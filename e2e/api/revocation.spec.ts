// Revocation is immediate on every instance: both app instances answer 200 for a key, the key is
// rotated, revoked or disconnected, and the very next request on each instance is 401.
import { expect, test, type APIRequestContext } from "@playwright/test";

import { db } from "../../tests/support/practices";
import { apiHeaders, BACKENDS, connect, disconnect, generateKey, rotate } from "./helpers/partner-api";

async function statusOnEachInstance(request: APIRequestContext, key: string, practiceGroupId: string) {
  const statuses = [];
  for (const base of Object.values(BACKENDS)) {
    statuses.push((await request.get(`${base}/api/v1/practice-groups`, { headers: apiHeaders({ key, practiceGroupId }) })).status());
  }
  return statuses;
}

test("Rotate API key: the old key's very next request is 401 on every instance, the new key works", async ({ request }) => {
  const connection = await connect();
  expect(await statusOnEachInstance(request, connection.key, connection.practice.id)).toEqual([200, 200]);
  const fresh = await rotate(connection);
  expect(await statusOnEachInstance(request, connection.key, connection.practice.id)).toEqual([401, 401]);
  expect(await statusOnEachInstance(request, fresh, connection.practice.id)).toEqual([200, 200]);
});

test("Generate API Key for a connected partner replaces its key: the old key's very next request is 401 on every instance", async ({ request }) => {
  const connection = await connect();
  const generated = await generateKey(connection);
  expect(await statusOnEachInstance(request, connection.key, connection.practice.id)).toEqual([401, 401]);
  expect(await statusOnEachInstance(request, generated.key, connection.practice.id)).toEqual([200, 200]);
});

test("Rotate API key after Generate API Key: the generated key's very next request is 401 on every instance", async ({ request }) => {
  const connection = await connect();
  const generated = await generateKey(connection);
  const fresh = await rotate(connection);
  expect(await statusOnEachInstance(request, generated.key, connection.practice.id)).toEqual([401, 401]);
  expect(await statusOnEachInstance(request, fresh, connection.practice.id)).toEqual([200, 200]);
});

test("Revoke (My Practice): the key's very next request is 401 on every instance, and the partner is disconnected", async ({ request }) => {
  const connection = await connect();
  const generated = await generateKey(connection);
  expect(await statusOnEachInstance(request, generated.key, connection.practice.id)).toEqual([200, 200]);
  await generated.revoke();
  expect(await statusOnEachInstance(request, generated.key, connection.practice.id)).toEqual([401, 401]);
  const { rows } = await db().query(`SELECT status::text FROM partner_connections WHERE "practiceGroupId" = $1 AND "partnerId" = $2`, [
    connection.practice.id,
    connection.partnerId,
  ]);
  expect(rows[0].status).toBe("DISCONNECTED");
});

test("Disconnect: the partner's key stops at once", async ({ request }) => {
  // Connect's own key, working on both instances until Disconnect.
  const connection = await connect();
  expect(await statusOnEachInstance(request, connection.key, connection.practice.id)).toEqual([200, 200]);
  await disconnect(connection);
  expect(await statusOnEachInstance(request, connection.key, connection.practice.id)).toEqual([401, 401]);

  // And a key from Generate API Key, which replaced Connect's.
  const again = await connect();
  const generated = await generateKey(again);
  expect(await statusOnEachInstance(request, generated.key, again.practice.id)).toEqual([200, 200]);
  await disconnect(again);
  expect(await statusOnEachInstance(request, generated.key, again.practice.id)).toEqual([401, 401]);
});
