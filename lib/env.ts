// Server configuration, read once and validated. The embedded default (scripts/run.ts)
// fills in DATABASE_URL and generated secrets; in staging and production every secret must be set.
import { z } from "zod";

import type { KeyEnvironment } from "@/lib/key-format";

// atob, not Buffer: middleware.ts imports this file and must stay Edge-safe.
function base64Bytes(value: string): string | null {
  try {
    return atob(value);
  } catch {
    return null;
  }
}

const base64Key = z.string().refine((value) => base64Bytes(value)?.length === 32, "must be 32 bytes, base64-encoded");

// Length alone lets "x".repeat(32) through; a random secret has far more than 10 different
// characters (16 in hex, about 30 in base64) and a random key about 30 different bytes.
const MIN_DISTINCT = 10;
const random = (value: string) => new Set(value).size >= MIN_DISTINCT;
const notRandom = (units: string) => `must be random (at least ${MIN_DISTINCT} different ${units}): generate it with \`openssl rand -base64 32\``;

/** Each setting a parse refused, named with why, never with its value. */
const problemsOf = (error: z.ZodError) => error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`).join("; ");

// An empty value is unset, as the code that reads these settings treats it.
const unsetWhenEmpty = <T extends z.ZodType>(setting: T) => z.preprocess((value) => (value === "" ? undefined : value), setting);
// The API's public base URLs, shown in the docs' Environments table (seed 001/003's hosts, with
// the seeds' /v1 path). HTTPS only: "All API calls must use HTTPS".
const apiBaseUrl = (fallback: string) =>
  unsetWhenEmpty(
    z
      .url({ protocol: /^https$/, error: "must be an https:// URL" })
      .default(fallback)
      .transform((url) => url.replace(/\/+$/, "")),
  );
const apiBaseUrlFields = {
  API_BASE_URL_STAGING: apiBaseUrl("https://api.staging.htech.app/v1"),
  API_BASE_URL_PRODUCTION: apiBaseUrl("https://api.herohealth.net/v1"),
};

/**
 * The whole-number settings and the values each may take. Their defaults are where they are used
 * (positiveIntegerEnv); a value set but not a whole number within these refuses to start (and the
 * prune to run): a typo would otherwise run on the default, which for LEDGER_RETENTION_DAYS drops
 * months of the ledger that were meant to be kept.
 */
const wholeNumber = (min: number, max: number, unit: string) =>
  unsetWhenEmpty(
    z.coerce
      .number({ error: `must be a whole number of ${unit}` })
      .int(`must be a whole number of ${unit}`)
      .min(min, `must be from ${min.toLocaleString("en-GB")} to ${max.toLocaleString("en-GB")} ${unit}`)
      .max(max, `must be from ${min.toLocaleString("en-GB")} to ${max.toLocaleString("en-GB")} ${unit}`)
      .optional(),
  );
const integerFields = {
  DATABASE_TIMEOUT_MS: wholeNumber(100, 3_600_000, "ms"),
  RATE_LIMIT_TIMEOUT_MS: wholeNumber(1, 60_000, "ms"),
  RATE_LIMIT_OVERRIDE_REFRESH_MS: wholeNumber(1_000, 3_600_000, "ms"),
  API_AUTH_FAILURE_LIMIT: wholeNumber(1, 10_000_000, "requests"),
  LEDGER_RETENTION_DAYS: wholeNumber(1, 36_500, "days"),
};

/** Why a whole-number setting cannot be used, or null: for scripts that start no server (npm run db:prune). */
export function integerSettingsProblem(): string | null {
  const parsed = z.object(integerFields).safeParse(process.env);
  return parsed.success ? null : `Invalid configuration: ${problemsOf(parsed.error)}.`;
}

export const HERO_ENVIRONMENTS = ["development", "staging", "production"] as const;

/** Why HERO_ENVIRONMENT cannot be used, or null: a misspelt "production" must not run as development (demo users, test keys, no HTTPS check). */
export function heroEnvironmentProblem(value = process.env.HERO_ENVIRONMENT): string | null {
  if (value === undefined || (HERO_ENVIRONMENTS as readonly string[]).includes(value)) return null;
  return `HERO_ENVIRONMENT must be one of ${HERO_ENVIRONMENTS.join(", ")} (or unset, for development); it is set to something else.`;
}

/**
 * Staging and production are deployments: partners reach them over the network (seed 001's
 * hosts), so both need HTTPS, set secrets, a database of their own and no demo users. Only
 * their keys differ (keyEnvironment, below). Development is the one with demo data.
 */
const isDeployedEnvironment = (environment: string | undefined) => environment === "staging" || environment === "production";

const schema = z
  .object({
    ...apiBaseUrlFields,
    ...integerFields,
    HERO_ENVIRONMENT: z.enum(HERO_ENVIRONMENTS).default("development"),
    NEXTAUTH_SECRET: z.string().min(32, "must be at least 32 characters"),
    NEXTAUTH_URL: z.string().optional(),
    API_KEY_ENCRYPTION_KEY: base64Key,
    ACCESS_TOKEN_SECRET: z.string().min(32, "must be at least 32 characters"),
    DATABASE_URL: z.string().optional(),
    RATE_LIMIT_FAILURE_MODE: unsetWhenEmpty(z.enum(["open", "closed"], { error: 'must be "open" or "closed"' }).optional()),
    UPSTASH_REDIS_REST_URL: unsetWhenEmpty(z.string().optional()),
    UPSTASH_REDIS_REST_TOKEN: unsetWhenEmpty(z.string().optional()),
  })
  .superRefine((env, context) => {
    // One of the pair alone would count in each instance unnoticed: N instances, N × 300 a minute.
    for (const [name, other] of [
      ["UPSTASH_REDIS_REST_URL", "UPSTASH_REDIS_REST_TOKEN"],
      ["UPSTASH_REDIS_REST_TOKEN", "UPSTASH_REDIS_REST_URL"],
    ] as const) {
      if (!env[name] && env[other])
        context.addIssue({ code: "custom", path: [name], message: `must be set with ${other} (or neither, to count in each instance)` });
    }
    if (!isDeployedEnvironment(env.HERO_ENVIRONMENT)) return;
    // "All API calls must use HTTPS" (seeds 001/003): a deployment is only ever reached over TLS.
    if (!/^https:\/\/[^/]/.test(env.NEXTAUTH_URL ?? "")) {
      context.addIssue({ code: "custom", path: ["NEXTAUTH_URL"], message: `must be the https:// address of the deployment in ${env.HERO_ENVIRONMENT}` });
    }
    // The embedded database is for development only; a bare standalone server has no other.
    if (!env.DATABASE_URL) {
      context.addIssue({
        code: "custom",
        path: ["DATABASE_URL"],
        message: `must be set in ${env.HERO_ENVIRONMENT} (the embedded database is for development only)`,
      });
    }
    // A deployment's secrets are set by hand; in development scripts/run.ts generates them and tests use simple ones.
    for (const name of ["NEXTAUTH_SECRET", "ACCESS_TOKEN_SECRET"] as const) {
      if (!random(env[name])) context.addIssue({ code: "custom", path: [name], message: notRandom("characters") });
    }
    const key = base64Bytes(env.API_KEY_ENCRYPTION_KEY);
    if (key?.length === 32 && !random(key)) context.addIssue({ code: "custom", path: ["API_KEY_ENCRYPTION_KEY"], message: notRandom("bytes") });
    // One secret for both would let a leak of either forge sessions and bearer tokens alike.
    if (env.NEXTAUTH_SECRET === env.ACCESS_TOKEN_SECRET) {
      context.addIssue({ code: "custom", path: ["ACCESS_TOKEN_SECRET"], message: "must differ from NEXTAUTH_SECRET" });
    }
  });

