// AES-256-GCM for the secrets that must be viewable again (partner connection keys, super-admin
// user keys, booking links' tokens). The secret's SHA-256 (for a token, with its purpose) is the
// additional authenticated data, so a ciphertext copied onto another row, or altered, fails to decrypt.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

import { serverEnv } from "@/lib/env";

const VERSION = "v1";
const TAG_LENGTH = 16;

function encryptionKey() {
  return Buffer.from(serverEnv().API_KEY_ENCRYPTION_KEY, "base64");
}

export function encryptKey(plaintext: string, keyHash: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", encryptionKey(), iv);
  cipher.setAAD(Buffer.from(keyHash));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final(), cipher.getAuthTag()]);
  return [VERSION, iv.toString("base64url"), body.toString("base64url")].join(".");
}

/** Throws when the ciphertext was tampered with, moved to another key, or the server secret changed. */
export function decryptKey(stored: string, keyHash: string): string {
  const [version, iv, body] = stored.split(".");
  if (version !== VERSION || !iv || !body) throw new Error("Unrecognised encrypted key format");
  const data = Buffer.from(body, "base64url");
  // A full 16-byte tag, always: GCM also verifies a truncated one, by its prefix alone.
  if (data.length < TAG_LENGTH) throw new Error("Unrecognised encrypted key format");
  const decipher = createDecipheriv("aes-256-gcm", encryptionKey(), Buffer.from(iv, "base64url"), { authTagLength: TAG_LENGTH });
  decipher.setAAD(Buffer.from(keyHash));
  decipher.setAuthTag(data.subarray(data.length - TAG_LENGTH));
  return Buffer.concat([decipher.update(data.subarray(0, data.length - TAG_LENGTH)), decipher.final()]).toString("utf8");
}
