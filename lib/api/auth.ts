// Who is calling and for which practice group. The database is the only source of truth for a
// key: every request looks it up by hash (no cache), so a revoked, rotated or disconnected key
// fails on its very next request on every instance, and so do the tokens issued for it.
import { z } from "zod";

import { bearerToken, readAccessToken, usernameDigest, verifyAccessToken, type AccessTokenPayload } from "@/lib/access-tokens";
import { keyHashOf, verifyApiKey, verifyKeyHash, verifyKeyHeld, type VerifiedKey } from "@/lib/api-keys";
import { ApiError, FORBIDDEN, INVALID_CREDENTIALS, INVALID_TOKEN } from "@/lib/api/errors";
import { REQUEST_HEADERS } from "@/lib/api/headers";
import type { Tx } from "@/lib/db";
import { keyEnvironment } from "@/lib/env";
import { getNetworkPeer, holdNetworkPeer } from "@/lib/networks";
import type { ScopeName } from "@/lib/scopes";

export type Caller = { key: VerifiedKey; token: AccessTokenPayload | null };
export type ActingPracticeGroup = { id: string; name: string; code: string };

const invalidCredentials = (message = INVALID_CREDENTIALS) => new ApiError({ code: "invalid_credentials", message });

/** `x-api-key` (plus `x-username` for user-owned keys), or — where allowed — a bearer token. */
export async function authenticate(request: Request, { allowBearer }: { allowBearer: boolean }): Promise<Caller> {
  const presented = request.headers.get(REQUEST_HEADERS.apiKey.name);
  const token = allowBearer && presented === null ? bearerToken(request.headers.get(REQUEST_HEADERS.authorization.name)) : null;
  if (presented === null && token === null) throw invalidCredentials("Send your API key in the x-api-key header.");

  if (presented !== null) {
    const result = await verifyApiKey(presented);
    if (!result.ok) throw invalidCredentials();
    // A user-owned key is only half the credential: the owner's username is the other half. The
    // answer is the one any bad key gets (its rate-limit headers, set by the middleware, are the
    // key's own: README "User-owned keys").
    if (result.key.kind === "USER" && request.headers.get(REQUEST_HEADERS.username.name) !== result.key.ownerUsername) throw invalidCredentials();
    return { key: result.key, token: null };
  }

  const payload = await verifyAccessToken(token!);
  if (!payload || payload.env !== keyEnvironment()) throw invalidCredentials(INVALID_TOKEN);
  const result = await verifyKeyHash(payload.kh);
  if (!result.ok) throw invalidCredentials(INVALID_TOKEN);
  // A user key's token made before its username was kept as a digest (`u`) has none: refused.
  if (result.key.kind === "USER" && (!result.key.ownerUsername || payload.uh !== (await usernameDigest(result.key.ownerUsername))))
    throw invalidCredentials(INVALID_TOKEN);
  return { key: result.key, token: payload };
}

/**
 * A working access token sent where only the key is taken (POST /access_token): refused before
 * the failure limit counts it, as it is a mistake, not a guess (its signature proves it was issued).
 */
export async function refuseTokenInPlaceOfKey(request: Request) {
  if (request.headers.get(REQUEST_HEADERS.apiKey.name) !== null) return;
  const token = bearerToken(request.headers.get(REQUEST_HEADERS.authorization.name));
  if (token && (await verifyAccessToken(token))) {
    throw invalidCredentials("An access token is exchanged for the API key, not for another token: send your API key in the x-api-key header.");
  }
}

/** The hash of the key a refused request named (its x-api-key, or the key a well-signed token was issued for), for the ledger. */
export async function presentedKeyHash(request: Request): Promise<string | null> {
  const presented = request.headers.get(REQUEST_HEADERS.apiKey.name);
  if (presented !== null) return keyHashOf(presented);
  const token = bearerToken(request.headers.get(REQUEST_HEADERS.authorization.name));
  return token ? ((await readAccessToken(token))?.kh ?? null) : null;
}

const practiceGroupIdSchema = z.uuid();

export function requestedPracticeGroupId(request: Request): string {
  const id = request.headers.get(REQUEST_HEADERS.practiceGroupId.name);
  if (!id) throw new ApiError({ code: "invalid_request", message: "Send the practice group you act for in the x-practice-group-id header." });
  if (!practiceGroupIdSchema.safeParse(id).success)
    throw new ApiError({ code: "invalid_request", message: "The x-practice-group-id header must be a practice group ID (a UUID)." });
  return id.toLowerCase();
}

export function requireScope(key: VerifiedKey, scope: ScopeName | null) {
  if (scope && !key.scopes.includes(scope)) {
    throw new ApiError({ code: "insufficient_permissions", message: `This key does not have the ${scope} scope needed for this endpoint.` });
  }
}

/**
 * The key's own practice group, or another one that shares a Hero-configured network with it.
 * Anything else — including a practice group that does not exist — is 403 forbidden, so the
 * answer never reveals which practice groups exist.
 */
export async function getActingPracticeGroupOrThrow(key: VerifiedKey, practiceGroupId: string): Promise<ActingPracticeGroup> {
  // The key's own practice group came with the key (one query per call instead of two).
  if (practiceGroupId === key.practiceGroupId) return key.practiceGroup;
  const peer = await getNetworkPeer(practiceGroupId, key.practiceGroupId);
  if (peer) return peer;
  throw new ApiError({ code: "forbidden", message: FORBIDDEN });
}

/** The practice group a refused call named, when its key may act for it: the call is that practice's business too. */
export function actingPracticeGroupIdOrNull(key: VerifiedKey, practiceGroupId: string): Promise<string | null> {
  return getActingPracticeGroupOrThrow(key, practiceGroupId).then(
    (group) => group.id,
    () => null,
  );
}

/**
 * First in an API write's transaction (lib/patients.ts apiWrite): the request's key, scope and
 * network checked again as they are now, and held until the write commits. A key rotated,
 * revoked or disconnected, a partner suspended, a scope or a network membership removed since
 * the request's own check refuses the write, with the answer the next request would get; one
 * that comes later waits for the write to commit. So nothing is written with a key after the
 * practice was told it no longer works.
 */
export async function holdCaller(tx: Tx, { key, scope, practiceGroupId }: { key: VerifiedKey; scope: ScopeName | null; practiceGroupId: string }) {
  const result = await verifyKeyHeld(tx, key);
  if (!result.ok || result.key.ownerUsername !== key.ownerUsername) throw invalidCredentials();
  requireScope(result.key, scope);
  if (practiceGroupId !== result.key.practiceGroupId && !(await holdNetworkPeer(tx, practiceGroupId, result.key.practiceGroupId))) {
    throw new ApiError({ code: "forbidden", message: FORBIDDEN });
  }
}
