// Next's standalone output (next.config.mjs `output: "standalone"`): .next/standalone/server.js
// with only the node_modules it needs, started with plain `node`. Next leaves the static assets
// out; every build copies them in (scripts/run.ts build, scripts/test.ts).
import { cpSync, existsSync } from "node:fs";

export const STANDALONE_SERVER = ".next/standalone/server.js";

export function completeStandalone() {
  if (!existsSync(STANDALONE_SERVER)) throw new Error(`${STANDALONE_SERVER} is missing: is output: "standalone" set in next.config.mjs?`);
  cpSync(".next/static", ".next/standalone/.next/static", { recursive: true });
  if (existsSync("public")) cpSync("public", ".next/standalone/public", { recursive: true });
}
