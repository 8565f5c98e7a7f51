// Whether .next holds a build of the sources as they are now: `npm run bench` and
// `npm test -- --only=e2e` build first when it does not, so neither measures nor tests old code.
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

export const BUILD_INPUTS = [
  "app",
  "lib",
  "components",
  "types",
  // The demo users' emails, which sign-in and the start-up check read.
  "prisma/demo-data.ts",
  "middleware.ts",
  "instrumentation.ts",
  "next.config.mjs",
  "postcss.config.mjs",
  "tsconfig.json",
  "package.json",
  "package-lock.json",
];

function newestMtime(entry: string): number {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(entry).map((name) => newestMtime(path.join(entry, name))));
}

/** The time of the last build (0: none), and whether every source is older than it. */
export function buildState(): { builtAt: number; current: boolean } {
  const buildId = ".next/BUILD_ID";
  const builtAt = existsSync(buildId) ? statSync(buildId).mtimeMs : 0;
  return { builtAt, current: builtAt > Math.max(...BUILD_INPUTS.map(newestMtime)) };
}
