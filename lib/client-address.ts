// Who is calling, as far as this server can know it. Edge-safe.
// The X-Forwarded-For header is written by whoever sends the request, so only the entries
// that trusted proxies added count: TRUSTED_PROXY_HOPS proxies stand in front of the app
// (0 by default), and the client is the address the outermost trusted one saw. With no proxy
// it is the socket's address, which lib/http-server-guard.ts puts in PEER_HEADER (replacing
// anything a client sent under that name).
import { hmacSha256Hex } from "@/lib/key-format";

export const PEER_HEADER = "x-hero-peer-address";
export const PEER_PROTOCOL_HEADER = "x-hero-peer-protocol";
/**
 * When the request's headers arrived (ms since the epoch), set by the same guard: when the
 * middleware counted it, which for a body sent slowly is long before its route runs.
 */
export const ARRIVED_AT_HEADER = "x-hero-arrived-at";

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

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** The eight groups of an IPv6 address as numbers; null if it is not one. */
function ipv6Groups(address: string): number[] | null {
  const halves = address.toLowerCase().split("::");
  if (halves.length > 2) return null;
  const [head, tail] = halves.map((half) => (half === "" ? [] : half.split(":")));
  const parts = [...head, ...(tail ?? [])];
  // A dotted IPv4 tail (::ffff:192.0.2.1, 64:ff9b::192.0.2.1) is the last two groups.
  const dotted = parts.at(-1)?.includes(".") ? IPV4.exec(parts.pop()!) : undefined;
  if (dotted === null || dotted?.slice(1).some((octet) => Number(octet) > 255)) return null;
  if (dotted) parts.push(((+dotted[1] << 8) | +dotted[2]).toString(16), ((+dotted[3] << 8) | +dotted[4]).toString(16));
  const missing = 8 - parts.length;
  if (tail ? missing < 1 : missing !== 0) return null;
  const headLength = Math.min(head.length, parts.length);
  const all = [...parts.slice(0, headLength), ...Array<string>(tail ? missing : 0).fill("0"), ...parts.slice(headLength)];
  return all.every((group) => /^[0-9a-f]{1,4}$/.test(group)) ? all.map((group) => parseInt(group, 16)) : null;
}

/** The IPv4 address an IPv6 one carries: v4-mapped (::ffff:0:0/96, and ::ffff:0:0:0/96) or NAT64 (64:ff9b::/96). */
function embeddedIpv4(groups: number[]): string | null {
  const [a, b, c, d, e, f, g, h] = groups;
  const mapped = a === 0 && b === 0 && c === 0 && d === 0 && ((e === 0 && f === 0xffff) || (e === 0xffff && f === 0));
  const nat64 = a === 0x64 && b === 0xff9b && c === 0 && d === 0 && e === 0 && f === 0;
  return mapped || nat64 ? [g >> 8, g & 0xff, h >> 8, h & 0xff].join(".") : null;
}

/**
 * What an address is limited by: an IPv4 address, or an IPv6 address's /64, the smallest block
 * a subscriber is given (counting each IPv6 address apart would give one client 2^64 budgets).
 * A port or brackets a proxy wrote are dropped; anything unparsable counts as written.
 */
export function addressBlock(written: string): string {
  const address = /^\[([^\]]+)\](?::\d+)?$/.exec(written)?.[1] ?? written.replace(/^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/, "$1");
  if (!address.includes(":")) return address;
  const groups = ipv6Groups(address.split("%")[0]);
  if (!groups) return address;
  return (
    embeddedIpv4(groups) ??
    `${groups
      .slice(0, 4)
      .map((group) => group.toString(16))
      .join(":")}::/64`
  );
}

/**
 * What a limit counts personal data under (an address, an email) in Redis: an HMAC keyed with the
 * server's NEXTAUTH_SECRET, which every instance shares. A plain SHA-256 named them to anyone who
 * could read Redis: every IPv4 address hashes in minutes, and likely emails as fast.
 */
export async function limitId(text: string): Promise<string> {
  const secret = process.env.NEXTAUTH_SECRET ?? "";
  if (!secret) throw new Error("NEXTAUTH_SECRET is not set: the limits' ids are keyed with it");
  return (await hmacSha256Hex(`limit-ids:${secret}`, text)).slice(0, 32);
}

/** The client's identifier for the per-address limits. */
export async function addressLimitId(headers: Headers): Promise<string> {
  return `ip:${await limitId(addressBlock(clientAddress(headers)))}`;
}

/** "https" or "http", as the client's own connection was: the trusted proxy's word, or the socket's. */
export function requestProtocol(headers: Headers, hops = trustedProxyHops()): string {
  if (hops === 0) return headers.get(PEER_PROTOCOL_HEADER) ?? "http";
  // The outermost trusted proxy's entry, `hops` from the right: each proxy appends one entry (a
  // single proxy may replace the header instead); any entry before those the client wrote.
  const chain = (headers.get("x-forwarded-proto") ?? "").split(",").map((entry) => entry.trim().toLowerCase());
  return chain[Math.max(0, chain.length - hops)] === "https" ? "https" : "http";
}

/** The host the browser asked for: the first X-Forwarded-Host entry (the outermost proxy's), else Host. */
export function requestedHost(forwardedHost: string | null | undefined, host: string | null | undefined): string | null {
  return forwardedHost?.split(",")[0]?.trim() || host || null;
}
