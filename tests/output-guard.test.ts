// A server whose stdout and stderr are closed (its supervisor or log collector gone) stops
// gracefully, through its SIGTERM handling, at its first failed write: under Next, whose
// uncaught-error handler logs to the same closed stderr, it span at full CPU for ever instead.
import { spawn } from "node:child_process";

import { expect, it } from "vitest";

it("stops through SIGTERM when a write finds its output closed", async () => {
  const script = `
    const { stopWhenOutputCloses } = require("./lib/output-guard");
    stopWhenOutputCloses();
    process.on("SIGTERM", () => process.exit(42));
    setInterval(() => console.log("still writing"), 20);`;
  const child = spawn("node_modules/.bin/tsx", ["-e", script], { stdio: ["ignore", "pipe", "pipe"] });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  await new Promise((resolve) => child.stdout.once("data", resolve));
  child.stdout.destroy();
  child.stderr.destroy();
  const code = await Promise.race([exited, new Promise<string>((resolve) => setTimeout(() => resolve("still running after 10 s"), 10_000))]);
  if (code !== 42) child.kill("SIGKILL");
  expect(code).toBe(42);
});
