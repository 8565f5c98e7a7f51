// Staging and production refuse secrets that are long enough but not random (a repeated character, an
// all-zero key) or shared by two settings; the message names the setting, never its value.
import { randomBytes } from "node:crypto";

import { afterEach, describe, expect, it, vi } from "vitest";

import { configurationError, randomSecrets as strong } from "./support/server-env";

const weak = {
  NEXTAUTH_SECRET: "x".repeat(32),
  API_KEY_ENCRYPTION_KEY: Buffer.alloc(32).toString("base64"),
  ACCESS_TOKEN_SECRET: "abcdefghi".repeat(4),
};

describe.each(["staging", "production"])("serverEnv's secrets in %s", (environment) => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  it("refuses each secret that is long enough but not random, naming it without its value", async () => {
    const message = await configurationError(environment, weak);
    expect(message).toContain("NEXTAUTH_SECRET must be random (at least 10 different characters)");
    expect(message).toContain("ACCESS_TOKEN_SECRET must be random (at least 10 different characters)");
    expect(message).toContain("API_KEY_ENCRYPTION_KEY must be random (at least 10 different bytes)");
    expect(message).toContain("openssl rand -base64 32");
    for (const value of Object.values(weak)) expect(message).not.toContain(value);
  });

  it("refuses each weak secret on its own", async () => {
    for (const name of Object.keys(weak) as (keyof typeof weak)[]) {
      const message = await configurationError(environment, { ...strong(), [name]: weak[name] });
      expect(message, name).toMatch(new RegExp(`^Error: Invalid server configuration: ${name} must be random [^;]*\\. See README`));
    }
  });

  it("refuses the same value for NEXTAUTH_SECRET and ACCESS_TOKEN_SECRET", async () => {
    const secrets = strong();
    const message = await configurationError(environment, { ...secrets, ACCESS_TOKEN_SECRET: secrets.NEXTAUTH_SECRET });
    expect(message).toContain("ACCESS_TOKEN_SECRET must differ from NEXTAUTH_SECRET");
    expect(message).not.toContain(secrets.NEXTAUTH_SECRET);
  });

  it("accepts random secrets, as openssl rand and the e2e run's production instance make them", async () => {
    for (let run = 0; run < 20; run++) expect(await configurationError(environment, strong())).toBe("");
    const base64url = { ...strong(), NEXTAUTH_SECRET: randomBytes(32).toString("base64url"), ACCESS_TOKEN_SECRET: randomBytes(32).toString("base64url") };
    expect(await configurationError(environment, base64url)).toBe("");
  });
});

describe("serverEnv's secrets in development", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  it("are left alone: generated there, simple in tests", async () => {
    expect(await configurationError("development", weak)).toBe("");
    expect(await configurationError("development", { ...weak, ACCESS_TOKEN_SECRET: weak.NEXTAUTH_SECRET })).toBe("");
  });
});
