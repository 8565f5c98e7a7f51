// A key report's view is recorded in the Activity of every practice it names: a link on another
// site must not make a signed-in super admin's browser record one. Modern browsers say who
// started a request (Sec-Fetch-Site); older ones (Safari before 16.4, old webviews) do not, and
// are judged by the Origin or Referer they send.
import { describe, expect, it } from "vitest";

import { startedByAnotherSite } from "@/lib/api-activity";
import { appOrigin } from "@/lib/env";

const judged = (headers: Record<string, string>) => startedByAnotherSite(new Headers(headers));

describe("startedByAnotherSite", () => {
  it("believes Sec-Fetch-Site when the browser sends it", () => {
    expect(judged({ "sec-fetch-site": "cross-site" })).toBe(true);
    expect(judged({ "sec-fetch-site": "same-site" })).toBe(true);
    expect(judged({ "sec-fetch-site": "same-origin", referer: "https://evil.example/" })).toBe(false);
    expect(judged({ "sec-fetch-site": "none" })).toBe(false);
  });

  it("without it, judges by the Origin or Referer: another site's, or an opaque one, is another site; the app's own, or none (a typed address), is not", () => {
    expect(judged({ referer: "https://evil.example/page" })).toBe(true);
    expect(judged({ origin: "null" })).toBe(true);
    expect(judged({ referer: `${appOrigin()}/settings/keys` })).toBe(false);
    expect(judged({})).toBe(false);
  });
});
