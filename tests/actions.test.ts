// What a dashboard form is told when its action fails: never that nothing changed when the
// database stopped answering during the change, as a statement given up on may have committed.
// The session is the one thing stood in for (it needs a request); the failures are PostgreSQL's own.
import pg from "pg";
import { afterAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";

import { adminAction, MAY_HAVE_CHANGED } from "@/lib/actions";
import { prisma } from "@/lib/db";
import type { SessionUser } from "@/lib/session";

vi.mock("@/lib/session", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/session")>()),
  getCurrentUser: async (): Promise<SessionUser> => ({
    id: crypto.randomUUID(),
    name: "Admin",
    email: "admin@example.test",
    username: "admin",
    role: "PRACTICE_ADMIN",
    practiceGroupId: crypto.randomUUID(),
    practiceGroupName: "Practice",
    session: { sid: "s", role: "PRACTICE_ADMIN", validFrom: null },
  }),
}));

afterAll(() => prisma.$disconnect());

describe("a dashboard action that fails", () => {
  it("says the change may have been made when the database stopped answering during it", async () => {
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      await client.query("SET statement_timeout = 50");
      const stalled = adminAction(z.object({}), async () => {
        await client.query("SELECT pg_sleep(1)");
      });
      expect(await stalled({})).toEqual({ ok: false, error: MAY_HAVE_CHANGED });
    } finally {
      error.mockRestore();
      await client.end();
    }
  });

  it("says nothing was changed for a fault of its own, which rolled its transaction back", async () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    const faulty = adminAction(z.object({}), async () => {
      await prisma.$transaction(async (tx) => tx.$queryRaw`SELECT 1 / 0`);
    });
    expect(await faulty({})).toEqual({ ok: false, error: "Something went wrong and nothing was changed. Please try again." });
    error.mockRestore();
  });
});
