// What counts as the database not answering (503 service_unavailable, the dashboard's error page)
// and what is a bug or bad data (500 internal_error): real errors from a real PostgreSQL.
import pg from "pg";
import { afterAll, describe, expect, it, vi } from "vitest";

import { toApiError } from "@/lib/api/with-api-key";
import { prisma } from "@/lib/db";
import { isDatabaseUnavailable, loggableError } from "@/lib/db-errors";

import { NOTHING_LISTENS } from "./support/own-database-clients";

afterAll(() => prisma.$disconnect());

async function failure(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error("expected a failure");
}

describe("isDatabaseUnavailable", () => {
  it("is true for a server that refuses connections and for a statement cancelled by its timeout", async () => {
    const refused = new pg.Client({ connectionString: NOTHING_LISTENS });
    expect(isDatabaseUnavailable(await failure(() => refused.connect()))).toBe(true);
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    try {
      await client.query("SET statement_timeout = 50");
      expect(isDatabaseUnavailable(await failure(() => client.query("SELECT pg_sleep(1)")))).toBe(true);
    } finally {
      await client.end();
    }
  });

  it("is true for a connection ended by the server, in a raw query and in a model query (a restart, a failover)", async () => {
    // Raw: Prisma puts SQLSTATE 57P01 in the message only.
    const raw = await failure(() => prisma.$queryRaw`SELECT pg_terminate_backend(pg_backend_pid())`);
    expect(isDatabaseUnavailable(raw)).toBe(true);
    expect(toApiError(raw).code).toBe("service_unavailable");
    // A model query on a connection the server ended while the transaction held it.
    const killer = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await killer.connect();
    try {
      const inTransaction = await failure(() =>
        prisma.$transaction(async (tx) => {
          const [{ pid }] = await tx.$queryRaw<{ pid: number }[]>`SELECT pg_backend_pid() AS pid`;
          await killer.query("SELECT pg_terminate_backend($1)", [pid]);
          await tx.user.findFirst();
        }),
      );
      expect(isDatabaseUnavailable(inTransaction)).toBe(true);
    } finally {
      await killer.end();
    }
  });

  it("is false for a bug or bad data whose message holds something like a code or a word (an id, a field name)", async () => {
    // "08123" inside a UUID looked like SQLSTATE class 08 (connection exception).
    const badUuid = await failure(() => prisma.$queryRawUnsafe(`SELECT '6f1c3b1e-8d2a-4c55-9a57-0e2f08123d6e-x'::uuid`));
    expect(String(badUuid)).toContain("08123");
    expect(isDatabaseUnavailable(badUuid)).toBe(false);
    const typeError = await failure(async () => (undefined as unknown as { connectionId: string }).connectionId);
    expect(isDatabaseUnavailable(typeError)).toBe(false);
    expect(isDatabaseUnavailable(new Error("Disconnect refused: TriageFirst is not connected to this practice"))).toBe(false);
    expect(toApiError(badUuid).code).toBe("internal_error");
    // Prisma quotes a refused query's arguments: a relation named connection is a bug's, not an outage's.
    const badQuery = await failure(() => prisma.apiKey.findMany({ where: { connection: { timeout: 1 } } } as never));
    expect(String(badQuery)).toMatch(/\bconnection\b/);
    expect(isDatabaseUnavailable(badQuery)).toBe(false);
  });
});

describe("loggableError", () => {
  it("keeps a Prisma error's name and what was wrong, never the arguments its message quotes", async () => {
    // A query Prisma refuses to build, and one the database refuses: both messages quote the arguments.
    const patient = { nhsNumber: "9990001112", firstName: "Marker-Firstname", lastName: "Marker-Lastname", dateOfBirth: "not a date" };
    const refused = await failure(() => prisma.patient.create({ data: { ...patient, practiceGroupId: "not-a-uuid" } } as never));
    expect(String(refused)).toContain("Marker-Firstname");
    const logged = loggableError(refused);
    expect(logged).toMatch(/^PrismaClientValidationError: Invalid `prisma\.patient\.create\(\)` invocation/);
    expect(logged).not.toMatch(/Marker|9990001112/);

    // The API wrapper's log line for an unexpected error (a 500) is that line.
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      expect(toApiError(refused, "req-1").code).toBe("internal_error");
      expect(errors).toHaveBeenCalledTimes(1);
      const line = errors.mock.calls[0].join(" ");
      expect(line).toContain("API request req-1 failed: PrismaClientValidationError");
      expect(line).not.toMatch(/Marker|9990001112/);
    } finally {
      errors.mockRestore();
    }
    expect(loggableError(new TypeError("x is not a function"))).toBe("TypeError: x is not a function");
    expect(loggableError("thrown string")).toBe("unknown error");
  });
});
