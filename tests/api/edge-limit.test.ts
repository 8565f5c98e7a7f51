// The middleware's limit names what it counted: the API key, or the client address for requests
// without a usable key.
import { describe, expect, it } from "vitest";

import { guardApiRequest } from "@/lib/api/edge";
import { PEER_HEADER } from "@/lib/client-address";
import { keyEnvironment } from "@/lib/env";
import { generateKey } from "@/lib/key-format";
import { RATE_LIMIT } from "@/lib/limits";

import { clearOfMinuteEnd } from "../support/limiters";

async function refusalAfterLimit(headers: Record<string, string>) {
  const request = () => guardApiRequest(new Request("http://localhost/api/v1/practice-groups", { headers }));
  await clearOfMinuteEnd();
  for (let i = 0; i < RATE_LIMIT; i++) expect((await request()).status).not.toBe(429);
  const refused = await request();
  expect(refused.status).toBe(429);
  return (await refused.json()) as { error: string; message: string };
}

describe("the middleware's 429", () => {
  it("says per client address when the request has no usable key", async () => {
    const body = await refusalAfterLimit({ [PEER_HEADER]: "192.0.2.77" });
    expect(body).toMatchObject({ error: "rate_limit_exceeded", message: expect.stringContaining("a minute per client address") });
  });

  it("says per API key for a key", async () => {
    const body = await refusalAfterLimit({ [PEER_HEADER]: "192.0.2.78", "x-api-key": generateKey(keyEnvironment()) });
    expect(body.message).toContain("a minute per API key");
  });
});

// Only a route that verifies the key takes back the count of one that fails; the public OpenAPI
// document, a path that is no endpoint and a method an endpoint does not take verify nothing.
// Counted against the key there, a leaked user key without its username (or any well-formed
// guess) could use up its owner's 300 a minute.
describe("requests that no route verifies the key of", () => {
  it("count against the client address, never against the key they carry", async () => {
    const key = generateKey(keyEnvironment());
    const send = (path: string, method = "GET") =>
      guardApiRequest(new Request(`http://localhost/api/v1${path}`, { method, headers: { [PEER_HEADER]: "192.0.2.79", "x-api-key": key } }));
    await clearOfMinuteEnd();
    const unverified = [
      ["/openapi.json", "GET"],
      ["/no-such-endpoint", "GET"],
      ["/slots", "PUT"],
      ["/slots", "PROPFIND"],
      // An endpoint's path that is not UTF-8: the middleware answers 404, no route runs.
      ["/appointments/%FF", "GET"],
    ];
    for (const [path, method] of unverified) {
      for (let i = 0; i < RATE_LIMIT / unverified.length; i++) await send(path, method);
    }
    const refused = await send("/openapi.json");
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({ message: expect.stringContaining("a minute per client address") });

    // The key's own limit is untouched, from another address too.
    const call = await guardApiRequest(new Request("http://localhost/api/v1/practice-groups", { headers: { [PEER_HEADER]: "192.0.2.80", "x-api-key": key } }));
    expect(call.status).not.toBe(429);
    expect(call.headers.get("X-RateLimit-Remaining")).toBe(String(RATE_LIMIT - 1));
  });
});
