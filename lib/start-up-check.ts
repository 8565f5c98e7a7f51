// A production deployment with a missing or invalid secret stops at start-up with a clear
// message, instead of failing on its first request. (scripts/run.ts checks the same before
// starting Next; this covers the bare standalone server, node .next/standalone/server.js.)
import { heroEnvironmentProblem, serverEnv } from "@/lib/env";

export function checkStartUp() {
  const problem = heroEnvironmentProblem();
  if (problem) {
    console.error(`Refusing to start: ${problem}`);
    process.exit(1);
  }
  if (process.env.HERO_ENVIRONMENT !== "production") return;
  try {
    serverEnv();
  } catch (error) {
    console.error(`Refusing to start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
