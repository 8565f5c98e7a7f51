// For tests of what happens while a statement waits on a row lock another transaction holds.
import { prisma } from "@/lib/db";

/** Until a statement of this database waits for a row lock. */
export async function waitForLockWaiter() {
  for (let tries = 0; tries < 200; tries++) {
    const [{ waiting }] = await prisma.$queryRaw<Array<{ waiting: number }>>`
      SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`;
    if (waiting > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error("No statement waited for the connection's lock.");
}
