// A server with a missing or invalid secret stops at start-up with a clear message, instead of
// failing on its first request (a token's check would be a bare 500 from the middleware).
// scripts/run.ts generates development's secrets before starting Next, and checks staging's
// and production's; this covers the bare standalone server, node .next/standalone/server.js, in
// every environment.
import { prisma } from "@/lib/db";
import { loggableError } from "@/lib/db-errors";
import { heroEnvironmentProblem, isDeployed, serverEnvProblem } from "@/lib/env";
import { DEMO_EMAILS } from "@/prisma/demo-data";

function refuse(problem: string): never {
  console.error(`Refusing to start: ${problem}`);
  process.exit(1);
}

export async function checkStartUp() {
  const problem = heroEnvironmentProblem() ?? serverEnvProblem();
  if (problem) refuse(problem);
  if (isDeployed()) await refuseDemoUsers();
}

/**
 * The demo users' password is published in the README. A database seeded while it ran as
 * development (a copied .env.example, say) must not go live with them.
 */
async function refuseDemoUsers() {
  let found: { email: string } | null;
  try {
    found = await prisma.user.findFirst({ where: { email: { in: [...DEMO_EMAILS] } }, select: { email: true } });
  } catch (error) {
    // A database that does not answer yet is not a reason to stay down; the next start checks again.
    console.warn(`Could not check the database for the demo users: ${loggableError(error)}`);
    return;
  }
  if (found) {
    refuse(
      `the database holds the demo users (${found.email}), whose password is published. Staging and production need a database that was never seeded: see README "Running in production".`,
    );
  }
}
