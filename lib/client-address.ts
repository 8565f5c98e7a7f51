// Who is calling, as far as this server can know it. Edge-safe.
// The X-Forwarded-For header is written by whoever sends the request, so only the entries
// that trusted proxies added count: TRUSTED_PROXY_HOPS proxies stand in front of the app
// (0 by default), and the client is the address the outermost trusted one saw. With no proxy
// it is the socket's address, which lib/http-server-guard.ts puts in PEER_HEADER (replacing
// anything a client sent under that name).
import { sha256Hex } from "@/lib/key-format";

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

/** The eight groups of an IPv6 address, without leading zeros; null if it is not one. */
function ipv6Groups(address: string): string[] | null {
  const halves = address.toLowerCase().split("::");
  if (halves.length > 2) return null;
  const [head, tail] = halves.map((half) => (half === "" ? [] : half.split(":")));
  const groups = [...head, ...(tail ?? [])];
  // A dotted IPv4 tail (64:ff9b::192.0.2.1) is the last two groups: outside the /64 either way.
  if (groups.at(-1)?.includes(".")) groups.splice(-1, 1, "0", "0");
  const missing = 8 - groups.length;
  if (tail ? missing < 1 : missing !== 0) return null;
  const all = [...groups.slice(0, head.length), ...Array<string>(tail ? missing : 0).fill("0"), ...groups.slice(head.length)];
  return all.every((group) => /^[0-9a-f]{1,4}$/.test(group)) ? all.map((group) => parseInt(group, 16).toString(16)) : null;
}

/**
 * What an address is limited by: an IPv4 address, or an IPv6 address's /64, the block one
 * subscriber gets; counting each IPv6 address apart would give one client 2^64 budgets.
 */
export function addressBlock(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (mapped) return mapped[1];
  if (!address.includes(":")) return address;
  const groups = ipv6Groups(address.split("%")[0]);
  return groups ? `${groups.slice(0, 4).join(":")}::/64` : address;
}

/** The client's identifier for the per-address limits, hashed: no personal data in Redis keys. */
export async function addressLimitId(headers: Headers): Promise<string> {
  return `ip:${(await sha256Hex(addressBlock(clientAddress(headers)))).slice(0, 32)}`;
}

/** "https" or "http", as the client's own connection was: the trusted proxy's word, or the socket's. */
export function requestProtocol(headers: Headers, hops = trustedProxyHops()): string {
  if (hops === 0) return headers.get(PEER_PROTOCOL_HEADER) ?? "http";
  // Proxies replace X-Forwarded-Proto (nginx, load balancers) or append to it: either way the
  // outermost trusted proxy's entry is the one `hops` from the right; any before it the client wrote.
  const chain = (headers.get("x-forwarded-proto") ?? "").split(",").map((entry) => entry.trim().toLowerCase());
  return chain[Math.max(0, chain.length - hops)] === "https" ? "https" : "http";
}
