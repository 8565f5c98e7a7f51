import { describe, expect, it } from "vitest";

import { safeCallbackPath } from "@/lib/safe-redirect";

describe("safeCallbackPath", () => {
  it.each([
    ["/settings/my-practice", "/settings/my-practice"],
    ["/apps/triagefirst?tab=1#keys", "/apps/triagefirst?tab=1#keys"],
    ["/a/../settings", "/settings"],
  ])("keeps the same-origin path %s", (value, expected) => {
    expect(safeCallbackPath(value)).toBe(expected);
  });

  it.each([
    "https://evil.example/",
    "//evil.example/",
    "/\\evil.example/",
    "/\t/evil.example/",
    "/\n/evil.example/",
    "/\r/evil.example/",
    "/\u0000/x",
    "\t//evil.example/",
    "/%09/evil.example/".replace("%09", "\t"),
    "javascript:alert(1)",
    // Dot segments that resolve to a path beginning "//": a protocol-relative address once returned.
    "/..//evil.example/login",
    "/.//evil.example/x",
    "/%2e%2e//evil.example",
    "/a/../..//evil.example",
    "",
    undefined,
  ])("refuses %j", (value) => {
    expect(safeCallbackPath(value)).toBe("/dashboard");
  });
});

describe("safeCallbackPath to a key report", () => {
  // The link that led to sign-in may have been another site's: opening the report records a view.
  it.each([
    ["/settings/keys/abc?from=2026-01-01&to=2026-01-31", "/settings/keys/abc?from=2026-01-01&to=2026-01-31&ask=1"],
    ["/settings/keys/abc/export?from=2026-01-01&to=2026-01-31", "/settings/keys/abc?from=2026-01-01&to=2026-01-31&ask=1"],
    ["/settings/keys/abc/export", "/settings/keys/abc?ask=1"],
    ["/settings/keys/abc?ask=", "/settings/keys/abc?ask=1"],
    // As Next routes them: a trailing slash (its 308 drops it), repeated slashes, percent-encoding.
    ["/settings/keys/abc/", "/settings/keys/abc?ask=1"],
    ["/settings//keys/abc", "/settings/keys/abc?ask=1"],
    ["/settings/keys/abc/export/?from=2026-01-01", "/settings/keys/abc?from=2026-01-01&ask=1"],
    ["/settings/%6Beys/abc", "/settings/keys/abc?ask=1"],
    // Decoded to match, encoded again: no CR, LF or backslash comes back from %0D%0A or %5C.
    ["/settings/keys/%0D%0Ax", "/settings/keys/%0D%0Ax?ask=1"],
    ["/settings/keys/a%5Cb/export", "/settings/keys/a%5Cb?ask=1"],
    ["/settings/keys/a%20b", "/settings/keys/a%20b?ask=1"],
  ])("asks first: %s", (value, expected) => {
    expect(safeCallbackPath(value)).toBe(expected);
  });

  it("sends the audit log's CSV, whose download is recorded, to the audit log's page", () => {
    expect(safeCallbackPath("/settings/super-admin/audit-log/export?practice=A81001")).toBe("/settings/super-admin/audit-log?practice=A81001");
    expect(safeCallbackPath("/settings/super-admin//audit-log/export/")).toBe("/settings/super-admin/audit-log");
  });

  it("leaves the other settings pages as they are", () => {
    expect(safeCallbackPath("/settings/keys")).toBe("/settings/keys");
    expect(safeCallbackPath("/settings/super-admin/api-keys/new")).toBe("/settings/super-admin/api-keys/new");
  });
});
