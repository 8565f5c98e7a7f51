// Short-lived bearer tokens (POST /api/v1/access_token, seed 002). A token is stateless:
//   hero_at_ + base64url(JSON payload) + "." + base64url(HMAC-SHA256(ACCESS_TOKEN_SECRET, payload))
// The payload names the key by its SHA-256 (never the key), so every request made with a token
// looks the key up again: revoking or rotating the key kills its tokens at once, and nothing
// needs to be stored or cached. Edge-safe: Web Crypto only (the middleware verifies tokens).

import type { KeyEnvironment } from "@/lib/key-format";
import { TOKEN_TTL_SECONDS } from "@/lib/limits";

export const TOKEN_PREFIX = "hero_at_";

export type AccessTokenPayload = {
  /** SHA-256 of the API key the token was exchanged for. */
  kh: string;
  /** The practice group named at the exchange; requests must name the same one. */
  pg: string;
  env: KeyEnvironment;
  /** For user-owned keys: the owner's username checked at the exchange, as usernameDigest. */
  uh?: string;
  /** Expiry, Unix seconds. */
  exp: number;
};

const encoder = new TextEncoder();

function toBase64Url(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null;
  try {
    const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
    return Uint8Array.from(binary, (char) => char.charCodeAt(0));
  } catch {
    return null;
  }
}

function secret(): string {
  const value = process.env.ACCESS_TOKEN_SECRET;
  // Checked here as well as in lib/env.ts: this module also runs in the middleware.
  if (!value || value.length < 32) throw new Error("ACCESS_TOKEN_SECRET is not set (32+ characters)");
  return value;
}

let cachedKey: { secret: string; key: Promise<CryptoKey> } | undefined;

function hmacKey(): Promise<CryptoKey> {
  const current = secret();
  if (cachedKey?.secret !== current) {
    cachedKey = { secret: current, key: crypto.subtle.importKey("raw", encoder.encode(current), { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]) };
  }
  return cachedKey.key;
}

/**
 * A user key's owner's username as a token holds it: keyed with the secret, as whoever holds a
 * token can read its payload, and a username is half of a user key's credentials (and a guessable one).
 */
export async function usernameDigest(username: string): Promise<string> {
  return toBase64Url(new Uint8Array(await crypto.subtle.sign("HMAC", await hmacKey(), encoder.encode(`username:${username}`))));
}

/** A token for TOKEN_TTL_SECONDS, or until its key expires (keyExpiresAtMs) if that is sooner. */
export async function signAccessToken(fields: Omit<AccessTokenPayload, "exp">, now = Date.now(), keyExpiresAtMs: number | null = null) {
  const issuedAt = Math.floor(now / 1000);
  const exp = Math.min(issuedAt + TOKEN_TTL_SECONDS, keyExpiresAtMs === null ? Infinity : Math.floor(keyExpiresAtMs / 1000));
  const payload: AccessTokenPayload = { ...fields, exp };
  const body = toBase64Url(encoder.encode(JSON.stringify(payload)));
  const signature = new Uint8Array(await crypto.subtle.sign("HMAC", await hmacKey(), encoder.encode(body)));
  return { token: `${TOKEN_PREFIX}${body}.${toBase64Url(signature)}`, expiresAt: new Date(exp * 1000), expiresIn: Math.max(0, exp - issuedAt) };
}

function isPayload(value: unknown): value is AccessTokenPayload {
  const payload = value as AccessTokenPayload;
  return (
    typeof payload === "object" &&
    payload !== null &&
    typeof payload.kh === "string" &&
    /^[0-9a-f]{64}$/.test(payload.kh) &&
    typeof payload.pg === "string" &&
    (payload.env === "live" || payload.env === "test") &&
    (payload.uh === undefined || typeof payload.uh === "string") &&
    Number.isInteger(payload.exp)
  );
}

/** The payload of a well-signed token, expired or not (the ledger records an expired token's refusal against its key); null for anything else. */
export async function readAccessToken(token: string): Promise<AccessTokenPayload | null> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 1024) return null;
  const [body, signature, extra] = token.slice(TOKEN_PREFIX.length).split(".");
  if (!body || !signature || extra !== undefined) return null;
  const signatureBytes = fromBase64Url(signature);
  const bodyBytes = fromBase64Url(body);
  if (!signatureBytes || !bodyBytes) return null;
  // crypto.subtle.verify compares in constant time.
  const valid = await crypto.subtle.verify("HMAC", await hmacKey(), signatureBytes as BufferSource, encoder.encode(body));
  if (!valid) return null;
  let payload: unknown;
  try {
    payload = JSON.parse(new TextDecoder().decode(bodyBytes));
  } catch {
    return null;
  }
  return isPayload(payload) ? payload : null;
}

/** The payload of a well-signed, unexpired token; null for anything else. */
export async function verifyAccessToken(token: string, now = Date.now()): Promise<AccessTokenPayload | null> {
  const payload = await readAccessToken(token);
  return payload && payload.exp * 1000 > now ? payload : null;
}

/** The token from an `Authorization: Bearer …` header, or null. */
export function bearerToken(authorization: string | null): string | null {
  const match = authorization ? /^Bearer\s+(\S+)\s*$/i.exec(authorization) : null;
  return match ? match[1] : null;
}
