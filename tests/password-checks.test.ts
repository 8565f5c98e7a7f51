// A password check (argon2id) holds ~19 MiB and one of Node's four worker threads for tens of
// milliseconds. Sign-in counts failures per account and per address, but many addresses (an IPv6
// /48 has 65,536 budgets) could still start thousands at once: each instance runs a few at a
// time, queues a bounded number, and says the rest cannot sign in at the moment.
import { afterAll, expect, it, vi } from "vitest";

import { authorize } from "@/lib/auth";
import { prisma } from "@/lib/db";
import { hashPassword, PASSWORD_CHECKS_AT_ONCE, PASSWORD_CHECKS_WAITING, verifyPassword, withPasswordCheckSlot } from "@/lib/passwords";
import { SIGN_IN_UNAVAILABLE } from "@/lib/sign-in-errors";

afterAll(() => prisma.$disconnect());

it("runs a few checks at once, queues a bounded number and refuses the rest, so a burst neither exhausts memory nor starves other work", async () => {
  const stored = await hashPassword("the-right-password-2026");
  let running = 0;
  let most = 0;
  const check = () =>
    withPasswordCheckSlot(async () => {
      most = Math.max(most, ++running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running--;
      return true;
    });
  const burst = PASSWORD_CHECKS_AT_ONCE + PASSWORD_CHECKS_WAITING + 10;
  const results = await Promise.allSettled(Array.from({ length: burst }, check));
  expect(most).toBe(PASSWORD_CHECKS_AT_ONCE);
  expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(PASSWORD_CHECKS_AT_ONCE + PASSWORD_CHECKS_WAITING);
  expect(results.filter((result) => result.status === "rejected")).toHaveLength(10);
  // Once the burst is over, checks run again, the real one through the same gate.
  expect(await verifyPassword(stored, "the-right-password-2026")).toBe(true);
});

it("a sign-in refused for the queue being full says sign-in is unavailable, not that the password is wrong", async () => {
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  const holders = Array.from({ length: PASSWORD_CHECKS_AT_ONCE + PASSWORD_CHECKS_WAITING }, () => withPasswordCheckSlot(() => held));
  const error = vi.spyOn(console, "error").mockImplementation(() => {});
  try {
    await expect(authorize({ email: `nobody-${Date.now()}@example.test`, password: "a-guess" }, { headers: {} })).rejects.toThrow(
      new Error(SIGN_IN_UNAVAILABLE),
    );
  } finally {
    release();
    await Promise.all(holders);
    error.mockRestore();
  }
});
