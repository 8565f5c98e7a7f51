// Super admin > API keys: keys a super admin issues to one user. Such a key acts for its owner
// (every scope, in the owner's practice group, only while the owner is active there: see
// verifyKeyHash; deactivating, moving or deleting the owner revokes it for good, by trigger), so
// it stays viewable for the super admin, every view is audited and deleting it revokes it.
import { z } from "zod";

import { ActionError } from "@/lib/action-error";
import { issueKey, revealKey, revokeKeys } from "@/lib/api-keys";
import { recordAudit, type Actor } from "@/lib/audit";
import { prisma, type Db, type Tx } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { RATE_LIMIT, SEARCH_MAX_LENGTH } from "@/lib/limits";
import { pageNumber, pageOf } from "@/lib/pagination";
import { practiceByCode } from "@/lib/practice-groups";
import { checkRateLimit, reloadRateLimitOverrides } from "@/lib/rate-limit-overrides";
import { ALL_SCOPES } from "@/lib/scopes";
import { isStorable } from "@/lib/text";
import { escapeLike } from "@/lib/users";

export const USER_KEYS_PAGE_SIZE = 20;

// Deleted keys are revoked too; a key revoked any other way is just as dead, so neither is listed.
const LIVE_USER_KEY = { kind: "USER", deletedAt: null, revokedAt: null } satisfies Prisma.ApiKeyWhereInput;

const listParams = z.object({
  q: z.string().trim().max(SEARCH_MAX_LENGTH).catch(""),
  /** A practice code: only keys whose owner belongs to that practice group. */
  practice: z.string().trim().max(60).catch(""),
  page: pageNumber,
});

/** Reads ?q= and ?page= from the URL; anything odd falls back to the first page of everything. */
export function parseUserKeyListParams(params: Record<string, string | string[] | undefined>) {
  const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
  const q = first(params.q) ?? "";
  const practice = first(params.practice) ?? "";
  // A query PostgreSQL cannot even compare (a NUL, a lone surrogate) matches nothing it could store.
  return listParams.parse({ q: isStorable(q) ? q : "", practice: isStorable(practice) ? practice : "", page: first(params.page) ?? 1 });
}

const LIVE_USER_KEY_SQL = Prisma.sql`k.kind = 'USER' AND k."deletedAt" IS NULL AND k."revokedAt" IS NULL`;

/**
 * Matches the key's name or description or its owner's name, username or email. Written in
 * SQL because the owners are collected first (ARRAY(…)): then PostgreSQL ORs three index scans
 * (trigram, trigram, ownerUserId) instead of scanning every key, which Prisma's relation filter does.
 */
function searchSql(query: string) {
  if (!query) return Prisma.empty;
  const pattern = `%${escapeLike(query)}%`;
  return Prisma.sql`AND (k.name ILIKE ${pattern} OR k.description ILIKE ${pattern} OR k."ownerUserId" = ANY(ARRAY(
    SELECT u.id FROM users u WHERE u.name ILIKE ${pattern} OR u.username ILIKE ${pattern} OR u.email ILIKE ${pattern})))`;
}

async function practiceSql(code: string) {
  if (!code) return Prisma.empty;
  const practice = await practiceByCode(prisma, code);
  return Prisma.sql`AND k."ownerUserId" = ANY(ARRAY(SELECT u.id FROM users u WHERE u."practiceGroupId" = ${practice?.id ?? null}::uuid))`;
}

/** One page of live user keys, newest first, with the owner and the owner's practice. */
export async function listUserKeys({ query = "", practice = "", page = 1 }: { query?: string; practice?: string; page?: number }) {
  const search = Prisma.sql`${searchSql(query)} ${await practiceSql(practice)}`;
  // One snapshot for the count and the page: a Delete committing between them would leave a page empty under its count.
  return prisma.$transaction(
    async (tx) => {
      const [{ total }] = await tx.$queryRaw<{ total: number }[]>`SELECT count(*)::int AS total FROM api_keys k WHERE ${LIVE_USER_KEY_SQL} ${search}`;
      const { offset, ...shown } = pageOf(total, page, USER_KEYS_PAGE_SIZE);
      // The id breaks ties so that no key shows on two pages or on none.
      const ids = await tx.$queryRaw<{ id: string }[]>`
        SELECT k.id FROM api_keys k WHERE ${LIVE_USER_KEY_SQL} ${search}
        ORDER BY k."createdAt" DESC, k.id DESC LIMIT ${USER_KEYS_PAGE_SIZE} OFFSET ${offset}`;
      const keys = await tx.apiKey.findMany({
        where: { id: { in: ids.map((row) => row.id) }, ...LIVE_USER_KEY },
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        select: {
          id: true,
          name: true,
          description: true,
          displayKey: true,
          createdAt: true,
          lastUsedAt: true,
          rateLimit: true,
          owner: { select: { name: true, username: true, practiceGroup: { select: { name: true } } } },
        },
      });
      return { keys, ...shown };
    },
    { isolationLevel: "RepeatableRead" },
  );
}

