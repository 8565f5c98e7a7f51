// Failed authentications are charged to the client's address as well as to the key: well-formed
// keys are easy to invent (the checksum algorithm is public), and each invented key would
// otherwise get a fresh 300-a-minute budget and a database lookup per request. After
// authFailureLimit() failures a minute, an address gets 429 before any lookup, unless the key
// it presents (with its username, for a user key) has just been verified on this instance (a
// working partner is never held up by someone else's failures behind the same address). Each
// call is counted before its lookup and the count taken back if the key verifies.
import { keyHashOf } from "@/lib/api-keys";
import { REQUEST_HEADERS } from "@/lib/api/headers";
import { addressLimitId } from "@/lib/client-address";
import type { ApiKeyKind } from "@/lib/generated/prisma/client";
import { authFailureLimit, authFailureLimiter, limitWithPolicy, refundWithPolicy } from "@/lib/ratelimit";

const VERIFIED_TTL_MS = 60_000;
const VERIFIED_MAX = 10_000;
const recentlyVerified = new Map<string, number>();

/**
 * What the exemption is for: the key or token presented, alone and with the x-username sent
 * beside it. A user key's username is half its credential, so for a user key only the pair that
 * worked is exempt; a partner key ignores x-username, so it is exempt whatever it is sent with.
 */
export type Credential = { alone: string; withUsername: string };

export function credentialOf(request: Request): Credential | null {
  const credential = request.headers.get(REQUEST_HEADERS.apiKey.name) ?? request.headers.get(REQUEST_HEADERS.authorization.name);
  if (credential === null) return null;
  const username = request.headers.get(REQUEST_HEADERS.username.name);
  const alone = keyHashOf(`${credential}\n`);
  return { alone, withUsername: username ? keyHashOf(`${credential}\n${username}`) : alone };
}

export function rememberVerified(credential: Credential, kind: ApiKeyKind) {
  if (recentlyVerified.size >= VERIFIED_MAX) recentlyVerified.clear();
  recentlyVerified.set(kind === "USER" ? credential.withUsername : credential.alone, Date.now() + VERIFIED_TTL_MS);
}

const isExempt = (credential: Credential | null) =>
  credential !== null && [credential.alone, credential.withUsername].some((id) => (recentlyVerified.get(id) ?? 0) > Date.now());

export type AuthAttempt = { blocked: boolean; takeBack: () => Promise<void> };

/**
 * Counts the call as a failure of its address before its credential is checked, so calls that
 * arrive at once cannot all pass a check made before any of them was counted; `takeBack` removes
 * the count (the credential verified, or the call failed for another reason). A just-verified
 * credential is exempt and counts nothing; so does a refused call. When Redis does not answer,
 * the count is kept in this instance, never dropped.
 */
export async function startAuthAttempt(request: Request, credential: Credential | null): Promise<AuthAttempt> {
  if (isExempt(credential)) return { blocked: false, takeBack: async () => {} };
  const limiter = authFailureLimiter();
  const address = await addressLimitId(request.headers);
  const decision = await limitWithPolicy(limiter, address, "open");
  return { blocked: decision.outcome !== "allowed", takeBack: () => refundWithPolicy(limiter, address, decision) };
}

export function authFailureMessage() {
  return `Too many requests with an invalid API key from your address: the limit is ${authFailureLimit()} a minute. Check the key, then retry with exponential backoff.`;
}
