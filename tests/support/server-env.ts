import { vi } from "vitest";

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
