// Issuing, verifying, revealing and revoking API keys. A key is stored as the SHA-256 of the
// whole key and found by that unique index: no scan, and no slow hash is needed because the
// keys carry ~190 random bits. Every key is also stored encrypted, to be viewable again by
// whoever may (revealKey).
import { hash } from "node:crypto";

import { batched, padArray } from "@/lib/batch";
import { prisma, sqlPool, type Tx } from "@/lib/db";
import { loggableError } from "@/lib/db-errors";
import { keyEnvironment } from "@/lib/env";
import type { ApiKeyKind, Prisma, Scope } from "@/lib/generated/prisma/client";
import { decryptKey, encryptKey } from "@/lib/key-crypto";
import { displayKey, generateKey, parseKey } from "@/lib/key-format";
import { ALL_SCOPES, grantedScopes } from "@/lib/scopes";

/**
 * The stored form of a key: its SHA-256 in hex, as lib/key-format.ts's sha256Hex computes it
 * at the edge. node:crypto's one-shot hash here: it runs on every API request, and Web Crypto's
 * digest costs several times the CPU on Node plus a thread-pool hop; the one-shot hash skips
 * createHash's Hash object (BENCHMARKS.md).
 */
export function keyHashOf(key: string): string {
  return hash("sha256", key, "hex");
}

export type IssueKeyInput = {
  kind: ApiKeyKind;
  practiceGroupId: string;
  partnerId?: string;
  connectionId?: string;
  ownerUserId?: string;
  name: string;
  description?: string;
  scopes: Scope[];
  createdById: string | null;
  /** Generate API Key's: shown to the practice once, then only through Hero support's Share key (seed 000). */
  shownOnce?: boolean;
  expiresAt?: Date | null;
};

/** Creates a key inside the caller's transaction; the plaintext leaves only through the return value. */
export async function issueKey(tx: Tx, input: IssueKeyInput) {
  const plaintext = generateKey(keyEnvironment());
  const keyHash = keyHashOf(plaintext);
  const record = await tx.apiKey.create({
    data: {
      kind: input.kind,
      environment: keyEnvironment(),
      practiceGroupId: input.practiceGroupId,
      partnerId: input.partnerId,
      connectionId: input.connectionId,
      ownerUserId: input.ownerUserId,
      name: input.name,
      description: input.description ?? "",
      scopes: input.scopes,
      keyHash,
      // A shown-once key's copy is Hero support's alone (schema.prisma: supportCopy).
      ...(input.shownOnce ? { supportCopy: encryptKey(plaintext, keyHash) } : { encryptedKey: encryptKey(plaintext, keyHash) }),
      shownOnce: input.shownOnce ?? false,
      displayKey: displayKey(plaintext),
      createdById: input.createdById,
      expiresAt: input.expiresAt ?? null,
    },
  });
  return { record, plaintext };
}

// "owner_moved", "owner_deactivated" and "owner_deleted" are written by the database (triggers on users), never by revokeKeys.
export type RevokeReason = "revoked" | "rotated" | "disconnected" | "deleted";

/** Revokes every live key matching `where`; the database wipes its encrypted copies as it does (migration 20261207090000). */
export function revokeKeys(tx: Tx, where: Prisma.ApiKeyWhereInput, reason: RevokeReason, revokedById: string | null = null) {
  return tx.apiKey.updateMany({
    where: { ...where, revokedAt: null },
    data: {
      revokedAt: new Date(),
      revokedReason: reason,
      revokedById,
      ...(reason === "deleted" ? { deletedAt: new Date() } : {}),
    },
  });
}

/** Held until the transaction ends (outside one, waited for only): a Rotate API key, Revoke, Disconnect or Delete under way is waited for, then seen. */
export const holdKey = (db: Tx, keyId: string) => db.$executeRaw`SELECT 1 FROM api_keys WHERE id = ${keyId}::uuid FOR SHARE`;

export type Revealed = { state: "shown"; key: string } | { state: "not_viewable" } | { state: "unreadable" };

/** Keys that have not expired (no expiry, or one still ahead). */
export const notExpired = (now = new Date()) => ({ OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] }) satisfies Prisma.ApiKeyWhereInput;

/** Keys with a copy Hero support's Share key can send: either copy (revealKey with `sharing`). */
export const SHAREABLE = { OR: [{ encryptedKey: { not: null } }, { supportCopy: { not: null } }] } satisfies Prisma.ApiKeyWhereInput;

/** Which keys their practice (or, for user keys, Hero support) may view again: not Generate API Key's, shown once. */
export const VIEWABLE_AGAIN = { encryptedKey: { not: null }, shownOnce: false } satisfies Prisma.ApiKeyWhereInput;

/**
 * Decrypts a key viewable again (VIEWABLE_AGAIN), or with `sharing`, any key with a copy: Hero
 * support's Share key also shares Generate API Key's (seed 000). Waits for a change to the key
 * under way. Not viewable: revoked, expired, outside `where`, shown once, or never stored encrypted. Unreadable: stored under another
 * API_KEY_ENCRYPTION_KEY (or damaged); the key still works, it cannot be shown.
 */
