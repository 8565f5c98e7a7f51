// A call that fails because the database does not answer (nothing listens on the port it is
// pointed at) is no invalid key: it must not use up its address's failure budget, or every
// partner behind that address is refused for a minute after a short outage ends.
import { afterAll, beforeAll, expect, it, vi } from "vitest";

import { PEER_HEADER } from "@/lib/client-address";
import { generateKey } from "@/lib/key-format";

import { apiRequest } from "./helpers";

const saved = (globalThis as { database?: unknown }).database;

beforeAll(() => {
  delete (globalThis as { database?: unknown }).database;
  vi.stubEnv("DATABASE_URL", "postgresql://postgres@127.0.0.1:9/nothing");
  vi.stubEnv("UPSTASH_REDIS_REST_URL", "");
  vi.stubEnv("UPSTASH_REDIS_REST_TOKEN", "");
  vi.stubEnv("API_AUTH_FAILURE_LIMIT", "3");
  vi.resetModules();
});

afterAll(async () => {
  const { prisma, sqlPool } = await import("@/lib/db");
  await prisma.$disconnect().catch(() => {});
  await sqlPool()
    .end()
    .catch(() => {});
  vi.unstubAllEnvs();
  (globalThis as { database?: unknown }).database = saved;
});

it("does not count calls that failed on the database against the address", async () => {
  const { GET } = await import("@/app/api/v1/practice-groups/route");
  const { startAuthAttempt } = await import("@/lib/api/auth-failures");
  const error = vi.spyOn(console, "error").mockImplementation(() => {});
  const request = () => {
    const request = apiRequest("/practice-groups", { key: generateKey("test"), practiceGroupId: "any" });
    request.headers.set(PEER_HEADER, "203.0.113.50");
    return request;
  };
  const statuses = [];
  for (let i = 0; i < 5; i++) statuses.push((await GET(request(), { params: Promise.resolve({}) })).status);
  error.mockRestore();
  // Refused by the database every time, never by the failure limit.
  expect(statuses.every((status) => status >= 500)).toBe(true);
  expect((await startAuthAttempt(request(), null)).blocked).toBe(false);
});
