// A key report's view is recorded in the Activity of every practice it names: a link on another
// site must not make a signed-in super admin's browser record one. Modern browsers say who
// started a request (Sec-Fetch-Site); older ones (Safari before 16.4, old webviews) do not, and
// are judged by the Origin or Referer they send.
import { describe, expect, it } from "vitest";

import { startedByAnotherSite } from "@/lib/api-activity";

const judged = (headers: Record<string, string>) => startedByAnotherSite(new Headers(headers));

describe("startedByAnotherSite", () => {
  it("believes Sec-Fetch-Site when the browser sends it", () => {
    expect(judged({ "sec-fetch-site": "cross-site" })).toBe(true);
    expect(judged({ "sec-fetch-site": "same-site" })).toBe(true);
    expect(judged({ "sec-fetch-site": "same-origin", referer: "https://evil.example/" })).toBe(false);
    expect(judged({ "sec-fetch-site": "none" })).toBe(false);
  });

  it("without it, takes only an Origin or Referer of the host the request came to as its own: another site's, an opaque one or none at all (rel=noreferrer) is another site", () => {
    const host = "hero.example";
    expect(judged({ host, referer: "https://evil.example/page" })).toBe(true);
    expect(judged({ host, origin: "null" })).toBe(true);
    expect(judged({ host })).toBe(true);
    expect(judged({ host, referer: `https://${host}/settings/keys` })).toBe(false);
    // Behind a proxy, the host the browser asked for.
    expect(judged({ host: "10.0.0.5:3000", "x-forwarded-host": host, referer: `https://${host}/settings/keys` })).toBe(false);
  });
});