export type UserKeyRow = Awaited<ReturnType<typeof listUserKeys>>["keys"][number];

/** Edit and Delete lock the key's row before reading it: each then reads what the other committed. */
const lockKey = (tx: Tx, keyId: string) => tx.$executeRaw`SELECT 1 FROM api_keys WHERE id = ${keyId}::uuid FOR UPDATE`;

async function getUserKeyOrThrow(db: Db | Tx, keyId: string) {
  const key = await db.apiKey.findFirst({
    where: { id: keyId, ...LIVE_USER_KEY },
    select: { id: true, name: true, description: true, displayKey: true, practiceGroupId: true, rateLimit: true, owner: { select: { username: true } } },
  });
  if (!key) throw new ActionError("This API key no longer exists.");
  return key;
}

type CreateInput = { name: string; description: string; ownerUserId: string; actor: Actor };

/** Create new key: issues a viewable key for the owner; the plaintext leaves only through the return value. */
export function createUserKey({ name, description, ownerUserId, actor }: CreateInput) {
  return prisma.$transaction(async (tx) => {
    // Held until the key is made, so a move that lands meanwhile waits, and its trigger revokes this key too.
    await tx.$executeRaw`SELECT 1 FROM users WHERE id = ${ownerUserId}::uuid FOR SHARE`;
    const owner = await tx.user.findFirst({ where: { id: ownerUserId, active: true }, select: { id: true, username: true, practiceGroupId: true } });
    if (!owner) throw new ActionError("Choose an active user from the search results", "ownerUserId");
    const { record, plaintext } = await issueKey(tx, {
      kind: "USER",
      // The practice group the key acts for.
      practiceGroupId: owner.practiceGroupId,
      ownerUserId: owner.id,
      name,
      description,
      scopes: [...ALL_SCOPES],
      createdById: actor.id,
    });
    await recordAudit(tx, {
      actor,
      action: "user_key.created",
      practiceGroupId: owner.practiceGroupId,
      target: { type: "api_key", id: record.id, label: name },
      metadata: { owner: owner.username, key: record.displayKey },
    });
    return { keyId: record.id, name, username: owner.username, practiceGroupId: owner.practiceGroupId, key: plaintext };
  });
}

/** View: the key, its owner's username and the practice group it acts for (all three go with every call); every view is audited. */
export function viewUserKey({ keyId, actor }: { keyId: string; actor: Actor }) {
  return prisma.$transaction(async (tx) => {
    // Revealed first, the row held until the view is recorded: it waits for a Delete under way,
    // which the read below then sees, and a Delete arriving later waits for this view's record.
    const revealed = await revealKey(keyId, { kind: "USER" }, tx);
    const key = await getUserKeyOrThrow(tx, keyId);
    if (revealed.state === "unreadable") {
      throw new ActionError(
        "This API key cannot be shown: it was stored under an earlier server encryption key. It still works; to see a key, create a new one for the same user and delete this one.",
      );
    }
    if (revealed.state !== "shown" || !key.owner) throw new ActionError("This API key can no longer be viewed. Delete it and create a new one.");
    await recordAudit(tx, {
      actor,
      action: "user_key.viewed",
      practiceGroupId: key.practiceGroupId,
      target: { type: "api_key", id: key.id, label: key.name },
      metadata: { owner: key.owner.username, key: key.displayKey },
    });
    return { name: key.name, username: key.owner.username, practiceGroupId: key.practiceGroupId, key: revealed.key };
  });
}

