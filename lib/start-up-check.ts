// A server with a missing or invalid secret stops at start-up with a clear message, instead of
// failing on its first request (a token's check would be a bare 500 from the middleware).
// scripts/run.ts generates development and staging secrets before starting Next, and checks
// production's; this covers the bare standalone server, node .next/standalone/server.js, in
// every environment.
import { heroEnvironmentProblem, serverEnv } from "@/lib/env";

export function checkStartUp() {
  const problem = heroEnvironmentProblem();
  if (problem) {
    console.error(`Refusing to start: ${problem}`);
    process.exit(1);
  }
  try {
    serverEnv();
  } catch (error) {
    console.error(`Refusing to start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
