// The full-size bad-input run against an app that is already running:
//   DATABASE_URL=<the app's database> npx tsx scripts/bad-input-cli.ts --base-url=http://127.0.0.1:3000 [--count=10000] [--seed=N] [--keys=30]
// Keys are created in that database (local only) through lib/, like Generate API Key. Exits 1
// when any answer breaks the rules of scripts/bad-input/check.ts or the server is unhealthy.
import { createBadInputKeys, formatSummary, runBadInput } from "./bad-input";

function option(name: string, fallback?: string): string {
  const value = process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
  if (value === undefined) throw new Error(`--${name}= is required`);
  return value;
}

async function main() {
  const baseUrl = option("base-url", process.env.BASE_URL);
  const count = Number(option("count", "10000"));
  const seed = Number(option("seed", String(Date.now() % 1_000_000)));
  const apiKeys = await createBadInputKeys(Number(option("keys", "30")));
  console.log(`bad input: ${count} requests to ${baseUrl}/api/v1, seed ${seed}, ${apiKeys.length} keys`);
  const summary = await runBadInput({ baseUrl, count, seed, apiKeys });
  console.log(formatSummary(summary));
  process.exit(summary.failureCount || !summary.healthy ? 1 : 0);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
