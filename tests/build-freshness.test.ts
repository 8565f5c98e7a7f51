// e2e and the bench rebuild when a source is newer than the build (scripts/build-freshness.ts): a
// file the app imports that the list leaves out (the demo users' emails, which sign-in reads) ran
// the specs against old code.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";

import { BUILD_INPUTS } from "@/scripts/build-freshness";

function sources(entry: string): string[] {
  if (!statSync(entry).isDirectory()) return /\.(ts|tsx|mjs)$/.test(entry) ? [entry] : [];
  return readdirSync(entry).flatMap((name) => (name === "generated" ? [] : sources(path.join(entry, name))));
}

describe("what the build is made from", () => {
  it("covers every file the app's sources import through @/", () => {
    const roots = BUILD_INPUTS.filter((input) => ["app", "lib", "components", "middleware.ts", "instrumentation.ts"].includes(input));
    const imported = new Set(
      roots.flatMap(sources).flatMap((file) => [...readFileSync(file, "utf8").matchAll(/(?:from |import\()"@\/([^"]+)"/g)].map((match) => match[1])),
    );
    const uncovered = [...imported].filter(
      (target) => !BUILD_INPUTS.some((input) => target === input.replace(/\.tsx?$/, "") || target.startsWith(`${input}/`)),
    );
    expect(imported.size).toBeGreaterThan(50);
    expect(uncovered).toEqual([]);
  });
});
