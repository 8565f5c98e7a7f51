// The access-token flow of seed 002: POST /api/v1/access_token with x-api-key and
// x-practice-group-id, then Authorization: Bearer with the same x-practice-group-id. The token
// is stateless (either instance accepts it) and dies with its key.
import { expect, test, type APIRequestContext } from "@playwright/test";

import { createPractice } from "../../tests/support/practices";
import { createNetwork } from "../../tests/support/records";
import { apiHeaders, BACKENDS, connect, createUserKey, disconnect, rotate } from "./helpers/partner-api";

async function exchange(request: APIRequestContext, headers: Record<string, string>) {
  const response = await request.post("/api/v1/access_token", { headers });
  return { status: response.status(), body: await response.json() };
}

test("a key is exchanged for a 15-minute bearer token that both instances accept", async ({ request }) => {
  const { key, practice } = await connect(["booking"]);
  const { status, body } = await exchange(request, apiHeaders({ key, practiceGroupId: practice.id }));
  expect(status).toBe(200);
  expect(body).toEqual({ access_token: expect.stringMatching(/^hero_at_/), token_type: "Bearer", expires_in: 900, expires_at: expect.any(String) });
  expect(JSON.stringify(body)).not.toContain(key);
  for (const base of Object.values(BACKENDS)) {
    const response = await request.get(`${base}/api/v1/slots`, { headers: apiHeaders({ token: body.access_token, practiceGroupId: practice.id }) });
    expect(response.status()).toBe(200);
  }
});

test("a token is for the practice group it was issued for, including a network hub", async ({ request }) => {
  const { key, practice } = await connect();
  const hub = await createPractice();
  await createNetwork([practice.id, hub.id]);
  const { body } = await exchange(request, apiHeaders({ key, practiceGroupId: hub.id }));
  const use = (practiceGroupId: string) => request.get("/api/v1/practice-groups", { headers: apiHeaders({ token: body.access_token, practiceGroupId }) });
  const atHub = await use(hub.id);
  expect([atHub.status(), (await atHub.json()).data.id]).toEqual([200, hub.id]);
  const elsewhere = await use(practice.id);
  expect([elsewhere.status(), (await elsewhere.json()).error]).toEqual([403, "forbidden"]);
});

test("rotating or disconnecting the key kills its tokens at once, on every instance", async ({ request }) => {
  for (const kill of [rotate, disconnect]) {
    const connection = await connect();
    const { body } = await exchange(request, apiHeaders({ key: connection.key, practiceGroupId: connection.practice.id }));
    const statuses = async () => {
      const result = [];
      for (const base of Object.values(BACKENDS)) {
        result.push(
          (
            await request.get(`${base}/api/v1/practice-groups`, { headers: apiHeaders({ token: body.access_token, practiceGroupId: connection.practice.id }) })
          ).status(),
        );
      }
      return result;
    };
    expect(await statuses()).toEqual([200, 200]);
    await kill(connection);
    expect(await statuses()).toEqual([401, 401]);
  }
});

test("the exchange takes the key itself, never a token, and refuses other practices", async ({ request }) => {
  const { key, practice } = await connect();
  const outsider = await createPractice();
  expect((await exchange(request, apiHeaders({ key, practiceGroupId: outsider.id }))).body.error).toBe("forbidden");
  const { body } = await exchange(request, apiHeaders({ key, practiceGroupId: practice.id }));
  const renewal = await exchange(request, apiHeaders({ token: body.access_token, practiceGroupId: practice.id }));
  expect([renewal.status, renewal.body.error]).toEqual([401, "invalid_credentials"]);
});

test("a user key's token needs x-username at the exchange only", async ({ request }) => {
  const practice = await createPractice();
  const { key, username } = await createUserKey(practice);
  expect((await exchange(request, apiHeaders({ key, practiceGroupId: practice.id }))).status).toBe(401);
  const { status, body } = await exchange(request, apiHeaders({ key, practiceGroupId: practice.id, username }));
  expect(status).toBe(200);
  const response = await request.get("/api/v1/messages", { headers: apiHeaders({ token: body.access_token, practiceGroupId: practice.id }) });
  expect(response.status()).toBe(200);
});
