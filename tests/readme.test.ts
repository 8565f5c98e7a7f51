// The README repeats a few facts the code owns (the error table, the super-admin menu) so a
// reader need not open the code; these keep the copies equal to their one source.
import { readFileSync } from "node:fs";

import { describe, expect, it } from "vitest";

import { SUPER_ADMIN_PAGES } from "@/components/navigation";
import { ERROR_CAUSES, ERROR_CODES, ERROR_STATUS } from "@/lib/api/errors";

const readme = readFileSync("README.md", "utf8");

describe("README", () => {
  it("shows the API's error table exactly as lib/api/errors.ts has it", () => {
    const start = readme.indexOf("| Status | Error | Cause |");
    expect(start).toBeGreaterThan(0);
    const rows = readme.slice(start).split("\n\n")[0].split("\n").slice(2);
    expect(rows).toEqual(ERROR_CODES.map((code) => `| \`${ERROR_STATUS[code]}\` | \`${code}\` | ${ERROR_CAUSES[code]} |`));
  });

  it("names every Super admin page of the menu, in its order", () => {
    expect(readme).toContain(`Super admin with its pages (${SUPER_ADMIN_PAGES.map((page) => page.label).join(", ")})`);
  });
});
