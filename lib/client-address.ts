// Who is calling, as far as this server can know it. Edge-safe.
// The X-Forwarded-For header is written by whoever sends the request, so only the entries
// that trusted proxies added count: TRUSTED_PROXY_HOPS proxies stand in front of the app
// (0 by default), and the client is the address the outermost trusted one saw. With no proxy
// it is the socket's address, which lib/http-server-guard.ts puts in PEER_HEADER (replacing
// anything a client sent under that name).
export const PEER_HEADER = "x-hero-peer-address";
export const PEER_PROTOCOL_HEADER = "x-hero-peer-protocol";

export function trustedProxyHops(): number {
  const hops = Number(process.env.TRUSTED_PROXY_HOPS ?? 0);
  return Number.isInteger(hops) && hops >= 0 && hops <= 10 ? hops : 0;
}

/** The client's address: the socket's, or the one the outermost trusted proxy recorded. */
export function clientAddress(headers: Headers, hops = trustedProxyHops()): string {
  const peer = headers.get(PEER_HEADER)?.trim() || "unknown";
  if (hops === 0) return peer;
  // Each proxy appends the address it received the request from; the last proxy is our peer.
  const chain = [
    ...(headers.get("x-forwarded-for") ?? "")
      .split(",")
      .map((entry) => entry.trim())
      .filter(Boolean),
    peer,
  ];
  return chain[Math.max(0, chain.length - 1 - hops)];
}

/** "https" or "http", as the client's own connection was: the trusted proxy's word, or the socket's. */
export function requestProtocol(headers: Headers, hops = trustedProxyHops()): string {
  if (hops === 0) return headers.get(PEER_PROTOCOL_HEADER) ?? "http";
  // Proxies replace X-Forwarded-Proto (nginx, load balancers) or append to it: either way the
  // outermost trusted proxy's entry is the one `hops` from the right; any before it the client wrote.
  const chain = (headers.get("x-forwarded-proto") ?? "").split(",").map((entry) => entry.trim().toLowerCase());
  return chain[Math.max(0, chain.length - hops)] === "https" ? "https" : "http";
}
