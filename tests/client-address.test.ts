// Who is calling and over what: only what the socket or a trusted proxy says counts, never what a client wrote.
import { createHash, randomBytes } from "node:crypto";

import { describe, expect, it, vi } from "vitest";

import { addressBlock, addressLimitId, clientAddress, limitId, PEER_HEADER, PEER_PROTOCOL_HEADER, requestProtocol } from "@/lib/client-address";

describe("the client address", () => {
  it("is the socket's with no trusted proxy, whatever X-Forwarded-For says", () => {
    const headers = new Headers({ [PEER_HEADER]: "203.0.113.5", "x-forwarded-for": "1.2.3.4" });
    expect(clientAddress(headers, 0)).toBe("203.0.113.5");
  });

  it("is the entry the outermost trusted proxy added, not one the client wrote", () => {
    // Client wrote 1.2.3.4; proxy 1 (the client's side) saw 198.51.100.7; proxy 2 saw proxy 1.
    const headers = new Headers({ [PEER_HEADER]: "10.0.0.2", "x-forwarded-for": "1.2.3.4, 198.51.100.7, 10.0.0.1" });
    expect(clientAddress(headers, 1)).toBe("10.0.0.1");
    expect(clientAddress(headers, 2)).toBe("198.51.100.7");
  });
});

describe("what the per-address limits count", () => {
  it("is an IPv6 address's /64, however it is written", () => {
    const block = "2001:db8:1:2::/64";
    for (const address of [
      "2001:db8:1:2::1",
      "2001:db8:1:2:ffff:ffff:ffff:fffe",
      "2001:0DB8:0001:0002:0:0:0:9",
      "2001:db8:1:2::192.0.2.1",
      "2001:db8:1:2::1%eth0",
    ])
      expect([address, addressBlock(address)]).toEqual([address, block]);
    expect(addressBlock("2001:db8:1:3::1")).toBe("2001:db8:1:3::/64");
    expect(addressBlock("::1")).toBe("0:0:0:0::/64");
    expect(addressBlock("fe80::1")).toBe("fe80:0:0:0::/64");
  });

  it("is an IPv4 address as such, also when a dual-stack socket maps it", () => {
    expect(addressBlock("203.0.113.5")).toBe("203.0.113.5");
    expect(addressBlock("::ffff:203.0.113.5")).toBe("203.0.113.5");
    expect(addressBlock("::FFFF:203.0.113.5")).toBe("203.0.113.5");
    // However a proxy spells it, and through NAT64: never one bucket for every IPv4 client.
    for (const spelling of ["0:0:0:0:0:ffff:203.0.113.5", "::ffff:cb00:7105", "::ffff:0:203.0.113.5", "64:ff9b::203.0.113.5", "64:ff9b::cb00:7105"])
      expect([spelling, addressBlock(spelling)]).toEqual([spelling, "203.0.113.5"]);
    expect(addressBlock("64:ff9b::198.51.100.9")).toBe("198.51.100.9");
  });

  it("drops a port or brackets a proxy wrote", () => {
    expect(addressBlock("203.0.113.5:1234")).toBe("203.0.113.5");
    expect(addressBlock("[2001:db8:1:2::1]:443")).toBe("2001:db8:1:2::/64");
    expect(addressBlock("[2001:db8:1:2::7]")).toBe("2001:db8:1:2::/64");
  });

  it("is what it was given when that is no address (nothing is lost by refusing to parse it)", () => {
    for (const odd of ["unknown", "1:2:3", "1::2::3", "2001:db8::g", "1:2:3:4:5:6:7:8:9", "", "::ffff:300.1.1.1", "1.2.3.4::1"])
      expect(addressBlock(odd)).toBe(odd);
  });
});

describe("the ids the limits count under in Redis", () => {
  it("name nobody: keyed with the server secret, not a hash anyone can compute for every IPv4 address or a list of emails", async () => {
    const headers = new Headers({ [PEER_HEADER]: "203.0.113.9" });
    const id = await addressLimitId(headers);
    const plain = createHash("sha256").update("203.0.113.9").digest("hex").slice(0, 32);
    expect(id).toMatch(/^ip:[0-9a-f]{32}$/);
    expect(id).not.toBe(`ip:${plain}`);
    expect(await addressLimitId(headers)).toBe(id);
    vi.stubEnv("NEXTAUTH_SECRET", randomBytes(32).toString("base64url"));
    try {
      expect(await addressLimitId(headers)).not.toBe(id);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});

describe("the client's protocol", () => {
  it("is the socket's with no trusted proxy, whatever X-Forwarded-Proto says", () => {
    const headers = new Headers({ [PEER_PROTOCOL_HEADER]: "http", "x-forwarded-proto": "https" });
    expect(requestProtocol(headers, 0)).toBe("http");
  });

  it("is what a proxy that replaces X-Forwarded-Proto set (nginx, load balancers)", () => {
    expect(requestProtocol(new Headers({ "x-forwarded-proto": "https" }), 1)).toBe("https");
    expect(requestProtocol(new Headers({ "x-forwarded-proto": "http" }), 1)).toBe("http");
    expect(requestProtocol(new Headers({ "x-forwarded-proto": "HTTPS" }), 1)).toBe("https");
    expect(requestProtocol(new Headers(), 1)).toBe("http");
  });

  it("is the entry the outermost trusted proxy added behind proxies that append, not one the client wrote", () => {
    // The client claimed https over plain HTTP; one appending proxy added what it saw.
    expect(requestProtocol(new Headers({ "x-forwarded-proto": "https, http" }), 1)).toBe("http");
    // Two proxies: the outermost saw https, the inner one the outermost's plain connection.
    expect(requestProtocol(new Headers({ "x-forwarded-proto": "http, https, http" }), 2)).toBe("https");
    expect(requestProtocol(new Headers({ "x-forwarded-proto": "https,http" }), 2)).toBe("https");
  });
});

describe("the limits' ids on the Node.js runtime", () => {
  it("are the same with node:crypto installed (instrumentation.ts) as with Web Crypto", async () => {
    const texts = ["203.0.113.7", "2001:db8:1:2::/64", "someone@example.test", "ünïcødé ✓", ""];
    const { nodeRuntime } = await import("@/lib/node-runtime");
    const { installNodeRuntime } = await import("@/lib/node-runtime-setup");
    expect(nodeRuntime()).toBeUndefined();
    const webCrypto = await Promise.all(texts.map(limitId));
    installNodeRuntime();
    const hmac = vi.spyOn(nodeRuntime()!, "hmacSha256Hex");
    try {
      expect(await Promise.all(texts.map(limitId))).toEqual(webCrypto);
      expect(hmac).toHaveBeenCalledTimes(texts.length);
    } finally {
      delete (globalThis as Record<symbol, unknown>)[Symbol.for("hero.nodeRuntime")];
    }
  });
});
