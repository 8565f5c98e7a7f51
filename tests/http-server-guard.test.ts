// The Node server guard records the socket's address and protocol in headers of its own,
// replacing whatever a client sent under those names: the client address cannot be forged.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

import { afterAll, beforeAll, expect, it } from "vitest";

import { PEER_HEADER, PEER_PROTOCOL_HEADER } from "@/lib/client-address";
import { guardHttpServer } from "@/lib/http-server-guard";

let server: Server;
let url: string;

beforeAll(async () => {
  guardHttpServer();
  server = createServer((request, response) => {
    response.end(JSON.stringify({ peer: request.headers[PEER_HEADER], protocol: request.headers[PEER_PROTOCOL_HEADER] }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

afterAll(() => new Promise((resolve) => server.close(resolve)));

it("replaces a client's claimed peer address and protocol with the socket's", async () => {
  const response = await fetch(url, { headers: { [PEER_HEADER]: "203.0.113.66", [PEER_PROTOCOL_HEADER]: "https" } });
  expect(await response.json()).toEqual({ peer: "127.0.0.1", protocol: "http" });
});
