// Passwords are hashed with argon2id (OWASP's first choice), never stored or logged in clear.
import { hash, verify } from "@node-rs/argon2";

const OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

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