export async function revealKey(
  id: string,
  { sharing = false, ...where }: { practiceGroupId?: string; kind: ApiKeyKind; sharing?: boolean },
  db: Tx = prisma,
): Promise<Revealed> {
  await holdKey(db, id);
  const key = await db.apiKey.findFirst({
    // An expired key is refused with every request: never shown as the one to use.
    where: { id, ...where, revokedAt: null, ...notExpired(), ...(sharing ? {} : VIEWABLE_AGAIN) },
    select: { keyHash: true, encryptedKey: true, supportCopy: true },
  });
  const copy = sharing ? (key?.encryptedKey ?? key?.supportCopy) : key?.encryptedKey;
  if (!key || !copy) return { state: "not_viewable" };
  try {
    return { state: "shown", key: decryptKey(copy, key.keyHash) };
  } catch {
    return { state: "unreadable" };
  }
}

export type VerifiedKey = {
  id: string;
  kind: ApiKeyKind;
  keyHash: string;
  practiceGroupId: string;
  /** The practice group the key acts for, read with the key so most calls need no second query. */
  practiceGroup: { id: string; name: string; code: string };
  partnerId: string | null;
  ownerUsername: string | null;
  /** Who calls with it, across rotations: the partner connection (partner keys) or the owner (user keys). */
  callerId: string;
  scopes: Scope[];
  /** When the key expires (epoch ms), or null: an access token ends no later. */
  expiresAtMs: number | null;
};

export type VerifyFailure = "malformed" | "wrong_environment" | "unknown" | "revoked" | "expired" | "disconnected" | "suspended" | "owner_inactive";
export type VerifyResult = { ok: true; key: VerifiedKey } | { ok: false; reason: VerifyFailure };

/** Checks shape and checksum first, so a malformed key never reaches the database. */
export async function verifyApiKey(presented: string): Promise<VerifyResult> {
  const environment = parseKey(presented);
  if (!environment) return { ok: false, reason: "malformed" };
  if (environment !== keyEnvironment()) return { ok: false, reason: "wrong_environment" };
  return verifyKeyHash(keyHashOf(presented));
}

type KeyRow = {
  keyHash: string;
  id: string;
  kind: ApiKeyKind;
  practiceGroupId: string;
  partnerId: string | null;
  callerId: string | null;
  scopes: Scope[];
  expiresAtMs: number | null;
  revoked: boolean;
  connectionStatus: string | null;
  partnerScopes: Scope[] | null;
  partnerSuspended: boolean | null;
  ownerUsername: string | null;
  ownerActive: boolean | null;
  ownerPracticeGroupId: string | null;
  actingName: string;
  actingCode: string;
};

// One indexed lookup with its joins: this runs on every partner API request, straight on pg's
// pool (sqlPool), as a named prepared statement (planning the joins cost ~10× executing them),
// for every key that arrives in the same turn at once (lib/batch.ts). It also reads the key's
// practice group, which most calls act for, and its caller
// (its connection, or its owner: lib/idempotency.ts). Timestamps are
// stored as UTC without a zone: their epoch is read as a number, so no driver's time-zone
// parsing is involved.
const KEY_LOOKUP = `SELECT k."keyHash", k.id, k.kind::text AS kind, k."practiceGroupId", k."partnerId",
    COALESCE(k."connectionId", k."ownerUserId") AS "callerId", k.scopes::text[] AS scopes,
    (extract(epoch FROM k."expiresAt") * 1000)::float8 AS "expiresAtMs", k."revokedAt" IS NOT NULL AS revoked,
    c.status::text AS "connectionStatus", p.scopes::text[] AS "partnerScopes", p."suspendedAt" IS NOT NULL AS "partnerSuspended",
    u.username AS "ownerUsername", u.active AS "ownerActive", u."practiceGroupId" AS "ownerPracticeGroupId",
    g.name AS "actingName", g.code AS "actingCode"
  FROM api_keys k
  LEFT JOIN partner_connections c ON c.id = k."connectionId"
  LEFT JOIN partners p ON p.id = k."partnerId"
  LEFT JOIN users u ON u.id = k."ownerUserId"
  JOIN practice_groups g ON g.id = k."practiceGroupId"`;
/** One key's lookup; scripts/bench-data-access.ts measures this very statement. */
export const KEY_BY_HASH = `${KEY_LOOKUP} WHERE k."keyHash" = $1`;

