// The scan that ends each test run (tests/support/secret-scan.ts) finds keys and tokens in any
// text and nothing else: a display key, an id or a hash is not a secret.
import { describe, expect, it } from "vitest";

import { signAccessToken } from "@/lib/access-tokens";
import { keyHashOf } from "@/lib/api-keys";
import { displayKey, generateKey } from "@/lib/key-format";

import { secretsIn } from "./support/secret-scan";

describe("the secret scan", () => {
  it("finds a key and a token inside other text, and no display key, id or hash", async () => {
    const key = generateKey("test");
    const { token } = await signAccessToken({ kh: keyHashOf(key), pg: crypto.randomUUID(), env: "test" });
    expect(secretsIn(`{"requestId":"${key}","route":"/x"} ${token}`)).toEqual([key, token]);
    expect(secretsIn(`${displayKey(key)} ${crypto.randomUUID()} ${keyHashOf(key)} ${generateKey("live").slice(0, -1)}`)).toEqual([]);
  });
});
