// A PostgreSQL that stops answering, made by a proxy of the test's own in front of the shared
// server (never by touching the server): while stalled, bytes are read and dropped in both
// directions, so connections stay open and silent.
import { createConnection, createServer, type AddressInfo, type Socket } from "node:net";

export type StallProxy = { url: string; stall: (stalled: boolean) => void; close: () => Promise<void> };

/** A proxy to the database at `databaseUrl`; `url` is the same connection string through it. */
export async function startStallProxy(databaseUrl: string): Promise<StallProxy> {
  const target = new URL(databaseUrl);
  const sockets = new Set<Socket>();
  let stalled = false;
  const proxy = createServer((client) => {
    const server = createConnection({ host: target.hostname, port: Number(target.port || 5432) });
    sockets.add(client).add(server);
    client.on("data", (chunk) => stalled || server.write(chunk));
    server.on("data", (chunk) => stalled || client.write(chunk));
    for (const socket of [client, server]) socket.on("error", () => {}).on("close", () => (client.destroy(), server.destroy()));
  });
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  const proxied = new URL(databaseUrl);
  proxied.host = `127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  return {
    url: proxied.toString(),
    stall: (value) => {
      stalled = value;
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => proxy.close(resolve));
    },
  };
}
