// The build's last step: the standalone folder gets the static assets and loses the settings
// files Next copied into it, so the folder that ships carries no secrets of the build machine.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { afterEach, describe, expect, it } from "vitest";

import { completeStandalone } from "../scripts/standalone";

let root = "";
afterEach(() => rmSync(root, { recursive: true, force: true }));

function write(file: string, text = "") {
  mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  writeFileSync(path.join(root, file), text);
}

describe("completeStandalone", () => {
  it("copies the static assets in and removes the .env files Next copied", () => {
    root = mkdtempSync(path.join(tmpdir(), "hero-standalone-test-"));
    write(".next/standalone/server.js");
    write(".next/static/chunks/app.js", "chunk");
    // What `next build` does with a checkout's .env and .env.production (next/dist/build, writeStandaloneDirectory).
    write(".next/standalone/.env", "NEXTAUTH_SECRET=the-build-machine-secret");
    write(".next/standalone/.env.production", "API_KEY_ENCRYPTION_KEY=another");

    completeStandalone(root);

    expect(existsSync(path.join(root, ".next/standalone/.next/static/chunks/app.js"))).toBe(true);
    expect(existsSync(path.join(root, ".next/standalone/.env"))).toBe(false);
    expect(existsSync(path.join(root, ".next/standalone/.env.production"))).toBe(false);
    expect(existsSync(path.join(root, ".next/standalone/server.js"))).toBe(true);
  });
});