type UpdateInput = {
  keyId: string;
  name: string;
  description: string;
  rateLimit?: number | null;
  /** What the dialog opened with: another super admin's change since is never replaced unseen. */
  shownName?: string;
  shownDescription?: string;
  shownRateLimit?: number | null;
  actor: Actor;
};

/**
 * Edit: the key's name, description and Hero support's higher limit (left out: unchanged); the key
 * itself and its owner never change. A new limit holds here at once, on other instances within
 * RATE_LIMIT_OVERRIDE_REFRESH_MS (lib/rate-limit-overrides.ts).
 */
export async function updateUserKey({ keyId, rateLimit, shownName, shownDescription, shownRateLimit, actor, ...typed }: UpdateInput) {
  if (rateLimit !== undefined) checkRateLimit(rateLimit);
  const limitChanged = await prisma.$transaction(async (tx) => {
    // Locked first, so what is compared below is what this save replaces (another admin's save committed while this waited).
    await lockKey(tx, keyId);
    const key = await getUserKeyOrThrow(tx, keyId);
    if (rateLimit !== undefined && shownRateLimit !== undefined && key.rateLimit !== shownRateLimit) {
      throw new ActionError(
        `This key's rate limit was changed by someone else since this page was loaded (it is now ${(key.rateLimit ?? RATE_LIMIT).toLocaleString("en-GB")} a minute). Nothing was saved: close this, check it and try again.`,
      );
    }
    // A field left as shown keeps what the key has now; one changed here over another's change since is refused.
    const shownText = { name: shownName, description: shownDescription };
    const overwritten = (["name", "description"] as const).filter(
      (field) => shownText[field] !== undefined && typed[field] !== shownText[field] && key[field] !== shownText[field] && key[field] !== typed[field],
    );
    if (overwritten.length > 0) {
      throw new ActionError(
        `This key's ${overwritten.join(" and ")} ${overwritten.length > 1 ? "were" : "was"} changed by someone else since this page was loaded. Nothing was saved: close this, check it and try again.`,
      );
    }
    const name = typed.name === shownName ? key.name : typed.name;
    const description = typed.description === shownDescription ? key.description : typed.description;
    // Live keys only: a Delete that committed since the read above is seen here, and nothing changes.
    const { count } = await tx.apiKey.updateMany({ where: { id: key.id, ...LIVE_USER_KEY }, data: { name, description, rateLimit } });
    if (count === 0) throw new ActionError("This API key no longer exists.");
    const newLimit = rateLimit === undefined ? key.rateLimit : rateLimit;
    const changed = [key.name !== name && "name", key.description !== description && "description", key.rateLimit !== newLimit && "rate limit"].filter(
      (field) => field !== false,
    );
    // Save with nothing changed: no event saying it was edited.
    if (changed.length === 0) return false;
    await recordAudit(tx, {
      actor,
      action: "user_key.updated",
      practiceGroupId: key.practiceGroupId,
      target: { type: "api_key", id: key.id, label: name },
      metadata: {
        owner: key.owner?.username ?? null,
        key: key.displayKey,
        changed,
        previousName: key.name,
        ...(key.description !== description ? { previousDescription: key.description } : {}),
        ...(key.rateLimit !== newLimit ? { rateLimit: { from: key.rateLimit ?? RATE_LIMIT, to: newLimit ?? RATE_LIMIT } } : {}),
      },
    });
    return key.rateLimit !== newLimit;
  });
  if (limitChanged) await reloadRateLimitOverrides();
}

/** Delete: revokes the key (it stops working at the next request) and wipes its encrypted copy. */
export function deleteUserKey({ keyId, actor }: { keyId: string; actor: Actor }) {
  return prisma.$transaction(async (tx) => {
    // Locked first, so the event names the key as it is deleted (an Edit committed while this waited).
    await lockKey(tx, keyId);
    const key = await getUserKeyOrThrow(tx, keyId);
    // revokeKeys only touches live keys: a concurrent delete finds nothing here and rolls back.
    const { count } = await revokeKeys(tx, { id: key.id, kind: "USER" }, "deleted", actor.id);
    if (count === 0) throw new ActionError("This API key no longer exists.");
    await recordAudit(tx, {
      actor,
      action: "user_key.deleted",
      practiceGroupId: key.practiceGroupId,
      target: { type: "api_key", id: key.id, label: key.name },
      metadata: { owner: key.owner?.username ?? null, key: key.displayKey },
    });
  });
}
