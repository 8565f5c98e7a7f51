// The base URLs the docs show (lib/env.ts apiBaseUrls): seed 001's hosts unless configured,
// HTTPS only, this deployment's own from NEXTAUTH_URL, and examples in this environment's URL.
import { afterEach, describe, expect, it, vi } from "vitest";

import { apiBaseUrls } from "@/lib/env";

afterEach(() => vi.unstubAllEnvs());

describe("apiBaseUrls", () => {
  it("defaults to seed 001's staging and production hosts and calls this deployment in development", () => {
    vi.stubEnv("API_BASE_URL_STAGING", "");
    vi.stubEnv("API_BASE_URL_PRODUCTION", "");
    vi.stubEnv("HERO_ENVIRONMENT", "development");
    vi.stubEnv("NEXTAUTH_URL", "http://localhost:3000/sign-in");
    expect(apiBaseUrls()).toEqual({
      staging: "https://api.staging.htech.app/v1",
      production: "https://api.herohealth.net/v1",
      thisDeployment: "http://localhost:3000/api/v1",
      examples: "http://localhost:3000/api/v1",
    });
  });

  it("takes configured URLs without a trailing slash, and a staging deployment's examples call staging", () => {
    vi.stubEnv("API_BASE_URL_STAGING", "https://api.staging.example.org/v1/");
    vi.stubEnv("HERO_ENVIRONMENT", "staging");
    expect(apiBaseUrls()).toMatchObject({ staging: "https://api.staging.example.org/v1", examples: "https://api.staging.example.org/v1" });
    vi.stubEnv("HERO_ENVIRONMENT", "production");
    expect(apiBaseUrls().examples).toBe(apiBaseUrls().production);
  });

  it("refuses a URL that is not https, naming the setting and not its value", () => {
    vi.stubEnv("API_BASE_URL_PRODUCTION", "http://api.herohealth.net/v1");
    expect(() => apiBaseUrls()).toThrow(/API_BASE_URL_PRODUCTION must be an https:\/\/ URL/);
    expect(() => apiBaseUrls()).not.toThrow(/api\.herohealth\.net/);
  });
});
