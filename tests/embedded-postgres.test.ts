// The embedded default when its port is taken (a second checkout running, another server), or
// when .data/secrets.json no longer holds the password its cluster was made with: start-up says
// what to do, where it said "Start-up failed: undefined" or gave PostgreSQL's own refusal.
import { chmodSync, mkdtempSync, readdirSync, rmSync, watch } from "node:fs";
import { createConnection, createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

import { afterAll, describe, expect, it } from "vitest";

import { startEmbeddedPostgres } from "../scripts/embedded-postgres";

// As root the server runs as the postgres user, which must reach the folder: not a 0700 one.
const newDataDir = () => mkdtempSync(path.join(process.getuid?.() === 0 ? "/var/tmp" : tmpdir(), "hero-embedded-"));
const dataDirs = [newDataDir(), newDataDir(), newDataDir(), newDataDir()];
afterAll(() => dataDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe("the embedded PostgreSQL", { timeout: 120_000 }, () => {
  it("names its port and the setting to change when another server holds it", async () => {
    const dataDir = dataDirs[0];
    // Something that accepts connections but speaks no PostgreSQL: not a server of ours to reuse.
    const squatter = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => squatter.listen(0, "127.0.0.1", resolve));
    const { port } = squatter.address() as AddressInfo;
    try {
      const failure: unknown = await startEmbeddedPostgres(dataDir, "test-password", port).then(
        () => null,
        (error: unknown) => error,
      );
      // embedded-postgres itself rejects with nothing at all: "Start-up failed: undefined".
      expect(failure).toBeInstanceOf(Error);
      expect((failure as Error).message).toMatch(
        new RegExp(`^The embedded PostgreSQL did not start on port ${port}: is another server using it\\? Set EMBEDDED_POSTGRES_PORT`),
      );
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
  });

  it("says the secrets file changed when the cluster refuses its password, started or already running", async () => {
    const dataDir = dataDirs[1];
    const port = await freePort();
    const mismatch = new RegExp(
      `^The PostgreSQL on port ${port} does not take the password in ${escape(path.join(dataDir, "secrets.json"))}\\. If that file was deleted or replaced`,
    );
    const refusal = (password: string) =>
      startEmbeddedPostgres(dataDir, password, port).then(
        () => null,
        (error: unknown) => error,
      );

    // Stopped: it starts the cluster, is refused, and stops it again.
    const made = await startEmbeddedPostgres(dataDir, "the-first-password", port);
    await made.stop();
    const whenStopped = await refusal("a-new-password");
    expect(whenStopped).toBeInstanceOf(Error);
    expect((whenStopped as Error).message).toMatch(mismatch);
    expect(await accepts(port)).toBe(false);

    // Still running (a run.ts killed with its database left up): refused before anything starts.
    const running = await startEmbeddedPostgres(dataDir, "the-first-password", port);
    try {
      const whenRunning = await refusal("a-new-password");
      expect(whenRunning).toBeInstanceOf(Error);
      expect((whenRunning as Error).message).toMatch(mismatch);
    } finally {
      await running.stop();
    }
  });

  it("gives initdb the password in a file no other user of the machine can list, not in the temporary folder", async () => {
    const [dataDir, temporary] = [dataDirs[2], dataDirs[3]];
    chmodSync(temporary, 0o755); // as /tmp is to its users: listable, and passable to initdb's postgres user
    const seen: string[] = [];
    const watcher = watch(temporary, (_, name) => name && seen.push(name));
    const previous = process.env.TMPDIR;
    process.env.TMPDIR = temporary;
    try {
      const made = await startEmbeddedPostgres(dataDir, "a-password", await freePort());
      await made.stop();
      expect(process.env.TMPDIR).toBe(temporary);
    } finally {
      process.env.TMPDIR = previous;
      watcher.close();
    }
    expect(seen.filter((name) => name.startsWith("pg-password-"))).toEqual([]);
    // Nor left in the data folder: only the cluster (and nothing of initdb's) remains.
    expect(readdirSync(dataDir)).toEqual(["postgres"]);
  });
});

function escape(text: string) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function accepts(port: number) {
  return new Promise<boolean>((resolve) => {
    const socket = createConnection(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

async function freePort() {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
