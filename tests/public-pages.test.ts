// The public pages (booking links, share links) are limited per client address in the
// middleware, before any page or action reaches the database.
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";

import { PEER_HEADER } from "@/lib/client-address";
import { PUBLIC_PAGE_LIMIT } from "@/lib/limits";
import { FORWARDED_ACTION_HEADER, PUBLIC_REFUSAL_HEADER, publicPageRefusal } from "@/lib/public-pages";
import { config, middleware } from "@/middleware";

import { clearOfMinuteEnd } from "./support/limiters";

const visit = (path: string, address: string, method = "GET", headers: Record<string, string> = {}) =>
  middleware(new NextRequest(`http://localhost${path}`, { method, headers: { [PEER_HEADER]: address, ...headers } }));

/** The value the middleware gives the page's request for `name` (NextResponse.next's request headers), or null if it drops it. */
function forwarded(response: Response, name: string) {
  const overridden = response.headers.get("x-middleware-override-headers")?.split(",") ?? [];
  return overridden.includes(name) ? response.headers.get(`x-middleware-request-${name}`) : null;
}

describe("the public pages' limit per client address", () => {
  it("lets PUBLIC_PAGE_LIMIT requests a minute through, page loads and actions alike, then answers 429 with Retry-After", async () => {
    await clearOfMinuteEnd(5_000);
    for (let i = 0; i < PUBLIC_PAGE_LIMIT; i++) {
      const response = await visit(i % 2 ? "/share" : `/book/token-${i}`, "192.0.2.90", i % 3 ? "GET" : "POST");
      expect(response.headers.get("x-middleware-next")).toBe("1");
    }
    const refused = await visit("/book/another", "192.0.2.90");
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(refused.headers.get("cache-control")).toContain("no-store");
    expect(await refused.text()).toContain("Wait a minute");
    // Another address is not affected.
    expect((await visit("/book/another", "192.0.2.91")).headers.get("x-middleware-next")).toBe("1");
  });

  it("covers the booking and share pages, and nothing that is not one", async () => {
    // /book alone is no page: its matcher needs a token, so it stays a 404 rather than the dashboard's sign-in.
    expect(config.matcher).toEqual(expect.arrayContaining(["/book/:path+", "/share"]));
    expect(config.matcher).not.toContain("/book/:path*");
    for (const path of ["/book/a-token", "/book/a-token/appointment.ics", "/share", "/share/"])
      expect((await visit(path, "192.0.2.92")).headers.get("x-middleware-next"), path).toBe("1");
  });

  it("over the limit, sends a server action on with the refusal, which it answers in its form; a client cannot send the refusal itself", async () => {
    await clearOfMinuteEnd(5_000);
    const address = "192.0.2.93";
    const action = { "next-action": "an-action-id" };
    // Under the limit, a client's own refusal header is dropped, so no action can be made to refuse (or told it was not).
    const allowed = await visit("/book/a-token", address, "POST", { ...action, [PUBLIC_REFUSAL_HEADER]: "limited" });
    expect(allowed.headers.get("x-middleware-next")).toBe("1");
    expect(forwarded(allowed, PUBLIC_REFUSAL_HEADER)).toBeNull();
    expect(forwarded(allowed, "next-action")).toBe("an-action-id");
    for (let i = 1; i < PUBLIC_PAGE_LIMIT; i++) await visit("/share", address);

    const page = await visit("/book/a-token", address);
    expect(page.status).toBe(429);
    // A form post without scripts (no Next-Action header) gets the same plain answer as a page.
    expect((await visit("/book/a-token", address, "POST")).status).toBe(429);
    for (const path of ["/book/a-token", "/share"]) {
      const refused = await visit(path, address, "POST", action);
      expect(refused.headers.get("x-middleware-next"), path).toBe("1");
      expect(forwarded(refused, PUBLIC_REFUSAL_HEADER), path).toBe("limited");
    }
  });

  it("words the refusal as the plain answer does, nothing for a header the middleware did not set, and refuses a forwarded action", () => {
    expect(publicPageRefusal(new Headers({ [PUBLIC_REFUSAL_HEADER]: "limited" }))).toBe("Too many requests from your network. Wait a minute, then try again.");
    expect(publicPageRefusal(new Headers({ [PUBLIC_REFUSAL_HEADER]: "unavailable" }))).toBe("This page is not available just now. Try again in a minute.");
    expect(publicPageRefusal(new Headers({ [PUBLIC_REFUSAL_HEADER]: "something else" }))).toBeNull();
    expect(publicPageRefusal(new Headers())).toBeNull();
    // Next's own mark on an action it forwards from another page: refused, whatever else it says.
    expect(publicPageRefusal(new Headers({ [FORWARDED_ACTION_HEADER]: "1" }))).toBe("Open this page from its link, then try again.");
  });
});
