// Passwords are hashed with argon2id (OWASP's first choice), never stored or logged in clear.
import { hash, verify } from "@node-rs/argon2";
import { z } from "zod";

const OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

/** Longer is refused unhashed at sign-in: argon2 would spend its time on whatever it is given. */
export const PASSWORD_MAX_LENGTH = 200;
export const PASSWORD_MIN_LENGTH = 12;

/** A password being set (npm run admin): at sign-in only the maximum applies. */
export const newPasswordField = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `A password has at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(PASSWORD_MAX_LENGTH, `A password has at most ${PASSWORD_MAX_LENGTH} characters`);

export function hashPassword(password: string) {
  return hash(password, OPTIONS);
}

/**
 * Password checks an instance runs at once (each holds ~19 MiB and one of Node's four worker
 * threads), and how many more may wait: sign-in limits each account and address, but a burst
 * from many addresses would otherwise start them all at once.
 */
export const PASSWORD_CHECKS_AT_ONCE = 4;
export const PASSWORD_CHECKS_WAITING = 64;

let checksRunning = 0;
const checksWaiting: (() => void)[] = [];

/** Runs `check` when a slot is free; throws at once when PASSWORD_CHECKS_WAITING already wait. */
export async function withPasswordCheckSlot<T>(check: () => Promise<T>): Promise<T> {
  if (checksRunning < PASSWORD_CHECKS_AT_ONCE) checksRunning++;
  else if (checksWaiting.length >= PASSWORD_CHECKS_WAITING) throw new Error("Too many password checks waiting");
  else await new Promise<void>((resolve) => checksWaiting.push(resolve));
  try {
    return await check();
  } finally {
    // The slot passes straight to the next in line, or is given back.
    const next = checksWaiting.shift();
    if (next) next();
    else checksRunning--;
  }
}

/** False for a wrong password or a malformed hash; throws when too many checks wait (the caller says sign-in is unavailable). */
export function verifyPassword(passwordHash: string, password: string) {
  return withPasswordCheckSlot(() => verify(passwordHash, password).catch(() => false));
}

// Checked against when the email is unknown, so both failures take the same time. Not kept if
// making it failed: every unknown email would then fail apart from known ones.
let decoyHash: Promise<string> | undefined;
export function decoyPasswordHash() {
  decoyHash ??= hashPassword("decoy-password-never-matches").catch((error: unknown) => {
    decoyHash = undefined;
    throw error;
  });
  return decoyHash;
}
