// npm run dev | build | start. With no DATABASE_URL this is the embedded default: an
// embedded PostgreSQL under .data/, generated secrets, migrations applied, demo data seeded.
// With DATABASE_URL it migrates that server and seeds it only when empty and not production.
import { spawn } from "node:child_process";
import path from "node:path";

import { heroEnvironmentProblem } from "../lib/env";
import { startEmbeddedPostgres } from "./embedded-postgres";
import { loadEnvFiles } from "./env-files";
import { loadOrCreateSecrets, SECRET_NAMES } from "./secrets";
import { completeStandalone, STANDALONE_SERVER } from "./standalone";

const mode = process.argv[2];
if (!["dev", "build", "start"].includes(mode)) {
  console.error("usage: tsx scripts/run.ts dev|build|start");
  process.exit(2);
}

loadEnvFiles(process.cwd());
process.env.NEXT_TELEMETRY_DISABLED = "1";
process.env.CHECKPOINT_DISABLE = "1";

const bin = (name: string) => path.join("node_modules", ".bin", name);

function run(command: string, args: string[]) {
  return new Promise<number>((resolve) => {
    const child = spawn(command, args, { stdio: "inherit", env: process.env });
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    process.on("SIGINT", forward);
    process.on("SIGTERM", forward);
    child.on("exit", (code, signal) => {
      process.off("SIGINT", forward);
      process.off("SIGTERM", forward);
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

function fail(message: string): never {
  console.error(`\n${message}\n`);
  process.exit(1);
}

async function main() {
  if (mode === "build") {
    const code = await run(bin("next"), ["build"]);
    if (code === 0) completeStandalone();
    process.exit(code);
  }

  const environmentProblem = heroEnvironmentProblem();
  if (environmentProblem) fail(`Refusing to start: ${environmentProblem}`);
  const production = process.env.HERO_ENVIRONMENT === "production";
  const dataDir = path.resolve(process.env.HERO_DATA_DIR ?? ".data");

  const missing = SECRET_NAMES.filter((name) => !process.env[name]);
  if (production && missing.length) {
    fail(`Refusing to start: HERO_ENVIRONMENT=production and ${missing.join(", ")} not set. See README "Configuration".`);
  }
  if (production && !process.env.DATABASE_URL) {
    fail("Refusing to start: HERO_ENVIRONMENT=production needs DATABASE_URL; the embedded database is for development only.");
  }
  if (production && !/^https:\/\/[^/]/.test(process.env.NEXTAUTH_URL ?? "")) {
    fail(
      "Refusing to start: HERO_ENVIRONMENT=production needs NEXTAUTH_URL to be the deployment's https:// address; all API calls and sign-ins must use HTTPS.",
    );
  }

  const secrets = loadOrCreateSecrets(dataDir);
  for (const name of missing) process.env[name] = secrets[name];

  let stopDatabase = async () => {};
  if (!process.env.DATABASE_URL) {
    const port = Number(process.env.EMBEDDED_POSTGRES_PORT ?? 54329);
    const embedded = await startEmbeddedPostgres(dataDir, secrets.EMBEDDED_POSTGRES_PASSWORD, port);
    process.env.DATABASE_URL = embedded.url;
    stopDatabase = embedded.stop;
    console.log(`Using the embedded PostgreSQL on 127.0.0.1:${port} (data in ${dataDir})`);
  }

  const port = process.env.PORT ?? "3000";
  process.env.NEXTAUTH_URL ??= `http://localhost:${port}`;

  let code = await run(bin("prisma"), ["migrate", "deploy"]);
  if (code === 0 && !production) code = await run(bin("tsx"), ["prisma/seed.ts", "--if-empty"]);
  // start: the same standalone server production runs (it listens on PORT and HOSTNAME).
  if (code === 0) code = mode === "dev" ? await run(bin("next"), ["dev", "-p", port]) : await run(process.execPath, [STANDALONE_SERVER]);

  await stopDatabase();
  process.exit(code);
}

main().catch(async (error) => fail(`Start-up failed: ${error instanceof Error ? error.message : String(error)}`));
