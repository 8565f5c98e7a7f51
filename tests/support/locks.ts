// For tests of what happens while a statement waits on a row lock another transaction holds.
import { prisma, sqlPool } from "@/lib/db";

/** The backend id of a connection or transaction, for waitForLockWaiter. */
export async function backendPid(db: { $queryRaw: typeof prisma.$queryRaw } | { query: (text: string) => Promise<{ rows: { pid: number }[] }> }) {
  if ("query" in db) return (await db.query("SELECT pg_backend_pid() AS pid")).rows[0].pid;
  const [{ pid }] = await db.$queryRaw<{ pid: number }[]>`SELECT pg_backend_pid() AS pid`;
  return pid;
}

/**
 * Until a statement waits on a lock held by backend `holder` (test files share one database and
 * run in parallel, so any waiter would not do); without a holder, until any statement waits.
 */
export async function waitForLockWaiter(holder?: number) {
  for (let tries = 0; tries < 200; tries++) {
    const [{ waiting }] = await prisma.$queryRaw<Array<{ waiting: number }>>`
      SELECT count(*)::int AS waiting FROM pg_stat_activity
      WHERE datname = current_database() AND wait_event_type = 'Lock'
        AND (${holder ?? null}::int IS NULL OR ${holder ?? null}::int = ANY (pg_blocking_pids(pid)))`;
    if (waiting > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error("No statement waited for the lock.");
}

/** Runs `change` while another transaction holds `sql` uncommitted, then commits it: the outcome, or the error's message. */
export async function whileUncommitted(sql: string, values: unknown[], change: () => Promise<unknown>) {
  const other = await sqlPool().connect();
  let committed = false;
  try {
    await other.query("BEGIN");
    await other.query(sql, values);
    const outcome = change().then(
      () => "done",
      (error: Error) => error.message,
    );
    await waitForLockWaiter(await backendPid(other));
    await other.query("COMMIT");
    committed = true;
    return await outcome;
  } finally {
    // A change that never waited (the failure this looks for) must not leave the row locked for every later test.
    if (!committed) await other.query("ROLLBACK").catch(() => {});
    other.release();
  }
}
