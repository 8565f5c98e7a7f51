// HTTP behaviour shared by every endpoint: 405 with Allow, JSON 404 for unknown paths, the
// public OpenAPI document, and error bodies that are always { error, message }.
import { expect, test } from "@playwright/test";

import { storageState } from "../helpers/users";
import { apiHeaders, connect } from "./helpers/partner-api";

const wrongMethods = [
  { method: "post", path: "/api/v1/practice-groups", allow: "GET, HEAD" },
  { method: "delete", path: "/api/v1/booking-links", allow: "GET, HEAD, POST" },
  { method: "put", path: "/api/v1/messages/6f1c3b1e-8d2a-4c55-9a57-0e2f3b4c5d6e", allow: "GET, HEAD" },
  { method: "patch", path: "/api/v1/appointments", allow: "GET, HEAD, POST" },
  { method: "post", path: "/api/v1/appointments/6f1c3b1e-8d2a-4c55-9a57-0e2f3b4c5d6e", allow: "GET, HEAD, DELETE" },
  { method: "get", path: "/api/v1/access_token", allow: "POST" },
] as const;

for (const { method, path, allow } of wrongMethods) {
  test(`${method.toUpperCase()} ${path} → 405 method_not_allowed, Allow: ${allow}`, async ({ request }) => {
    const { key, practice } = await connect();
    const response = await request.fetch(path, { method, headers: apiHeaders({ key, practiceGroupId: practice.id }) });
    expect(response.status()).toBe(405);
    expect(response.headers()["allow"]).toBe(allow);
    expect(await response.json()).toEqual({ error: "method_not_allowed", message: expect.any(String) });
  });
}

test("an unknown path under /api/v1, and /api/v1 itself, is a JSON 404", async ({ request }) => {
  const { key, practice } = await connect();
  for (const path of ["/api/v1/patients", "/api/v1/booking-links/x/y", "/api/v1"]) {
    const response = await request.get(path, { headers: apiHeaders({ key, practiceGroupId: practice.id }) });
    expect([path, response.status()]).toEqual([path, 404]);
    expect(await response.json()).toEqual({ error: "not_found", message: expect.any(String) });
  }
});

// The middleware tells API calls by their path as sent: if Next ever routed a percent-encoded
// prefix or endpoint name to an endpoint, a key would skip its rate limit (security reviews).
test("a percent-encoded /api/v1 prefix reaches no endpoint, even with a dashboard session", async ({ browser }) => {
  const { key, practice } = await connect();
  const context = await browser.newContext({ storageState: storageState("riversideStaff") });
  const headers = apiHeaders({ key, practiceGroupId: practice.id });
  expect((await context.request.get("/api/v1/practice-groups", { headers })).status()).toBe(200);
  // And an encoded endpoint name: counted per address as no endpoint, it must not be served either.
  for (const path of [
    "/api/v%31/practice-groups",
    "/%61pi/v1/practice-groups",
    "/api%2Fv1/practice-groups",
    "/%61%70%69/v1/appointments",
    "/api/v1/practice%2Dgroups",
    "/api/v1/%70ractice-groups",
  ]) {
    const response = await context.request.get(path, { headers, maxRedirects: 0 });
    expect([path, response.status()]).toEqual([path, 404]);
    expect(await response.text()).not.toContain(practice.id);
  }
  await context.close();
});

test("the OpenAPI 3.1 document is public and describes every endpoint", async ({ request }) => {
  const response = await request.get("/api/v1/openapi.json");
  expect(response.status()).toBe(200);
  const doc = await response.json();
  expect(doc.openapi).toBe("3.1.0");
  expect(Object.keys(doc.paths)).toEqual(
    expect.arrayContaining([
      "/practice-groups",
      "/access_token",
      "/booking-links",
      "/booking-links/{id}",
      "/messages",
      "/messages/{id}",
      "/slots",
      "/appointments",
      "/appointments/{id}",
    ]),
  );
  expect(doc.paths["/appointments"].post.requestBody.content["application/json"].schema.required).toEqual(["slot_id"]);
  expect(doc.components.securitySchemes.ApiKey).toMatchObject({ type: "apiKey", in: "header", name: "x-api-key" });
});

test("responses are never cached", async ({ request }) => {
  const { key, practice } = await connect();
  for (const headers of [apiHeaders({ key, practiceGroupId: practice.id }), apiHeaders({ practiceGroupId: practice.id })]) {
    const response = await request.get("/api/v1/practice-groups", { headers });
    expect(response.headers()["cache-control"]).toBe("no-store");
  }
});

test("the bench's unauthenticated baseline routes do not exist outside bench mode", async ({ request }) => {
  const { practice } = await connect();
  for (const path of ["/api/bench/practice-groups", "/api/bench/practice-groups/through-middleware", "/api/bench/constant"]) {
    const response = await request.get(path, { headers: { "x-practice-group-id": practice.id } });
    expect(response.status(), path).toBe(404);
    expect(await response.text()).not.toContain(practice.name);
  }
});
