// What the database holds for a key the browser saw: looked up by its SHA-256, as the server does.
import { createHash } from "node:crypto";

import { db } from "../../tests/support/practices";

export type StoredKey = {
  id: string;
  revokedAt: Date | null;
  expiresAt: Date | null;
  encryptedKey: string | null;
  supportCopy: string | null;
  shownOnce: boolean;
  practiceGroupId: string;
};

export async function storedKey(plaintext: string): Promise<StoredKey | undefined> {
  const hash = createHash("sha256").update(plaintext).digest("hex");
  const { rows } = await db().query(
    `SELECT id, "revokedAt", "expiresAt", "encryptedKey", "supportCopy", "shownOnce", "practiceGroupId" FROM api_keys WHERE "keyHash" = $1`,
    [hash],
  );
  return rows[0];
}

export const KEY_PATTERN = /^hero_test_[0-9A-Za-z]{38}$/;
