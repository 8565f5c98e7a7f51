// The sign-in throttle on both limiter back ends: concurrent guesses for one account get no more
// password checks than the limit (each attempt is counted before its check), a successful
// sign-in is not a failure, and a Redis that does not answer does not switch the throttle off.
import { randomBytes } from "node:crypto";

import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import { addressLimitId, PEER_HEADER } from "@/lib/client-address";
import { createMemoryLimiter, createUpstashLimiter, SIGN_IN_ACCOUNT_LIMIT, SIGN_IN_ADDRESS_LIMIT, SIGN_IN_WINDOW_MS } from "@/lib/ratelimit";
import { startSignInAttempt } from "@/lib/sign-in-throttle";

import { deleteRedisKeys, startUpstashRestServer, type UpstashRestServer } from "../scripts/upstash-rest-server";

const prefix = `test:signin:${randomBytes(4).toString("hex")}`;
let rest: UpstashRestServer;

beforeAll(async () => {
  rest = await startUpstashRestServer({ token: randomBytes(16).toString("hex") });
});

afterAll(async () => {
  await rest.close();
  await deleteRedisKeys(prefix);
});

function limitersOn(backend: "memory" | "upstash" | "down") {
  const make = (name: string, limit: number) => {
    const options = { limit, windowMs: SIGN_IN_WINDOW_MS };
    if (backend === "memory") return createMemoryLimiter(options);
    const url = backend === "upstash" ? rest.url : "http://127.0.0.1:9";
    // 10 s, as the e2e servers': on a loaded machine an answer later than the usual 1 s counted in
    // process instead (the "down" case's test), and CI once let 19 guesses through of the 10.
    const timeoutMs = backend === "upstash" ? 10_000 : undefined;
    return createUpstashLimiter({ ...options, url, token: rest.token, timeoutMs, prefix: `${prefix}:${name}:${randomBytes(4).toString("hex")}` });
  };
  return { account: make("account", SIGN_IN_ACCOUNT_LIMIT), address: make("address", SIGN_IN_ADDRESS_LIMIT) };
}

const fromAddress = (peer: string) => new Headers({ [PEER_HEADER]: peer });
const passwordCheck = () => new Promise((resolve) => setTimeout(resolve, 50));

for (const backend of ["memory", "upstash", "down"] as const) {
  describe(`the sign-in throttle (${backend === "down" ? "Redis not answering" : backend})`, () => {
    it(`thirty concurrent wrong guesses for one account: only ${SIGN_IN_ACCOUNT_LIMIT} reach the password check`, async () => {
      const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
      const limiters = limitersOn(backend);
      const attempts = await Promise.all(
        Array.from({ length: 30 }, async (_, i) => {
          const attempt = await startSignInAttempt("someone@example.test", fromAddress(`198.51.100.${i + 1}`), limiters);
          if (!attempt.blocked) await passwordCheck();
          return attempt;
        }),
      );
      expect(attempts.filter((attempt) => !attempt.blocked)).toHaveLength(SIGN_IN_ACCOUNT_LIMIT);
      // Refused: even the right password now. A refused attempt counts nowhere, not against its address either.
      expect((await startSignInAttempt("someone@example.test", fromAddress("198.51.100.200"), limiters)).blocked).toBe(true);
      if (backend !== "down") expect(await limiters.address.remaining(await addressLimitId(fromAddress("198.51.100.200")))).toBe(SIGN_IN_ADDRESS_LIMIT);
      // Another account is not locked out.
      expect((await startSignInAttempt("someone-else@example.test", fromAddress("198.51.100.200"), limiters)).blocked).toBe(false);
      warn.mockRestore();
    });

    it("a successful sign-in is not counted as a failure", async () => {
      const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
      const limiters = limitersOn(backend);
      for (let i = 0; i < SIGN_IN_ACCOUNT_LIMIT * 2; i++) {
        const attempt = await startSignInAttempt("daily@example.test", fromAddress("203.0.113.9"), limiters);
        expect(attempt.blocked).toBe(false);
        await attempt.takeBack();
      }
      // The failures that follow still have the account's whole budget.
      const failures = [];
      for (let i = 0; i <= SIGN_IN_ACCOUNT_LIMIT; i++)
        failures.push((await startSignInAttempt("daily@example.test", fromAddress("203.0.113.9"), limiters)).blocked);
      expect(failures.filter((blocked) => !blocked)).toHaveLength(SIGN_IN_ACCOUNT_LIMIT);
      expect(failures.at(-1)).toBe(true);
      warn.mockRestore();
    });
  });
}
