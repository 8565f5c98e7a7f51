// Settings > Super admin > Practices: every practice group, and one practice's partner
// connections and keys. Support acts on them through lib/partners.ts and lib/practice-keys.ts,
// the functions the practice itself uses, so the one-live-key rule holds the same way.
import { cache } from "react";
import { z } from "zod";

import { readAccessToken, TOKEN_PREFIX } from "@/lib/access-tokens";
import { ActionError } from "@/lib/action-error";
import { keyHashOf, SHAREABLE } from "@/lib/api-keys";
import { prisma } from "@/lib/db";
import { keyEnvironment } from "@/lib/env";
import { formatDateTime } from "@/lib/format";
import { Prisma } from "@/lib/generated/prisma/client";
import { KEY_LENGTH, keyPrefix, parseKey } from "@/lib/key-format";
import { whyNotShareable } from "@/lib/key-shares";
import { keyStatus } from "@/lib/key-status";
import { SEARCH_MAX_LENGTH } from "@/lib/limits";
import { pageNumber, pageOf } from "@/lib/pagination";
import { grantedScopes } from "@/lib/scopes";
import { isStorable } from "@/lib/text";
import { escapeLike } from "@/lib/users";

export const PRACTICES_PAGE_SIZE = 25;

const listParams = z.object({
  q: z.string().trim().max(SEARCH_MAX_LENGTH).catch(""),
  page: pageNumber,
});

export function parsePracticeListParams(params: Record<string, string | string[] | undefined>) {
  const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
  const q = first(params.q) ?? "";
  return listParams.parse({ q: isStorable(q) ? q : "", page: first(params.page) ?? 1 });
}

/** Name or code contains the query: trigram indexes on both keep this fast at 10,000 practices. */
function searchSql(query: string) {
  if (!query) return Prisma.empty;
  const pattern = `%${escapeLike(query)}%`;
  return Prisma.sql`WHERE g.name ILIKE ${pattern} OR g.code ILIKE ${pattern}`;
}

export type PracticeRow = { id: string; name: string; code: string; networks: string[]; connectedPartners: number; liveKeys: number };

/** One page of practice groups by name; the counts are read for that page only. */
export async function listPracticeGroups({ query = "", page = 1 }: { query?: string; page?: number }) {
  const search = searchSql(query);
  const [{ total }] = await prisma.$queryRaw<{ total: number }[]>`SELECT count(*)::int AS total FROM practice_groups g ${search}`;
  const { offset, ...shown } = pageOf(total, page, PRACTICES_PAGE_SIZE);
  const practices = await prisma.$queryRaw<PracticeRow[]>`
    SELECT g.id, g.name, g.code,
      ARRAY(SELECT n.name FROM network_members m JOIN networks n ON n.id = m."networkId" WHERE m."practiceGroupId" = g.id ORDER BY n.name) AS networks,
      (SELECT count(*)::int FROM partner_connections c WHERE c."practiceGroupId" = g.id AND c.status = 'CONNECTED') AS "connectedPartners",
      (SELECT count(*)::int FROM api_keys k WHERE k."practiceGroupId" = g.id AND k."revokedAt" IS NULL AND k."deletedAt" IS NULL
        AND (k."expiresAt" IS NULL OR k."expiresAt" > now() AT TIME ZONE 'UTC')) AS "liveKeys"
    FROM practice_groups g ${search}
    ORDER BY g.name, g.id LIMIT ${PRACTICES_PAGE_SIZE} OFFSET ${offset}`;
  return { practices, ...shown };
}

/**
 * A practice for support: its networks, each partner connection with its keys, and its user keys.
 * Read once per request: the page and its title both ask.
 */
