// The public pages (booking links, share links) are limited per client address in the
// middleware, before any page or action reaches the database.
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";

import { PEER_HEADER } from "@/lib/client-address";
import { PUBLIC_PAGE_LIMIT } from "@/lib/limits";
import { config, middleware } from "@/middleware";

import { clearOfMinuteEnd } from "./support/limiters";

const visit = (path: string, address: string, method = "GET") =>
  middleware(new NextRequest(`http://localhost${path}`, { method, headers: { [PEER_HEADER]: address } }));

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
});
