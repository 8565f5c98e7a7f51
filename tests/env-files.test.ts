// npm run dev/start's settings files: a .env copied from .env.example, with its empty values,
// must still run on the embedded default (an empty PORT used to reach `next dev -p ""`, an
// empty EMBEDDED_POSTGRES_PORT port 0).
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { afterEach, describe, expect, it } from "vitest";

import { loadEnvFiles } from "@/scripts/env-files";

let directory = "";
afterEach(() => rmSync(directory, { recursive: true, force: true }));

describe("loadEnvFiles", () => {
  it("reads a copied .env.example as unset wherever it is empty", () => {
    directory = mkdtempSync(path.join(tmpdir(), "hero-env-"));
    copyFileSync(".env.example", path.join(directory, ".env"));
    const env: Record<string, string | undefined> = {};
    loadEnvFiles(directory, env);
    expect(env).toEqual({ HERO_ENVIRONMENT: "development", RATE_LIMIT_FAILURE_MODE: "open", RATE_LIMIT_PREFIX: "hero:ratelimit" });
  });

  it("lets the environment beat .env.local, and .env.local beat .env; an empty value in the environment is unset", () => {
    directory = mkdtempSync(path.join(tmpdir(), "hero-env-"));
    writeFileSync(path.join(directory, ".env"), "PORT=3001\nHERO_ENVIRONMENT=staging\nUPSTASH_REDIS_REST_URL=https://upstash.example\n");
    writeFileSync(path.join(directory, ".env.local"), "PORT=4000\n");
    const env: Record<string, string | undefined> = { HERO_ENVIRONMENT: "development", UPSTASH_REDIS_REST_URL: "" };
    loadEnvFiles(directory, env);
    expect(env).toEqual({ PORT: "4000", HERO_ENVIRONMENT: "development" });
  });
});
