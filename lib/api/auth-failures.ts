// Failed authentications are charged to the client's address as well as to the key: well-formed
// keys are easy to invent (the checksum algorithm is public), and each invented key would
// otherwise get a fresh 300-a-minute budget and a database lookup per request. After
// authFailureLimit() failures a minute, an address gets 429 before any lookup, unless the key
// it presents (with its username, for a user key) verified on this instance within AUTH_FAILURE_EXEMPT_MS (a
// working partner is not held up by someone else's failures behind the same address). Each
// call is counted before its lookup and the count taken back if the key verifies.
import { keyHashOf } from "@/lib/api-keys";
import { REQUEST_HEADERS } from "@/lib/api/headers";
import { addressLimitId } from "@/lib/client-address";
import type { ApiKeyKind } from "@/lib/generated/prisma/client";
import { AUTH_FAILURE_EXEMPT_MS } from "@/lib/limits";
import { authFailureLimit, authFailureLimiter, limitWithPolicy, refundWithPolicy, retryAfterSeconds, type RateDecision } from "@/lib/ratelimit";

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
  const id = kind === "USER" ? credential.withUsername : credential.alone;
  // Kept in the order of last use: when full, the one unused longest goes, not every working key.
  recentlyVerified.delete(id);
  if (recentlyVerified.size >= VERIFIED_MAX) recentlyVerified.delete(recentlyVerified.keys().next().value!);
  recentlyVerified.set(id, Date.now() + AUTH_FAILURE_EXEMPT_MS);
}

/** A credential refused since it verified (revoked, rotated, disconnected) is exempt no longer: its next calls count. */
export function forgetVerified(credential: Credential) {
  recentlyVerified.delete(credential.alone);
  recentlyVerified.delete(credential.withUsername);
}

const isExempt = (credential: Credential | null) =>
  credential !== null && [credential.alone, credential.withUsername].some((id) => (recentlyVerified.get(id) ?? 0) > Date.now());

/**
 * `settle(failed)` once the credential has been checked: a failure stays counted, anything else is
 * taken back. `retryAfter`: when blocked, the seconds until the address's window ends.
 */
export type AuthAttempt = { blocked: boolean; retryAfter?: number; settle: (failed: boolean) => Promise<void> };

const EXEMPT: AuthAttempt = { blocked: false, settle: async () => {} };
const blocked = (decision: RateDecision): AuthAttempt => ({
  blocked: true,
  retryAfter: retryAfterSeconds(decision),
  settle: async () => {},
});

/** Per address, this instance's counted calls whose credential is still being checked, and the calls waiting on them. */
type InFlight = { pending: number; waiting: Array<(retry: boolean) => void> };
const inFlight = new Map<string, InFlight>();
/** How long a call at the limit waits for room, and how many may wait per address: a flood is refused, not held. */
const WAIT_MS = 2_000;
const MAX_WAITING = 100;

/**
 * Counts the call as a failure of its address before its credential is checked, so calls that
 * arrive at once cannot all pass a check made before any of them was counted. A just-verified
 * credential is exempt and counts nothing; so does a refused call. At the limit, a call waits
 * while calls of this instance from the same address are still being checked, and tries again
 * when one is taken back (for at most WAIT_MS): a partner calling for many practices at once from
 * one address is not refused for its own counts. When Redis does not answer, the count is kept in
 * this instance.
 */
export async function startAuthAttempt(request: Request, credential: Credential | null): Promise<AuthAttempt> {
  // A working key (nearly every call) neither hashes its address nor touches the limiter.
  if (isExempt(credential)) return EXEMPT;
  const limiter = authFailureLimiter();
  const address = await addressLimitId(request.headers);
  const deadline = Date.now() + WAIT_MS;
  // Checked again after each wait: another copy of the same key may have verified meanwhile.
  while (!isExempt(credential)) {
    const decision = await limitWithPolicy(limiter, address, "open");
    if (decision.outcome === "allowed") return counted(address, () => refundWithPolicy(limiter, address, decision));
    const calls = inFlight.get(address);
    if (!calls?.pending || calls.waiting.length >= MAX_WAITING || !(await waitForRoom(address, calls, deadline))) return blocked(decision);
  }
  return EXEMPT;
}

/** Whether room was freed before the deadline (false: the calls in flight failed, or time ran out). */
function waitForRoom(address: string, calls: InFlight, deadline: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(
      () => {
        const at = calls.waiting.indexOf(wake);
        if (at >= 0) calls.waiting.splice(at, 1);
        forgetIfIdle(address, calls);
        resolve(false);
      },
      Math.max(0, deadline - Date.now()),
    );
    const wake = (retry: boolean) => {
      clearTimeout(timer);
      resolve(retry);
    };
    calls.waiting.push(wake);
  });
}

/** An address with nothing in flight and nobody waiting takes no memory. */
function forgetIfIdle(address: string, calls: InFlight) {
  if (calls.pending === 0 && calls.waiting.length === 0) inFlight.delete(address);
}

function counted(address: string, takeBack: () => Promise<void>): AuthAttempt {
  const calls = inFlight.get(address) ?? { pending: 0, waiting: [] };
  inFlight.set(address, calls);
  calls.pending += 1;
  let settled = false;
  return {
    blocked: false,
    async settle(failed) {
      if (settled) return;
      settled = true;
      try {
        if (!failed) await takeBack();
      } finally {
        calls.pending -= 1;
        // A count taken back frees room for one: the call waiting longest tries again. A failure
        // frees none; once nothing is left in flight, the waiting calls are refused.
        if (!failed) calls.waiting.shift()?.(true);
        else if (calls.pending === 0) for (const wake of calls.waiting.splice(0)) wake(false);
        forgetIfIdle(address, calls);
      }
    },
  };
}

export function authFailureMessage() {
  return `Too many requests with an invalid API key from your address: the limit is ${authFailureLimit()} a minute. Check the key, then retry with exponential backoff.`;
}
