// A misspelt setting stops the server at start-up (lib/start-up-check.ts) rather than running on
// a default unnoticed: "CLOSED" ran as open, half of Upstash's pair counted in each instance (N
// instances allowing N × 300 a minute), and LEDGER_RETENTION_DAYS=730d pruned at 400 days.
import { randomBytes } from "node:crypto";

import { afterEach, describe, expect, it, vi } from "vitest";

import { configurationError, randomSecrets as secrets } from "./support/server-env";

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

describe.each(["development", "production"])("serverEnv's whole-number settings in %s", (environment) => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  it("refuses a value that is not a whole number within bounds, naming the setting and the bound", async () => {
    for (const [name, value, message] of [
      ["LEDGER_RETENTION_DAYS", "730d", "LEDGER_RETENTION_DAYS must be a whole number of days"],
      ["LEDGER_RETENTION_DAYS", "1,000", "LEDGER_RETENTION_DAYS must be a whole number of days"],
      ["LEDGER_RETENTION_DAYS", "0", "LEDGER_RETENTION_DAYS must be from 1 to 36,500 days"],
      ["RATE_LIMIT_OVERRIDE_REFRESH_MS", "1", "RATE_LIMIT_OVERRIDE_REFRESH_MS must be from 1,000 to 3,600,000 ms"],
      ["RATE_LIMIT_OVERRIDE_REFRESH_MS", "3000000000", "RATE_LIMIT_OVERRIDE_REFRESH_MS must be from 1,000 to 3,600,000 ms"],
      ["DATABASE_TIMEOUT_MS", "5s", "DATABASE_TIMEOUT_MS must be a whole number of ms"],
      ["RATE_LIMIT_TIMEOUT_MS", "1.5", "RATE_LIMIT_TIMEOUT_MS must be a whole number of ms"],
      ["API_AUTH_FAILURE_LIMIT", "-3", "API_AUTH_FAILURE_LIMIT must be from 1 to 10,000,000 requests"],
    ]) {
      expect(await configurationError(environment, { ...secrets(), [name]: value }), `${name}=${value}`).toContain(message);
    }
  });

  it("accepts whole numbers within bounds, unset or empty", async () => {
    const accepted: Record<string, string>[] = [
      { LEDGER_RETENTION_DAYS: "730", DATABASE_TIMEOUT_MS: "600000", RATE_LIMIT_TIMEOUT_MS: "10000" },
      { RATE_LIMIT_OVERRIDE_REFRESH_MS: "1000", API_AUTH_FAILURE_LIMIT: "1000000" },
      { LEDGER_RETENTION_DAYS: "", DATABASE_TIMEOUT_MS: "" },
    ];
    for (const settings of accepted) expect(await configurationError(environment, { ...secrets(), ...settings }), JSON.stringify(settings)).toBe("");
  });
});
