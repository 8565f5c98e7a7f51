// Password guessing is throttled per account and per client address: after SIGN_IN_ACCOUNT_LIMIT
// failures for one email (known or not: the answer must not tell them apart) or
// SIGN_IN_ADDRESS_LIMIT from one address in 15 minutes, sign-in is refused, even with the
// right password, until the window passes. The counts live where the rate limit does.
import { addressLimitId } from "@/lib/client-address";
import { sha256Hex } from "@/lib/key-format";
import { signInLimiters } from "@/lib/ratelimit";

async function identifiers(email: string, headers: Headers) {
  return {
    account: `account:${(await sha256Hex(email.trim().toLowerCase())).slice(0, 32)}`,
    address: await addressLimitId(headers),
  };
}

export async function signInBlocked(email: string, headers: Headers): Promise<boolean> {
  const ids = await identifiers(email, headers);
  const limiters = signInLimiters();
  try {
    const [account, address] = await Promise.all([limiters.account.remaining(ids.account), limiters.address.remaining(ids.address)]);
    return account === 0 || address === 0;
  } catch {
    return false;
  }
}

export async function recordSignInFailure(email: string, headers: Headers) {
  const ids = await identifiers(email, headers);
  const limiters = signInLimiters();
  await Promise.all([limiters.account.limit(ids.account), limiters.address.limit(ids.address)]).catch(() => {});
}
