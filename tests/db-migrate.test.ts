// npm run db:migrate, the release step: it says what is missing, and it never waits for ever.
import { spawn } from "node:child_process";
import { createServer, type AddressInfo, type Socket } from "node:net";

import { describe, expect, it } from "vitest";

function migrate(env: Record<string, string | undefined>) {
  return new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn("npm", ["run", "--silent", "db:migrate"], { env: { ...process.env, ...env } });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("close", (code) => resolve({ code, output }));
  });
}

describe("npm run db:migrate", { timeout: 90_000 }, () => {
  it("without DATABASE_URL says so, where Prisma went looking for an engine to download", async () => {
    const { code, output } = await migrate({ DATABASE_URL: "" });
    expect(code).not.toBe(0);
    expect(output).toContain("DATABASE_URL is not set");
    expect(output).not.toContain("binaries.prisma.sh");
  });

  it("gives up on a server that accepts and never answers, where it waited for ever", async () => {
    const held: Socket[] = [];
    const silent = createServer((socket) => held.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = silent.address() as AddressInfo;
      const { code } = await migrate({ DATABASE_URL: `postgresql://postgres@127.0.0.1:${port}/hero_silent` });
      expect(code).not.toBe(0);
    } finally {
      for (const socket of held) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
