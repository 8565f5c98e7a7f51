import { randomBytes } from "node:crypto";

import { vi } from "vitest";

/** What `openssl rand -base64 32` and `-hex 32` give, and scripts/e2e-environment.ts's testSecrets(). */
export const randomSecrets = () => ({
  NEXTAUTH_SECRET: randomBytes(32).toString("base64"),
  API_KEY_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
  ACCESS_TOKEN_SECRET: randomBytes(32).toString("hex"),
});

/** serverEnv()'s error for these settings in this environment ("" if it accepts them), read afresh: it caches its result. */
export async function configurationError(environment: string, settings: Record<string, string>): Promise<string> {
  vi.resetModules();
  vi.stubEnv("HERO_ENVIRONMENT", environment);
  vi.stubEnv("NEXTAUTH_URL", "https://hero.example");
  vi.stubEnv("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/none");
  for (const [name, value] of Object.entries(settings)) vi.stubEnv(name, value);
  const { serverEnv } = await import("@/lib/env");
  try {
    serverEnv();
    return "";
  } catch (error) {
    return String(error);
  }
}
