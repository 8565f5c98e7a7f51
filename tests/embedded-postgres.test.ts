// The embedded default when its port is taken (a second checkout running, another server):
// start-up says which port and what to set, where it said "Start-up failed: undefined".
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

import { afterAll, describe, expect, it } from "vitest";

import { startEmbeddedPostgres } from "../scripts/embedded-postgres";

// As root the server runs as the postgres user, which must reach the folder: not a 0700 one.
const dataDir = mkdtempSync(path.join(process.getuid?.() === 0 ? "/var/tmp" : tmpdir(), "hero-embedded-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe("the embedded PostgreSQL", { timeout: 120_000 }, () => {
  it("names its port and the setting to change when another server holds it", async () => {
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
});
