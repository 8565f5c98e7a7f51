// The API key format, after GitHub's token format:
//   hero_live_ | hero_test_  +  32 base62 characters (~190 bits from a CSPRNG)
//                            +  6 base62 characters: CRC32 of everything before it.
// The checksum lets the middleware (and secret scanners) reject a mistyped or
// made-up key without a database call. Edge-safe: Web Crypto only, no `node:` imports.
import { nodeRuntime } from "@/lib/node-runtime";

export type KeyEnvironment = "live" | "test";

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const RANDOM_LENGTH = 32;
const CHECKSUM_LENGTH = 6;
const KEY_PATTERN = /^hero_(live|test)_[0-9A-Za-z]{38}$/;

export const KEY_LENGTH = "hero_test_".length + RANDOM_LENGTH + CHECKSUM_LENGTH;

export function keyPrefix(environment: KeyEnvironment) {
  return `hero_${environment}_`;
}

function randomBase62(length: number): string {
  let out = "";
  while (out.length < length) {
    const bytes = crypto.getRandomValues(new Uint8Array(length * 2));
    for (const byte of bytes) {
      // 248 = 4 × 62: rejecting larger bytes keeps every character equally likely.
      if (byte < 248 && out.length < length) out += ALPHABET[byte % 62];
    }
  }
  return out;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(text: string): number {
  let crc = 0xffffffff;
  for (let i = 0; i < text.length; i++) {
    crc = CRC_TABLE[(crc ^ text.charCodeAt(i)) & 0xff] ^ (crc >>> 8);
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function toBase62(value: number, width: number): string {
  let out = "";
  let rest = value;
  while (rest > 0) {
    out = ALPHABET[rest % 62] + out;
    rest = Math.floor(rest / 62);
  }
  return out.padStart(width, "0");
}

export function generateKey(environment: KeyEnvironment): string {
  const body = keyPrefix(environment) + randomBase62(RANDOM_LENGTH);
  return body + toBase62(crc32(body), CHECKSUM_LENGTH);
}

/** The key's environment when its shape and checksum are right, otherwise null. */
export function parseKey(key: string): KeyEnvironment | null {
  const match = KEY_PATTERN.exec(key);
  if (!match) return null;
  const body = key.slice(0, -CHECKSUM_LENGTH);
  if (toBase62(crc32(body), CHECKSUM_LENGTH) !== key.slice(-CHECKSUM_LENGTH)) return null;
  return match[1] as KeyEnvironment;
}

/** What the dashboard shows: the prefix and the last four characters. */
export function displayKey(key: string): string {
  return `${key.slice(0, "hero_test_".length)}…${key.slice(-4)}`;
}

/** SHA-256 in hex: node:crypto's where instrumentation.ts installed it (lib/node-runtime.ts), which
 * skips Web Crypto's thread-pool hop; Web Crypto, which the Edge runtime and Node both have, elsewhere. */
export async function sha256Hex(text: string): Promise<string> {
  const node = nodeRuntime();
  if (node) return node.sha256Hex(text);
  return hexOf(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
}

let hmacKey: { key: string; cryptoKey: Promise<CryptoKey> } | undefined;

/** HMAC-SHA-256 in hex, by node:crypto or Web Crypto as sha256Hex is (the Web Crypto key made once per key). */
export async function hmacSha256Hex(key: string, text: string): Promise<string> {
  const node = nodeRuntime();
  if (node) return node.hmacSha256Hex(key, text);
  if (hmacKey?.key !== key) {
    const cryptoKey = crypto.subtle.importKey("raw", new TextEncoder().encode(key), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    hmacKey = { key, cryptoKey };
  }
  return hexOf(await crypto.subtle.sign("HMAC", await hmacKey.cryptoKey, new TextEncoder().encode(text)));
}

function hexOf(bytes: ArrayBuffer): string {
  let hex = "";
  for (const byte of new Uint8Array(bytes)) hex += byte.toString(16).padStart(2, "0");
  return hex;
}
