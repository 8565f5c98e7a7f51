// The Node server guard records the socket's address and protocol in headers of its own,
// replacing whatever a client sent under those names: the client address cannot be forged. It
// refuses a server action from another site before Next does (Next's refusal is a 500).
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { ARRIVED_AT_HEADER, PEER_HEADER, PEER_PROTOCOL_HEADER } from "@/lib/client-address";
import { guardHttpServer } from "@/lib/http-server-guard";

let server: Server;
let url: string;

beforeAll(async () => {
  guardHttpServer();
  server = createServer((request, response) => {
    response.end(
      JSON.stringify({
        peer: request.headers[PEER_HEADER],
        protocol: request.headers[PEER_PROTOCOL_HEADER],
        arrivedAt: Number(request.headers[ARRIVED_AT_HEADER]),
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

afterAll(() => new Promise((resolve) => server.close(resolve)));

it("replaces a client's claimed peer address, protocol and arrival time with the socket's and the server's", async () => {
  const sent = Date.now();
  const response = await fetch(url, { headers: { [PEER_HEADER]: "203.0.113.66", [PEER_PROTOCOL_HEADER]: "https", [ARRIVED_AT_HEADER]: "1" } });
  const { arrivedAt, ...peer } = await response.json();
  expect(peer).toEqual({ peer: "127.0.0.1", protocol: "http" });
  expect(arrivedAt).toBeGreaterThanOrEqual(sent);
  expect(arrivedAt).toBeLessThanOrEqual(Date.now());
});

describe("a server action from another site", () => {
  const action = (headers: Record<string, string>, path = "/settings/my-practice") =>
    fetch(new URL(path, url), { method: "POST", headers: { "Next-Action": "7f00", ...headers }, body: "[]" }).then(async (response) => ({
      status: response.status,
      body: await response.text(),
    }));
  const host = () => new URL(url).host;

  it("is refused with 403 when its Origin is another site, null or not a URL", async () => {
    for (const origin of ["https://evil.example", `http://${host()}.evil.example`, "null", "not a url", "http://["]) {
      expect(await action({ Origin: origin }), origin).toEqual({ status: 403, body: "Forbidden: this request came from another site." });
    }
    // Behind a proxy Next compares with X-Forwarded-Host alone, not with Host.
    expect((await action({ Origin: `http://${host()}`, "X-Forwarded-Host": "practices.example" })).status).toBe(403);
  });

  it("is refused as a form's multipart POST too", async () => {
    const form = new FormData();
    form.set("$ACTION_ID_7f00", "");
    const response = await fetch(new URL("/settings/my-practice", url), { method: "POST", headers: { Origin: "https://evil.example" }, body: form });
    expect(response.status).toBe(403);
  });

  it("passes on, by Next's rule, from this host, from the X-Forwarded-Host a proxy set, or without an Origin", async () => {
    expect((await action({ Origin: `http://${host()}` })).status).toBe(200);
    expect((await action({ Origin: "https://practices.example", "X-Forwarded-Host": "practices.example, internal:3000" })).status).toBe(200);
    expect((await action({})).status).toBe(200);
  });

  // Next resolves the dots before routing: "/api/../settings" is the settings page, whose refusal Next logs as an error.
  it("is refused on a path that climbs out of /api/", async () => {
    const raw = (path: string) =>
      new Promise<number>((resolve, reject) => {
        const target = new URL(url);
        const headers = { "Next-Action": "7f00", Origin: "https://evil.example", "Content-Type": "text/plain" };
        request({ host: target.hostname, port: target.port, path, method: "POST", headers }, (response) => {
          response.resume();
          resolve(response.statusCode!);
        })
          .on("error", reject)
          .end("[]");
      });
    for (const path of ["/api/../settings/my-practice", "/api/%2e%2e/settings/my-practice", "/api/v1/../../settings", "/api\\..\\settings"]) {
      expect(await raw(path), path).toBe(403);
    }
    expect(await raw("/api/v1/../v1/slots")).toBe(200);
  });

  it("leaves route handlers and other requests alone", async () => {
    expect((await action({ Origin: "https://evil.example" }, "/api/v1/slots")).status).toBe(200);
    const plain = await fetch(url, { method: "POST", headers: { Origin: "https://evil.example", "Content-Type": "application/json" }, body: "{}" });
    expect(plain.status).toBe(200);
  });
});
