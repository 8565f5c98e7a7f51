// A misspelt rate-limit setting stops the server at start-up (lib/start-up-check.ts) rather than
// weakening the limit unnoticed: "CLOSED" ran as open, and half of Upstash's pair counted in
// each instance, N instances allowing N × 300 a minute.
import { randomBytes } from "node:crypto";

import { afterEach, describe, expect, it, vi } from "vitest";

import { configurationError } from "./support/server-env";

const secrets = () => ({
  NEXTAUTH_SECRET: randomBytes(32).toString("base64"),
  API_KEY_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
  ACCESS_TOKEN_SECRET: randomBytes(32).toString("hex"),
});

describe.each(["development", "production"])("serverEnv's rate-limit settings in %s", (environment) => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  it("refuses a failure mode other than open or closed, naming the setting", async () => {
    for (const mode of ["CLOSED", "close", "fail-closed"]) {
      expect(await configurationError(environment, { ...secrets(), RATE_LIMIT_FAILURE_MODE: mode })).toContain(
        'RATE_LIMIT_FAILURE_MODE must be "open" or "closed"',
      );
    }
  });

  it("refuses half of Upstash's pair, naming the half that is missing and never the other's value", async () => {
    const token = randomBytes(16).toString("hex");
    const withoutUrl = await configurationError(environment, { ...secrets(), UPSTASH_REDIS_REST_URL: "", UPSTASH_REDIS_REST_TOKEN: token });
    expect(withoutUrl).toContain("UPSTASH_REDIS_REST_URL must be set with UPSTASH_REDIS_REST_TOKEN");
    expect(withoutUrl).not.toContain(token);
    const withoutToken = await configurationError(environment, {
      ...secrets(),
      UPSTASH_REDIS_REST_URL: "https://upstash.example",
      UPSTASH_REDIS_REST_TOKEN: "",
    });
    expect(withoutToken).toContain("UPSTASH_REDIS_REST_TOKEN must be set with UPSTASH_REDIS_REST_URL");
  });

  it("accepts open, closed, unset or empty, and both of Upstash's pair or neither", async () => {
    const accepted: Record<string, string>[] = [
      { RATE_LIMIT_FAILURE_MODE: "open" },
      { RATE_LIMIT_FAILURE_MODE: "closed" },
      { RATE_LIMIT_FAILURE_MODE: "" },
      { UPSTASH_REDIS_REST_URL: "https://upstash.example", UPSTASH_REDIS_REST_TOKEN: "t" },
      { UPSTASH_REDIS_REST_URL: "", UPSTASH_REDIS_REST_TOKEN: "" },
    ];
    for (const settings of accepted) {
      expect(await configurationError(environment, { ...secrets(), ...settings }), JSON.stringify(settings)).toBe("");
    }
  });
});
