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

export async function verifyPassword(passwordHash: string, password: string) {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
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
