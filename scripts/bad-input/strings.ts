// The hostile values the generator draws from. Strings are latin1 "byte strings": one
// character per byte, so "\xff\xfe" is sent as the two bytes FF FE (invalid UTF-8).
import { crc32 } from "@/lib/key-format";

import type { Rng } from "./rng";

export const INJECTIONS = [
  "' OR '1'='1",
  "'; DROP TABLE api_keys; --",
  "1; SELECT pg_sleep(10)--",
  '1\' UNION SELECT "keyHash" FROM api_keys--',
  '" OR ""="',
  "admin'--",
  '{"$gt": ""}',
  '{"$ne": null}',
  "[$ne]=1",
  "{$where: 'sleep(1000)'}",
  "../../../../etc/passwd",
  "..\\..\\..\\windows\\win.ini",
  "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
  "....//....//etc/passwd",
  "/etc/passwd%00.json",
  "<script>alert(1)</script>",
  "${jndi:ldap://127.0.0.1/a}",
  "{{7*7}}",
  "`id`",
  "$(id)",
  "| cat /etc/passwd",
  "%s%s%s%n",
  "__proto__",
  "constructor",
  "toString",
  "NaN",
  "-0",
  "1e309",
  "null",
  "\u0000",
  "\u202e\u0041",
  "😀🏥",
  "\ud800",
];

/** Bytes that are not UTF-8: lone continuation, truncated sequence, surrogate, overlong. */
export const INVALID_UTF8 = ["\xff\xfe", "\xc3\x28", "\xed\xa0\x80", "\xc0\xaf", "\x80", "\xe2\x82", "\xf8\x88\x80\x80\x80"];

export const PERCENT_JUNK = ["%ff%fe", "%c3%28", "%ed%a0%80", "%c0%af", "%00", "%", "%zz", "%2f", "%2e%2e", "%5c", "%0d%0a", "%u0041"];

export const CONTENT_TYPES = [
  "text/plain",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=----fuzz",
  "application/xml",
  "application/json; charset=utf-16",
  "application/vnd.api+json",
  "*/*",
  "json",
  "",
  `application/json;${" a=b;".repeat(500)}`,
  "application/json\xff\xfe",
];

export const RANDOM_SEGMENTS = [
  "patients",
  "admin",
  "users",
  "api-keys",
  ".env",
  "v2",
  "openapi.yaml",
  "health",
  "graphql",
  "access-token",
  "Messages",
  "slots.json",
  "%2e%2e",
  "..%2f..%2f",
];

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

export function randomChars(rng: Rng, length: number, alphabet = BASE62): string {
  let out = "";
  for (let i = 0; i < length; i++) out += alphabet[rng.int(0, alphabet.length - 1)];
  return out;
}

/** Printable ASCII and bytes 0x80–0xFF (obs-text, not UTF-8): what a header value may carry. */
export function randomBytesString(rng: Rng, length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += String.fromCharCode(rng.chance(0.7) ? rng.int(0x20, 0x7e) : rng.int(0x80, 0xff));
  return out;
}

/** A hostile string fit for a header value: control characters (which Node's parser refuses
 * outright, so the app would never see the request) are left to the header mutations. */
export function hostileHeaderValue(rng: Rng): string {
  return hostileString(rng)
    .replace(/[\x00-\x08\x0a-\x1f\x7f]/g, "?")
    .replace(/[\u0100-\uffff]/g, "?");
}

export function randomUuid(rng: Rng): string {
  const hex = randomChars(rng, 32, "0123456789abcdef");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function toBase62(value: number, width: number): string {
  let out = "";
  for (let rest = value; rest > 0; rest = Math.floor(rest / 62)) out = BASE62[rest % 62] + out;
  return out.padStart(width, "0");
}

/** A key with the right shape and checksum (it passes the middleware) that no database holds. */
export function wellFormedUnknownKey(rng: Rng, environment: "test" | "live" = "test"): string {
  const body = `hero_${environment}_${randomChars(rng, 32)}`;
  return body + toBase62(crc32(body), 6);
}

/** Raw text that lands inside a JSON string, a path or a header: hostile, huge or not UTF-8. */
export function hostileString(rng: Rng): string {
  switch (rng.int(0, 5)) {
    case 0:
      return rng.pick(INJECTIONS);
    case 1:
      return `a${rng.pick(INVALID_UTF8)}b`;
    case 2:
      return "A".repeat(rng.pick([101, 1001, 5000]));
    case 3:
      return randomChars(rng, rng.int(0, 40));
    case 4:
      return "";
    default:
      return rng.pick(["9990000018", "GP consultation", "Your results are ready.", " ", "\t\t"]);
  }
}

/** Percent-encodes every byte of the UTF-8 form (encodeURIComponent throws on lone surrogates). */
export function percentEncode(text: string): string {
  return Array.from(Buffer.from(text), (byte) =>
    /[A-Za-z0-9._~-]/.test(String.fromCharCode(byte)) ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`,
  ).join("");
}
