// Next's standalone output (next.config.mjs `output: "standalone"`): .next/standalone/server.js
// with only the node_modules it needs, started with plain `node`. Next leaves the static assets
// out; every build copies them in (scripts/run.ts build, scripts/test.ts).
import { cpSync, existsSync, rmSync } from "node:fs";
import path from "node:path";

export const STANDALONE_SERVER = ".next/standalone/server.js";

// Next copies these settings files into the output, and server.js loads them: the build
// machine's secrets would ship with the folder and fill whatever the real environment left unset.
const COPIED_SETTINGS_FILES = [".env", ".env.production"];

export function completeStandalone(root = ".") {
  const at = (file: string) => path.join(root, file);
  if (!existsSync(at(STANDALONE_SERVER))) throw new Error(`${STANDALONE_SERVER} is missing: is output: "standalone" set in next.config.mjs?`);
  cpSync(at(".next/static"), at(".next/standalone/.next/static"), { recursive: true });
  if (existsSync(at("public"))) cpSync(at("public"), at(".next/standalone/public"), { recursive: true });
  for (const file of COPIED_SETTINGS_FILES) rmSync(at(`.next/standalone/${file}`), { force: true });
}
