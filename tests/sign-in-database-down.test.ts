// A sign-in that fails because the database does not answer (here: nothing listens on the port
// it is pointed at) is not a wrong password: it must not use up the account's failure budget, or
// a clinician retrying through a short outage is locked out for 15 minutes after it ends.
import { afterAll, beforeAll, expect, it, vi } from "vitest";

import { SIGN_IN_ACCOUNT_LIMIT } from "@/lib/ratelimit";

const saved = (globalThis as { database?: unknown }).database;

beforeAll(() => {
  delete (globalThis as { database?: unknown }).database;
  vi.stubEnv("DATABASE_URL", "postgresql://postgres@127.0.0.1:9/nothing");
  vi.stubEnv("UPSTASH_REDIS_REST_URL", "");
  vi.stubEnv("UPSTASH_REDIS_REST_TOKEN", "");
  vi.resetModules();
});

afterAll(async () => {
  const { prisma } = await import("@/lib/db");
  await prisma.$disconnect().catch(() => {});
  vi.unstubAllEnvs();
  (globalThis as { database?: unknown }).database = saved;
});

it("does not count sign-ins that failed on the database against the account", async () => {
  const { authorize } = await import("@/lib/auth");
  const { startSignInAttempt } = await import("@/lib/sign-in-throttle");
  const credentials = { email: "clinician@example.test", password: "the-right-one" };
  for (let i = 0; i < SIGN_IN_ACCOUNT_LIMIT + 2; i++) await expect(authorize(credentials, { headers: {} })).rejects.toThrow();
  const attempt = await startSignInAttempt(credentials.email, new Headers());
  expect(attempt.blocked).toBe(false);
});
