// middleware.ts must stay Edge-safe: nothing it imports, directly or through lib/, may reach
// Node built-ins or the database. It runs on the Node.js runtime for speed (BENCHMARKS.md); this
// keeps the way back to Edge one line long. A change that would break that fails here.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "..");
const FORBIDDEN = [/^node:/, /^(fs|path|crypto|http|https|net|child_process|os|stream)$/, /^@prisma\//, /^pg$/, /generated\/prisma/, /^@\/lib\/db$/];

function resolveLocal(specifier: string, from: string): string | null {
  const base = specifier.startsWith("@/")
    ? path.join(ROOT, specifier.slice(2))
    : specifier.startsWith(".")
      ? path.resolve(path.dirname(from), specifier)
      : null;
  if (!base) return null;
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, "index.ts")])
    if (existsSync(candidate) && candidate.match(/\.tsx?$/)) return candidate;
  throw new Error(`cannot resolve ${specifier} from ${from}`);
}

/** Every module specifier reachable from `entry` through the project's own files. */
function importGraph(entry: string) {
  const seen = new Set<string>();
  const external: { specifier: string; from: string }[] = [];
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = readFileSync(file, "utf8");
    for (const match of source.matchAll(/(?:import|export)\s[^'"]*?from\s+["']([^"']+)["']|import\s*\(?\s*["']([^"']+)["']/g)) {
      const specifier = match[1] ?? match[2];
      const local = resolveLocal(specifier, file);
      if (local) visit(local);
      else external.push({ specifier, from: path.relative(ROOT, file) });
    }
  };
  visit(entry);
  return { files: [...seen].map((file) => path.relative(ROOT, file)), external };
}

describe("middleware.ts", () => {
  const { files, external } = importGraph(path.join(ROOT, "middleware.ts"));

  it("reaches lib/ only through Edge-safe modules", () => {
    expect(files).toContain("lib/api/edge.ts");
    expect(files).toContain("lib/ratelimit.ts");
    const offending = external.filter(({ specifier }) => FORBIDDEN.some((pattern) => pattern.test(specifier)));
    expect(offending).toEqual([]);
  });

  it("never reads Node-only globals, so it still runs on Edge", () => {
    // The import check above cannot see these: they need no import on the Node.js runtime.
    const nodeOnly = /\b(Buffer|require|__dirname|__filename|setImmediate)\b|process\.(?!env\b)\w+/;
    const offending = files.filter((file) => nodeOnly.test(readFileSync(path.join(ROOT, file), "utf8").replace(/\/\/.*$/gm, "")));
    expect(offending).toEqual([]);
  });
});