export type ServerEnv = z.infer<typeof schema>;

let cached: ServerEnv | undefined;

/** Throws one message naming every missing or invalid setting, never their values. */
export function serverEnv(): ServerEnv {
  if (cached) return cached;
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    throw new Error(`Invalid server configuration: ${problemsOf(parsed.error)}. See README "Configuration".`);
  }
  cached = parsed.data;
  return cached;
}

/** serverEnv's message, or null: for the start-up checks, which refuse to start rather than throw. */
export function serverEnvProblem(): string | null {
  try {
    serverEnv();
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

export function databaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set. Start the app with "npm run dev" or "npm start" to use the embedded database.');
  return url;
}

/** Production deployments issue hero_live_ keys; every other environment hero_test_. */
export function keyEnvironment(): KeyEnvironment {
  return process.env.HERO_ENVIRONMENT === "production" ? "live" : "test";
}

/** Staging or production (see isDeployedEnvironment): HTTPS, Secure cookies, no demo users. */
export function isDeployed(): boolean {
  return isDeployedEnvironment(process.env.HERO_ENVIRONMENT);
}

/** This deployment's own address (its pages, booking links): NEXTAUTH_URL, or localhost on PORT where unset. */
export function appOrigin(): string {
  return new URL(process.env.NEXTAUTH_URL || `http://localhost:${process.env.PORT || 3000}`).origin;
}

export type ApiBaseUrls = { staging: string; production: string; thisDeployment: string; examples: string };

/**
 * Where the API answers: staging and production (configured), this deployment's own /api/v1
 * (its NEXTAUTH_URL), and the one the docs' examples use: the configured URL of this
 * deployment's environment, or this deployment itself in development, so examples run as shown.
 */
export function apiBaseUrls(): ApiBaseUrls {
  const parsed = z.object(apiBaseUrlFields).safeParse(process.env);
  if (!parsed.success) {
    throw new Error(`Invalid server configuration: ${problemsOf(parsed.error)}.`);
  }
  const urls = { staging: parsed.data.API_BASE_URL_STAGING, production: parsed.data.API_BASE_URL_PRODUCTION, thisDeployment: `${appOrigin()}/api/v1` };
  const environment = process.env.HERO_ENVIRONMENT;
  return { ...urls, examples: environment === "production" ? urls.production : environment === "staging" ? urls.staging : urls.thisDeployment };
}

/** `npm run bench`'s baseline routes (practice data without a key) exist only with HERO_BENCH=1 at start, and only in development. */
export function isBenchMode(): boolean {
  return process.env.HERO_BENCH === "1" && (process.env.HERO_ENVIRONMENT ?? "development") === "development";
}

/** A setting that must be a positive whole number (a limit, a timeout): anything else, or unset, gives `fallback`. */
export function positiveIntegerEnv(name: string, fallback: number): number {
  const configured = Number(process.env[name]);
  return Number.isInteger(configured) && configured > 0 ? configured : fallback;
}
