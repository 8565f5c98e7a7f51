// The settings files npm run dev/start read: .env.local, then .env. The environment beats both
// and the first file beats the second; an empty value (as .env.example leaves most) is unset,
// so a copied .env.example still runs on the embedded default.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseEnv } from "node:util";

export const ENV_FILES = [".env.local", ".env"];

export function loadEnvFiles(directory: string, env: Record<string, string | undefined> = process.env) {
  for (const file of ENV_FILES) {
    const location = path.join(directory, file);
    if (!existsSync(location)) continue;
    for (const [name, value] of Object.entries(parseEnv(readFileSync(location, "utf8")))) {
      if (env[name] === undefined && value !== "") env[name] = value;
    }
  }
  for (const [name, value] of Object.entries(env)) if (value === "") delete env[name];
}