const lookUpKeys = batched(async (keyHashes: string[]) => {
  const { rows } =
    keyHashes.length === 1
      ? await sqlPool().query<KeyRow>({ name: "verify-api-key", text: KEY_BY_HASH, values: keyHashes })
      : // Per key, the single-key plan (LIMIT 1 keeps the subquery apart). The array is padded to
        // the length PostgreSQL assumes for an array parameter, so it keeps the generic plan
        // instead of planning each time (~0.5 ms; scripts/bench-data-access.ts).
        await sqlPool().query<KeyRow>({
          name: "verify-api-keys",
          text: `SELECT key.* FROM unnest($1::text[]) AS wanted("keyHash")
                 CROSS JOIN LATERAL (${KEY_LOOKUP} WHERE k."keyHash" = wanted."keyHash" LIMIT 1) AS key`,
          values: [padArray(keyHashes, "")],
        });
  return new Map(rows.map((row) => [row.keyHash, row]));
});

/** Looks a key up by its hash and applies every rule that makes it live, in one query. */
export async function verifyKeyHash(keyHash: string): Promise<VerifyResult> {
  return liveKey(keyHash, await lookUpKeys(keyHash));
}

/**
 * A verified key checked again inside a write's transaction, with the rows whose change would
 * kill it held (FOR SHARE) until the write commits: its connection and partner, or its owner,
 * then the key. A Rotate, Disconnect, Delete, Suspend or scope change that committed since the
 * request's own check is seen here; one that comes later waits for the write. In the order
 * withLockedConnection (lib/connections.ts) takes them before changing a key: partner, connection, key.
 */
export async function verifyKeyHeld(tx: Tx, key: VerifiedKey): Promise<VerifyResult> {
  if (key.kind === "PARTNER") {
    await tx.$executeRaw`SELECT 1 FROM partners WHERE id = ${key.partnerId}::uuid FOR SHARE`;
    await tx.$executeRaw`SELECT 1 FROM partner_connections WHERE id = ${key.callerId}::uuid FOR SHARE`;
  } else {
    await tx.$executeRaw`SELECT 1 FROM users WHERE id = ${key.callerId}::uuid FOR SHARE`;
  }
  const [row] = await tx.$queryRawUnsafe<KeyRow[]>(`${KEY_BY_HASH} FOR SHARE OF k`, key.keyHash);
  return liveKey(key.keyHash, row);
}

/** Every rule that makes a key live, applied to its lookup's row. */
function liveKey(keyHash: string, key: KeyRow | undefined): VerifyResult {
  if (!key) return { ok: false, reason: "unknown" };
  if (key.revoked) return { ok: false, reason: "revoked" };
  if (key.expiresAtMs !== null && key.expiresAtMs <= Date.now()) return { ok: false, reason: "expired" };

  if (key.kind === "PARTNER") {
    if (key.connectionStatus !== "CONNECTED" || key.callerId === null) return { ok: false, reason: "disconnected" };
    if (key.partnerSuspended) return { ok: false, reason: "suspended" };
    return {
      ok: true,
      key: {
        id: key.id,
        kind: key.kind,
        keyHash,
        practiceGroupId: key.practiceGroupId,
        practiceGroup: { id: key.practiceGroupId, name: key.actingName, code: key.actingCode },
        partnerId: key.partnerId,
        ownerUsername: null,
        callerId: key.callerId,
        // Hero support's changes to the partner apply on the next request.
        scopes: grantedScopes(key.scopes, key.partnerScopes ?? []),
        expiresAtMs: key.expiresAtMs,
      },
    };
  }

  // User keys act for their owner, with every scope, while the owner is active in the key's
  // practice group (deactivating, moving or deleting the owner also revokes the key, for good: triggers on users).
  if (!key.ownerActive || !key.ownerUsername || key.ownerPracticeGroupId !== key.practiceGroupId || key.callerId === null) {
    return { ok: false, reason: "owner_inactive" };
  }
  return {
    ok: true,
    key: {
      id: key.id,
      kind: key.kind,
      keyHash,
      practiceGroupId: key.practiceGroupId,
      practiceGroup: { id: key.practiceGroupId, name: key.actingName, code: key.actingCode },
      partnerId: null,
      ownerUsername: key.ownerUsername,
      callerId: key.callerId,
      scopes: [...ALL_SCOPES],
      expiresAtMs: key.expiresAtMs,
    },
  };
}

const lastUsedWrites = new Map<string, number>();
const LAST_USED_INTERVAL_MS = 60_000;

/** Records "last used" at most once a minute per key per process, off the request's path (on pg's pool, as the lookup). */
export function touchLastUsed(keyId: string) {
  const now = Date.now();
  if (now - (lastUsedWrites.get(keyId) ?? 0) < LAST_USED_INTERVAL_MS) return;
  lastUsedWrites.set(keyId, now);
  // Stored as UTC without a zone, as Prisma writes it.
  sqlPool()
    .query({
      name: "touch-last-used",
      text: `UPDATE api_keys SET "lastUsedAt" = $2::timestamptz AT TIME ZONE 'UTC' WHERE id = $1`,
      values: [keyId, new Date(now).toISOString()],
    })
    .catch((error) => console.error(`Could not record last use of an API key: ${loggableError(error)}`));
}
