// Vitest: one fresh database for the whole run, dropped at the end. Test files that share it
// create their own practices, users and keys, so they can run in parallel and twice in a row.
import { randomBytes } from "node:crypto";

import { ledgerSecretReport } from "./support/secret-scan";
import { createTestDatabase, dropTestDatabase } from "./support/test-database";

export default async function setup() {
  const database = await createTestDatabase("vitest");
  process.env.DATABASE_URL = database.url;
  process.env.API_KEY_ENCRYPTION_KEY ??= randomBytes(32).toString("base64");
  process.env.ACCESS_TOKEN_SECRET ??= randomBytes(32).toString("base64url");
  process.env.NEXTAUTH_SECRET ??= randomBytes(32).toString("base64url");
  return async () => {
    try {
      // No key or token any test made may be in the ledger (a failure here fails the run).
      const secrets = await ledgerSecretReport(database.url);
      if (secrets) throw new Error(secrets);
    } finally {
      await dropTestDatabase(database.name);
    }
  };
}
