// The seeds' error table, row by row, on the running app: every way the key, the token or the
// practice group header can be wrong, and the ways they are right (own practice, network, user key).
import { expect, test } from "@playwright/test";

import { generateKey as randomKey } from "@/lib/key-format";

import { createPractice, type TestPractice } from "../../tests/support/practices";
import { createNetwork } from "../../tests/support/records";
import { apiHeaders, connect, createUserKey, disconnect, expireKeys, generateKey, rotate, type Connection } from "./helpers/partner-api";

type Row = { name: string; path?: string; headers: () => Record<string, string>; status: number; error?: string };

let booking: Connection;
let hub: TestPractice;
let outsider: TestPractice;
let revoked: string;
let rotatedAway: string;
let expired: Connection;
let disconnected: Connection;
let user: { practice: TestPractice; key: string; username: string };

test.beforeAll(async () => {
  booking = await connect(["booking"]);
  hub = await createPractice();
  outsider = await createPractice();
  await createNetwork([booking.practice.id, hub.id]);

  const generated = await generateKey(await connect());
  await generated.revoke();
  revoked = generated.key;
  const rotating = await connect();
  rotatedAway = rotating.key;
  await rotate(rotating);
  expired = await connect();
  await expireKeys(expired.practice.id);
  disconnected = await connect();
  await disconnect(disconnected);
  const userPractice = await createPractice();
  user = { practice: userPractice, ...(await createUserKey(userPractice)) };
});

const own = () => booking.practice.id;
const flipLast = (key: string) => key.slice(0, -1) + (key.endsWith("A") ? "B" : "A");

const rows: Row[] = [
  { name: "no key", headers: () => apiHeaders({ practiceGroupId: own() }), status: 401, error: "invalid_credentials" },
  { name: "a malformed key", headers: () => apiHeaders({ key: "hero_test_not-a-key", practiceGroupId: own() }), status: 401, error: "invalid_credentials" },
  {
    name: "a key with a wrong checksum",
    headers: () => apiHeaders({ key: flipLast(booking.key), practiceGroupId: own() }),
    status: 401,
    error: "invalid_credentials",
  },
  { name: "an unknown key", headers: () => apiHeaders({ key: randomKey("test"), practiceGroupId: own() }), status: 401, error: "invalid_credentials" },
  {
    name: "a live key on a test deployment",
    headers: () => apiHeaders({ key: randomKey("live"), practiceGroupId: own() }),
    status: 401,
    error: "invalid_credentials",
  },
  { name: "an expired key", headers: () => apiHeaders({ key: expired.key, practiceGroupId: expired.practice.id }), status: 401, error: "invalid_credentials" },
  { name: "a revoked key", headers: () => apiHeaders({ key: revoked, practiceGroupId: own() }), status: 401, error: "invalid_credentials" },
  {
    name: "a key replaced by Rotate API key",
    headers: () => apiHeaders({ key: rotatedAway, practiceGroupId: own() }),
    status: 401,
    error: "invalid_credentials",
  },
  {
    name: "a disconnected partner's key",
    headers: () => apiHeaders({ key: disconnected.key, practiceGroupId: disconnected.practice.id }),
    status: 401,
    error: "invalid_credentials",
  },
  {
    name: "a forged bearer token",
    headers: () => apiHeaders({ token: "hero_at_e30.c2lnbmF0dXJl", practiceGroupId: own() }),
    status: 401,
    error: "invalid_credentials",
  },
  {
    name: "a user key without x-username",
    headers: () => apiHeaders({ key: user.key, practiceGroupId: user.practice.id }),
    status: 401,
    error: "invalid_credentials",
  },
  {
    name: "a user key with another username",
    headers: () => apiHeaders({ key: user.key, practiceGroupId: user.practice.id, username: "someone-else" }),
    status: 401,
    error: "invalid_credentials",
  },
  { name: "no x-practice-group-id", headers: () => apiHeaders({ key: booking.key }), status: 400, error: "invalid_request" },
  {
    name: "an x-practice-group-id that is not a UUID",
    headers: () => apiHeaders({ key: booking.key, practiceGroupId: "A81001" }),
    status: 400,
    error: "invalid_request",
  },
  {
    name: "an unknown practice group",
    headers: () => apiHeaders({ key: booking.key, practiceGroupId: "6f1c3b1e-8d2a-4c55-9a57-0e2f3b4c5d6e" }),
    status: 403,
    error: "forbidden",
  },
  {
    name: "a practice group outside the key's network",
    headers: () => apiHeaders({ key: booking.key, practiceGroupId: outsider.id }),
    status: 403,
    error: "forbidden",
  },
  {
    name: "a key without the endpoint's scope",
    path: "/api/v1/messages",
    headers: () => apiHeaders({ key: booking.key, practiceGroupId: own() }),
    status: 403,
    error: "insufficient_permissions",
  },
  { name: "the key's own practice group", headers: () => apiHeaders({ key: booking.key, practiceGroupId: own() }), status: 200 },
  { name: "a practice group in the key's network", headers: () => apiHeaders({ key: booking.key, practiceGroupId: hub.id }), status: 200 },
  {
    name: "a user key with its owner's username",
    headers: () => apiHeaders({ key: user.key, practiceGroupId: user.practice.id, username: user.username }),
    status: 200,
  },
];

test.describe("the error table", () => {
  for (const row of rows) {
    test(`${row.name} → ${row.status}${row.error ? ` ${row.error}` : ""}`, async ({ request }) => {
      const headers = row.headers();
      const response = await request.get(row.path ?? "/api/v1/slots", { headers });
      expect(response.status()).toBe(row.status);
      expect(response.headers()["content-type"]).toContain("application/json");
      expect(response.headers()["x-ratelimit-limit"]).toBe("300");
      const text = await response.text();
      if (row.error) {
        const body = JSON.parse(text);
        expect(body).toEqual({ error: row.error, message: expect.any(String) });
      }
      // The presented key never comes back, in any answer.
      if (headers["x-api-key"]) expect(text).not.toContain(headers["x-api-key"]);
    });
  }
});

test("a cross-organisational call returns the target practice's data", async ({ request }) => {
  const { key, practice } = await connect();
  const target = await createPractice();
  await createNetwork([practice.id, target.id]);
  const response = await request.get("/api/v1/practice-groups", { headers: apiHeaders({ key, practiceGroupId: target.id }) });
  expect(response.status()).toBe(200);
  const { data } = await response.json();
  expect(data).toMatchObject({ id: target.id, name: target.name });
  expect(data.networks[0].practice_groups.map((group: { id: string }) => group.id).sort()).toEqual([practice.id, target.id].sort());
});
