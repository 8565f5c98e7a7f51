// Secrets for development and the embedded default, generated once into the git-ignored
// data folder. In production nothing is generated: a missing secret stops the start.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

export const SECRET_NAMES = ["NEXTAUTH_SECRET", "API_KEY_ENCRYPTION_KEY", "ACCESS_TOKEN_SECRET"] as const;
type Secrets = Record<(typeof SECRET_NAMES)[number] | "EMBEDDED_POSTGRES_PASSWORD", string>;

function generate(): Secrets {
  return {
    NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
    API_KEY_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    ACCESS_TOKEN_SECRET: randomBytes(32).toString("base64url"),
    EMBEDDED_POSTGRES_PASSWORD: randomBytes(18).toString("base64url"),
  };
}

export function loadOrCreateSecrets(dataDir: string): Secrets {
  const file = path.join(dataDir, "secrets.json");
  const stored: Partial<Secrets> = existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : {};
  const secrets = { ...generate(), ...stored };
  if (Object.keys(stored).length !== Object.keys(secrets).length) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  }
  return secrets;
}
