// Every server action is reachable by anyone who posts its id, so each goes through a wrapper in
// lib/actions.ts that checks who may call it (adminAction, superAdminAction) or, on the public
// pages, refuses what the middleware refused (publicAction). Read from the source, as Next finds them.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";

const WRAPPED = /^export const \w+ = (adminAction|superAdminAction|publicAction)\(/;
// Sign out reads the session itself, and does nothing without one.
const UNWRAPPED = new Set(["app/(dashboard)/actions.ts: export async function signOut(): Promise<{ error: string } | null> {"]);

function actionFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return actionFiles(file);
    return /\.tsx?$/.test(entry.name) && readFileSync(file, "utf8").startsWith('"use server";') ? [file] : [];
  });
}

describe("server actions", () => {
  const files = [...actionFiles("app"), ...actionFiles("lib"), ...actionFiles("components")];

  it("are found: the dashboard's and both public pages'", () => {
    expect(files).toEqual(expect.arrayContaining([path.join("app", "book", "[token]", "actions.ts"), path.join("app", "share", "actions.ts")]));
    expect(files.length).toBeGreaterThan(5);
  });

  it("each go through a wrapper that checks the caller or the public pages' limit", () => {
    const exported = files.flatMap((file) =>
      readFileSync(file, "utf8")
        .split("\n")
        .filter((line) => line.startsWith("export "))
        .map((line) => `${file}: ${line}`),
    );
    const unwrapped = exported.filter((entry) => !WRAPPED.test(entry.slice(entry.indexOf(": ") + 2)) && !UNWRAPPED.has(entry));
    expect(unwrapped).toEqual([]);
  });
});
