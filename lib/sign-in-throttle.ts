// Password guessing is throttled per account and per client address: after SIGN_IN_ACCOUNT_LIMIT
// failures for one email (known or not: the answer must not tell them apart) or
// SIGN_IN_ADDRESS_LIMIT from one address in 15 minutes, sign-in is refused, even with the
// right password, until the window passes. The counts live where the rate limit does; when
// Redis does not answer they are kept in this instance, never dropped.
import { addressLimitId, limitId } from "@/lib/client-address";
import { limitWithPolicy, refundWithPolicy, signInLimiters, type Limiter } from "@/lib/ratelimit";

export type SignInAttempt = { blocked: boolean; takeBack: () => Promise<void> };

/**
 * Counts a sign-in attempt as a failure before its password is checked, so concurrent guesses
 * cannot all pass a check made before any of them was counted; `takeBack` removes it (a success, or an error that is no wrong password).
 * A refused attempt counts nowhere.
 */
export async function startSignInAttempt(email: string, headers: Headers, limiters = signInLimiters()): Promise<SignInAttempt> {
  const counts: [Limiter, string][] = [
    [limiters.account, `account:${await limitId(email.trim().toLowerCase())}`],
    [limiters.address, await addressLimitId(headers)],
  ];
  const decisions = await Promise.all(counts.map(([limiter, id]) => limitWithPolicy(limiter, id, "open")));
  const takeBack = async () => {
    await Promise.all(counts.map(([limiter, id], i) => refundWithPolicy(limiter, id, decisions[i])));
  };
  if (decisions.every((decision) => decision.outcome === "allowed")) return { blocked: false, takeBack };
  await takeBack();
  return { blocked: true, takeBack: async () => {} };
}