export const getSupportPractice = cache(async (practiceGroupId: string) => {
  const practice = await prisma.practiceGroup.findUnique({
    where: { id: practiceGroupId },
    include: { networks: { include: { network: { select: { id: true, name: true, code: true } } } } },
  });
  if (!practice) return null;
  const [partners, connections, userKeys] = await Promise.all([
    prisma.partner.findMany({ orderBy: { name: "asc" }, select: { id: true, name: true, scopes: true, suspendedAt: true } }),
    prisma.partnerConnection.findMany({
      where: { practiceGroupId },
      orderBy: { partner: { name: "asc" } },
      include: {
        partner: { select: { id: true, name: true, slug: true, suspendedAt: true, scopes: true } },
        // The newest keys; the count says how many earlier ones there are in all.
        _count: { select: { apiKeys: { where: { revokedAt: { not: null } } } } },
        apiKeys: {
          orderBy: { createdAt: "desc" },
          take: 10,
          select: {
            id: true,
            name: true,
            displayKey: true,
            scopes: true,
            createdAt: true,
            expiresAt: true,
            lastUsedAt: true,
            revokedAt: true,
            revokedReason: true,
          },
        },
      },
    }),
    prisma.apiKey.count({ where: { practiceGroupId, kind: "USER", revokedAt: null, deletedAt: null } }),
  ]);
  // Whether a copy is stored, per live key: the ciphertext itself never leaves lib/api-keys.ts.
  const liveIds = connections.flatMap((c) => c.apiKeys.filter((key) => key.revokedAt === null).map((key) => key.id));
  const viewable = new Set(
    (
      await prisma.apiKey.findMany({
        where: { id: { in: liveIds }, ...SHAREABLE },
        select: { id: true },
      })
    ).map((key) => key.id),
  );
  const connectedIds = new Set(connections.filter((c) => c.status === "CONNECTED").map((c) => c.partnerId));
  return {
    practice,
    userKeys,
    /** What support can connect for the practice (seed 002: partners email Hero support for a key). */
    connectable: partners.filter((partner) => !connectedIds.has(partner.id) && !partner.suspendedAt),
    connections: connections.map(({ apiKeys, _count, ...connection }) => {
      const live = connection.status === "CONNECTED" ? (apiKeys.find((key) => key.revokedAt === null) ?? null) : null;
      return {
        ...connection,
        connected: connection.status === "CONNECTED",
        liveKey: live
          ? {
              ...live,
              scopes: grantedScopes(live.scopes, connection.partner.scopes),
              status: keyStatus({ ...live, partner: connection.partner }),
              notShareable: whyNotShareable({ ...live, encrypted: viewable.has(live.id) }),
            }
          : null,
        history: apiKeys.filter((key) => key.revokedAt !== null),
        earlierKeys: _count.apiKeys,
      };
    }),
  };
});

/**
 * Find a key (seed 001: "Contact Hero support to rotate a compromised key immediately"): the key,
 * or an access token made with it, as pasted, found by its hash; where to act on it. Never stored,
 * logged or sent back.
 */
export async function findKeyForSupport(pasted: string, now = Date.now()) {
  const token = pasted.startsWith(TOKEN_PREFIX) ? await readAccessToken(pasted) : null;
  let keyHash = token?.kh;
  if (!keyHash) {
    const environment = parseKey(pasted);
    if (!environment)
      throw new ActionError(
        `This is not an API key or an access token of this deployment: a key starts ${keyPrefix(keyEnvironment())} and has ${KEY_LENGTH} characters.`,
        "key",
      );
    if (environment !== keyEnvironment())
      throw new ActionError(
        `This is a ${keyPrefix(environment)} key: this deployment issues ${keyPrefix(keyEnvironment())} keys only, so it was never one of them.`,
        "key",
      );
    keyHash = keyHashOf(pasted);
  }
  const key = await prisma.apiKey.findUnique({
    where: { keyHash },
    select: {
      id: true,
      kind: true,
      name: true,
      displayKey: true,
      revokedAt: true,
      revokedReason: true,
      expiresAt: true,
      practiceGroup: { select: { id: true, name: true, code: true } },
      partner: { select: { name: true, suspendedAt: true } },
      owner: { select: { username: true, active: true } },
    },
  });
  if (!key) throw new ActionError("No key of this deployment matches: it was never issued here.", "key");
  const status = keyStatus({ ...key, ownerActive: key.owner?.active ?? null });
  const practice = key.practiceGroup;
  return {
    // A token is read even when expired (a leak reported late): the key's status alone would say Active.
    via: !token
      ? null
      : token.exp * 1000 > now
        ? "An access token of "
        : `An access token that expired ${formatDateTime(new Date(token.exp * 1000))} and no longer works, made with `,
    displayKey: key.displayKey,
    status,
    whose: key.partner
      ? `${key.partner.name}'s key at ${practice.name} (${practice.code})`
      : `${key.owner?.username ?? "A removed user"}'s user key at ${practice.name} (${practice.code})`,
    // A partner key replaced or ended since: where it is managed acts on the partner's current key, not this one.
    replaced: key.kind !== "USER" && key.revokedAt !== null,
    // Where support rotates, revokes or deletes it: a partner's practice page shows its key now; a
    // user key that no longer works is listed nowhere, and needs nothing doing.
    href:
      key.kind !== "USER"
        ? `/settings/super-admin/practices/${practice.id}`
        : key.revokedAt
          ? null
          : `/settings/super-admin/api-keys?practice=${encodeURIComponent(practice.code)}`,
  };
}
