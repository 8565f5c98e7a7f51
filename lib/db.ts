// One Prisma client per process, over the pg driver adapter (the engine-free client), and the
// pg pool under it for the partner API's hot queries (see sqlPool).
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";

import { databaseUrl, positiveIntegerEnv } from "@/lib/env";
import { PrismaClient } from "@/lib/generated/prisma/client";

/** How long a request may wait on PostgreSQL before the API answers 503 (DATABASE_TIMEOUT_MS). */
export function databaseTimeoutMs(): number {
  return positiveIntegerEnv("DATABASE_TIMEOUT_MS", 5_000);
}

function createClients() {
  const timeout = databaseTimeoutMs();
  const pool = new pg.Pool({
    connectionString: databaseUrl(),
    max: 10,
    // allowExitOnIdle: scripts and tests end when their work is done, as with Prisma's own pool.
    allowExitOnIdle: true,
    // A PostgreSQL that stops answering must not hold requests for minutes: connecting and each
    // query are bounded here, on the client (a stalled connection never tells the server), and
    // the server ends statements and idle transactions that outlive them.
    connectionTimeoutMillis: timeout,
    // The server's timeout first: pg does not cancel a query it stops waiting for, so one the
    // client gave up on could still commit (a ledger batch put back and written twice). The
    // client's, later, is for a server or network that has stopped answering.
    statement_timeout: timeout,
    query_timeout: timeout + 500,
    idle_in_transaction_session_timeout: timeout * 2,
  });
  // An idle connection the server closes (restart, failover) must not crash the process: the
  // pool replaces it on the next query.
  pool.on("error", (error) => console.error("PostgreSQL connection lost:", error.message));
  // Every session in UTC, whatever zone the server or DATABASE_URL gives it (initdb takes the host's:
  // Europe/London on a UK machine): Prisma's adapter reads a timestamptz by relabelling its clock time
  // as UTC, offset dropped (prisma/orm#26786), which moved every ledger time read back by hours. Sent
  // first on each new connection, before any query; a pooler in transaction mode keeps it (TimeZone is tracked).
  pool.on("connect", (client) => void client.query("SET TIME ZONE 'UTC'").catch(() => {}));
  // Secret columns stay out of every result unless a query asks for them by name.
  const prisma = new PrismaClient({
    adapter: new PrismaPg(pool),
    transactionOptions: { maxWait: timeout, timeout: timeout * 2 },
    omit: { apiKey: { keyHash: true, encryptedKey: true, supportCopy: true }, user: { passwordHash: true } },
  });
  return { prisma, pool };
}

/**
 * A Date for a timestamptz in raw SQL (the ledger's "at"), as text with its zone, for the statement
 * to cast (`$1::timestamptz`): Prisma's adapter sends a Date without its zone, which PostgreSQL reads
 * in the session's. The sessions are UTC (above); this holds on one that is not, too.
 */
export const instant = (date: Date) => date.toISOString();

type Client = ReturnType<typeof createClients>["prisma"];
const globalForPrisma = globalThis as unknown as { database?: ReturnType<typeof createClients> };

function clients() {
  // Kept on globalThis so hot reloads in development reuse the pool instead of opening another.
  globalForPrisma.database ??= createClients();
  return globalForPrisma.database;
}

function client(): Client {
  return clients().prisma;
}

/**
 * The pool Prisma's adapter uses. Only for the partner API's hot paths (the key lookup, the
 * practice-groups listing, the network check), as named prepared statements: through Prisma the
 * same statement costs ~5× the CPU, and a nested include ~30× (scripts/bench-data-access.ts).
 * Prisma stays the schema, the migrations and every other query.
 */
export function sqlPool(): pg.Pool {
  return clients().pool;
}

// Created on first use, not on import: `next build` imports route modules with no database.
export const prisma = new Proxy({} as Client, {
  get(_, property) {
    const target = client();
    const value = Reflect.get(target, property, target);
    return typeof value === "function" ? value.bind(target) : value;
  },
});

export type Db = Client;
export type Tx = Parameters<Parameters<Client["$transaction"]>[0]>[0];
