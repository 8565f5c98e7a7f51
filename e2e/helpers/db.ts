// What specs read and write directly in the database under test, beyond the shared test
// support (tests/support/): users, keys and audit events as the specs check them.
import { randomUUID } from "node:crypto";

import { db } from "../../tests/support/practices";
import { USERS } from "./users";

export async function setUserActive(userId: string, active: boolean) {
  await db().query(`UPDATE users SET active = $2 WHERE id = $1`, [userId, active]);
}

/** As Hero's staff change a role: in SQL (the dashboard has no page for it). */
export async function setUserRole(userId: string, role: "STAFF" | "PRACTICE_ADMIN" | "SUPER_ADMIN") {
  await db().query(`UPDATE users SET role = $2 WHERE id = $1`, [userId, role]);
}

export async function superAdminId(): Promise<string> {
  const { rows } = await db().query(`SELECT id FROM users WHERE email = $1`, [USERS.superAdmin]);
  return rows[0].id;
}

export async function partnerId(slug: string): Promise<string> {
  const { rows } = await db().query(`SELECT id FROM partners WHERE slug = $1`, [slug]);
  return rows[0].id;
}

/** A partner of the spec's own (the seeded ones are shared by every spec): its name is its slug. */
export async function createPartner(scopes: string[]): Promise<string> {
  const slug = `partner-${randomUUID().slice(0, 8)}`;
  await db().query(`INSERT INTO partners (id, name, slug, description, scopes) VALUES ($1, $2, $2, 'Test partner', $3::"Scope"[])`, [
    randomUUID(),
    slug,
    scopes,
  ]);
  return slug;
}

/** What Hero support's Edit partner does to the scopes a partner may be granted. */
export async function setPartnerScopes(slug: string, scopes: string[]) {
  await db().query(`UPDATE partners SET scopes = $2::"Scope"[] WHERE slug = $1`, [slug, scopes]);
}

export async function storedKeyColumns(): Promise<string> {
  const { rows } = await db().query(`SELECT "keyHash", "encryptedKey", "supportCopy", "displayKey" FROM api_keys`);
  return JSON.stringify(rows);
}

export async function auditActions(practiceGroupId: string): Promise<string[]> {
  const { rows } = await db().query(`SELECT action FROM audit_events WHERE "practiceGroupId" = $1 ORDER BY "createdAt"`, [practiceGroupId]);
  return rows.map((row) => row.action);
}

// Super admin > API keys. Keys are made with the app's own key format and encryption (the
// spec process has the server's API_KEY_ENCRYPTION_KEY), so View can decrypt them.
export type TestUserKey = { id: string; name: string; key: string };

export async function insertUserKey(owner: { id: string; practiceGroupId: string }, name: string, description = ""): Promise<TestUserKey> {
  const { displayKey, generateKey, sha256Hex } = await import("../../lib/key-format");
  const { encryptKey } = await import("../../lib/key-crypto");
  const key = generateKey("test");
  const keyHash = await sha256Hex(key);
  const { rows } = await db().query(
    `INSERT INTO api_keys (id, kind, environment, "practiceGroupId", "ownerUserId", name, description, scopes, "keyHash", "encryptedKey", "displayKey")
     VALUES (gen_random_uuid(), 'USER', 'test', $1, $2, $3, $4, '{booking_links,messaging,booking}', $5, $6, $7) RETURNING id`,
    [owner.practiceGroupId, owner.id, name, description, keyHash, encryptKey(key, keyHash), displayKey(key)],
  );
  return { id: rows[0].id, name, key };
}

/** Many keys at once for paging: not viewable, each a second older than the one before. */
export async function insertUserKeys(owner: { id: string; practiceGroupId: string }, names: string[]) {
  await db().query(
    `INSERT INTO api_keys (id, kind, environment, "practiceGroupId", "ownerUserId", name, scopes, "keyHash", "displayKey", "createdAt")
     SELECT gen_random_uuid(), 'USER', 'test', $1, $2, n.name, '{}', md5(random()::text || n.name), 'hero_test_…0000', now() - (n.i || ' seconds')::interval
     FROM unnest($3::text[]) WITH ORDINALITY AS n(name, i)`,
    [owner.practiceGroupId, owner.id, names],
  );
}

export async function userKeyRow(id: string) {
  const { rows } = await db().query(
    `SELECT name, description, "revokedAt", "revokedReason", "deletedAt", "encryptedKey" IS NOT NULL AS viewable FROM api_keys WHERE id = $1`,
    [id],
  );
  return rows[0] as { name: string; description: string; revokedAt: Date | null; revokedReason: string | null; deletedAt: Date | null; viewable: boolean };
}

export async function userKeyByHash(key: string) {
  const { sha256Hex } = await import("../../lib/key-format");
  const { rows } = await db().query(`SELECT id, kind, name, "ownerUserId" FROM api_keys WHERE "keyHash" = $1`, [await sha256Hex(key)]);
  return rows[0] as { id: string; kind: string; name: string; ownerUserId: string } | undefined;
}

export async function auditEventsFor(targetId: string): Promise<{ action: string; actorName: string; actorUserId: string | null; metadata: unknown }[]> {
  const { rows } = await db().query(`SELECT action, "actorName", "actorUserId", metadata FROM audit_events WHERE "targetId" = $1 ORDER BY "createdAt"`, [
    targetId,
  ]);
  return rows;
}

export async function countUserKeysNamed(name: string): Promise<number> {
  const { rows } = await db().query(`SELECT count(*)::int AS n FROM api_keys WHERE name = $1`, [name]);
  return rows[0].n;
}

/** When a signed-out session stops being listed as ended (revoked_sessions), or null if it is not listed. */
export async function endedSessionExpiry(sid: string): Promise<Date | null> {
  // As epoch milliseconds: the column has no time zone, which pg would read as the machine's local time.
  const { rows } = await db().query(`SELECT (extract(epoch FROM "expiresAt") * 1000)::float8 AS at FROM revoked_sessions WHERE id = $1`, [sid]);
  return rows[0] ? new Date(rows[0].at) : null;
}
