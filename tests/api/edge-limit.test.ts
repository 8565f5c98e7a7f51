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
