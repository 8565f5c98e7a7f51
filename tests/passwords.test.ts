// The decoy hash an unknown email is checked against: made once, but not kept if making it
// failed (argon2 needs 19 MiB), or every unknown email would fail for the life of the process
// while known ones are answered: telling them apart.
import { describe, expect, it, vi } from "vitest";

const argon2 = vi.hoisted(() => ({ failNext: false }));

vi.mock("@node-rs/argon2", async (importOriginal) => {
  const real = await importOriginal<typeof import("@node-rs/argon2")>();
  return {
    ...real,
    hash: (...args: Parameters<typeof real.hash>) => {
      if (!argon2.failNext) return real.hash(...args);
      argon2.failNext = false;
      return Promise.reject(new Error("Cannot allocate memory"));
    },
  };
});

describe("the decoy hash", () => {
  it("is made again after a failure, and then kept", async () => {
    const { decoyPasswordHash, verifyPassword } = await import("@/lib/passwords");
    argon2.failNext = true;
    await expect(decoyPasswordHash()).rejects.toThrow("Cannot allocate memory");
    const decoy = await decoyPasswordHash();
    expect(decoy).toMatch(/^\$argon2id\$/);
    expect(await decoyPasswordHash()).toBe(decoy);
    expect(await verifyPassword(decoy, "anything")).toBe(false);
  });
});
