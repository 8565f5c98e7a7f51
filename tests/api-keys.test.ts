import { afterAll, describe, expect, it, vi } from "vitest";

import { issueKey, revealKey, revokeKeys, verifyApiKey } from "@/lib/api-keys";
import { prisma, sqlPool } from "@/lib/db";
import { generateKey, sha256Hex } from "@/lib/key-format";
import { REVOKE_REASONS } from "@/lib/key-status";

import { createPartner, createPracticeGroup, createUser } from "./support/records";

afterAll(() => prisma.$disconnect());

async function setup(shownOnce = false) {
  const practice = await createPracticeGroup();
  const admin = await createUser(practice.id);
  const partner = await createPartner(["messaging"]);
  const connection = await prisma.partnerConnection.create({
    data: { practiceGroupId: practice.id, partnerId: partner.id, status: "CONNECTED", connectedAt: new Date() },
  });
  const issued = await prisma.$transaction((tx) =>
    issueKey(tx, {
      kind: "PARTNER",
      practiceGroupId: practice.id,
      partnerId: partner.id,
      connectionId: connection.id,
      name: "k",
      scopes: partner.scopes,
      createdById: admin.id,
      shownOnce,
    }),
  );
  return { practice, admin, partner, ...issued };
}

describe("API keys in PostgreSQL", () => {
  it("stores the SHA-256, the display form and an encrypted copy, never the plaintext", async () => {
    const { record, plaintext } = await setup();
    const row = await prisma.apiKey.findUniqueOrThrow({ where: { id: record.id }, omit: { keyHash: false, encryptedKey: false } });
    expect(row.keyHash).toBe(await sha256Hex(plaintext));
    expect(row.encryptedKey).toMatch(/\S/);
    expect(row.displayKey).toBe(`hero_test_…${plaintext.slice(-4)}`);
    const everything = JSON.stringify(await prisma.apiKey.findMany({ where: { id: record.id }, omit: { keyHash: false, encryptedKey: false } }));
    expect(everything).not.toContain(plaintext);
  });

  it("finds a key by its hash and returns its practice group, partner and scopes", async () => {
    const { plaintext, practice, partner, record } = await setup();
    const result = await verifyApiKey(plaintext);
    expect(result).toEqual({
      ok: true,
      key: expect.objectContaining({
        id: record.id,
        kind: "PARTNER",
        practiceGroupId: practice.id,
        practiceGroup: { id: practice.id, name: practice.name, code: practice.code },
        partnerId: partner.id,
        scopes: ["messaging"],
      }),
    });
  });

  it("rejects malformed keys, unknown keys and keys of the other environment", async () => {
    expect(await verifyApiKey("not-a-key")).toEqual({ ok: false, reason: "malformed" });
    expect(await verifyApiKey(generateKey("test"))).toEqual({ ok: false, reason: "unknown" });
    expect(await verifyApiKey(generateKey("live"))).toEqual({ ok: false, reason: "wrong_environment" });
  });

  it("rejects revoked and expired keys, and keys of a disconnected partner", async () => {
    const revoked = await setup();
    await prisma.$transaction((tx) => revokeKeys(tx, { id: revoked.record.id }, "revoked"));
    expect(await verifyApiKey(revoked.plaintext)).toEqual({ ok: false, reason: "revoked" });

    const expired = await setup();
    await prisma.apiKey.update({ where: { id: expired.record.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await verifyApiKey(expired.plaintext)).toEqual({ ok: false, reason: "expired" });

    const disconnected = await setup();
    await prisma.partnerConnection.updateMany({ where: { partnerId: disconnected.partner.id }, data: { status: "DISCONNECTED" } });
    expect(await verifyApiKey(disconnected.plaintext)).toEqual({ ok: false, reason: "disconnected" });
  });

  it("looks up the keys of concurrent requests in one statement, each with its own answer, revocation included", async () => {
    const [live, revoked] = [await setup(), await setup()];
    await prisma.$transaction((tx) => revokeKeys(tx, { id: revoked.record.id }, "revoked"));
    const lookups = vi.spyOn(sqlPool(), "query");
    const results = await Promise.all([live.plaintext, revoked.plaintext, generateKey("test"), live.plaintext].map(verifyApiKey));
    expect(lookups.mock.calls.filter(([query]) => (query as { name?: string }).name?.startsWith("verify-api-key"))).toHaveLength(1);
    lookups.mockRestore();
    expect(results.map((result) => (result.ok ? result.key.id : result.reason))).toEqual([live.record.id, "revoked", "unknown", live.record.id]);
    // The next request reads afresh: a key revoked in between fails at once.
    await prisma.$transaction((tx) => revokeKeys(tx, { id: live.record.id }, "revoked"));
    expect(await verifyApiKey(live.plaintext)).toEqual({ ok: false, reason: "revoked" });
  });

  it("reveals a viewable key, and wipes the encrypted copy when it is revoked", async () => {
    const { record, plaintext, practice } = await setup();
    expect(await revealKey(record.id, { practiceGroupId: practice.id, kind: "PARTNER" })).toEqual({ state: "shown", key: plaintext });
    const other = await createPracticeGroup();
    expect(await revealKey(record.id, { practiceGroupId: other.id, kind: "PARTNER" })).toEqual({ state: "not_viewable" });
    await prisma.$transaction((tx) => revokeKeys(tx, { id: record.id }, "revoked"));
    expect(await revealKey(record.id, { practiceGroupId: practice.id, kind: "PARTNER" })).toEqual({ state: "not_viewable" });
    const row = await prisma.apiKey.findUniqueOrThrow({ where: { id: record.id }, omit: { encryptedKey: false } });
    expect(row.encryptedKey).toBeNull();
  });

  it("wipes both copies however a key is revoked: an earlier release's instance, during a deploy, sets revokedAt and wipes encryptedKey only", async () => {
    const { record } = await setup(true);
    await sqlPool().query(`UPDATE api_keys SET "revokedAt" = now() AT TIME ZONE 'UTC', "revokedReason" = 'revoked', "encryptedKey" = NULL WHERE id = $1`, [
      record.id,
    ]);
    const row = await prisma.apiKey.findUniqueOrThrow({ where: { id: record.id }, omit: { encryptedKey: false, supportCopy: false } });
    expect({ encryptedKey: row.encryptedKey, supportCopy: row.supportCopy }).toEqual({ encryptedKey: null, supportCopy: null });
  });

  it("a revoked key stays revoked and no key takes another secret or owner, whatever changes it (the database refuses, SQL too)", async () => {
    const { record, plaintext, practice } = await setup();
    const update = (set: string, values: unknown[] = []) => sqlPool().query(`UPDATE api_keys SET ${set} WHERE id = $1`, [record.id, ...values]);
    await expect(update(`"keyHash" = $2`, [await sha256Hex(generateKey("test"))])).rejects.toThrow(/keeps its secret/);
    await prisma.$transaction((tx) => revokeKeys(tx, { id: record.id }, "revoked"));
    await expect(update(`"revokedAt" = NULL, "revokedReason" = NULL`)).rejects.toThrow(/stays revoked/);
    expect(await verifyApiKey(plaintext)).toEqual({ ok: false, reason: "revoked" });

    const [owner, other] = [await createUser(practice.id, "STAFF"), await createUser(practice.id, "STAFF")];
    const userKey = await prisma.$transaction((tx) =>
      issueKey(tx, { kind: "USER", practiceGroupId: practice.id, ownerUserId: owner.id, name: "Recalls", scopes: [], createdById: null }),
    );
    await expect(sqlPool().query(`UPDATE api_keys SET "ownerUserId" = $2 WHERE id = $1`, [userKey.record.id, other.id])).rejects.toThrow(/keeps its owner/);
    expect(await verifyApiKey(userKey.plaintext)).toMatchObject({ ok: true });
  });

  it("reveals a key shown once (Generate API Key's) only to Share key (sharing), never by default", async () => {
    const { record, plaintext, practice } = await setup(true);
    expect(await revealKey(record.id, { practiceGroupId: practice.id, kind: "PARTNER" })).toEqual({ state: "not_viewable" });
    expect(await revealKey(record.id, { practiceGroupId: practice.id, kind: "PARTNER", sharing: true })).toEqual({ state: "shown", key: plaintext });
  });

  it("a key stored under an earlier API_KEY_ENCRYPTION_KEY is unreadable, not an error, and View says what to do", async () => {
    const { record, practice, partner, admin } = await setup();
    // The server restarted with a new secret: fresh modules read it.
    vi.stubEnv("API_KEY_ENCRYPTION_KEY", Buffer.alloc(32, 7).toString("base64"));
    vi.resetModules();
    try {
      const fresh = await import("@/lib/api-keys");
      expect(await fresh.revealKey(record.id, { practiceGroupId: practice.id, kind: "PARTNER" })).toEqual({ state: "unreadable" });
      const { viewPartnerKey } = await import("@/lib/partners");
      await expect(viewPartnerKey({ practiceGroupId: practice.id, partnerId: partner.id, actor: { id: admin.id, name: admin.name } })).rejects.toThrow(
        /earlier server encryption key.*Rotate API key/,
      );
    } finally {
      vi.unstubAllEnvs();
      vi.resetModules();
    }
  });

  it("user keys act for their owner with every scope, and die when the owner is deactivated", async () => {
    const practice = await createPracticeGroup();
    const owner = await createUser(practice.id, "STAFF");
    const { plaintext } = await prisma.$transaction((tx) =>
      issueKey(tx, { kind: "USER", practiceGroupId: practice.id, ownerUserId: owner.id, name: "Zapier", scopes: [], createdById: null }),
    );
    expect(await verifyApiKey(plaintext)).toEqual({
      ok: true,
      key: expect.objectContaining({
        kind: "USER",
        practiceGroupId: practice.id,
        practiceGroup: { id: practice.id, name: practice.name, code: practice.code },
        ownerUsername: owner.username,
        scopes: ["booking_links", "messaging", "booking"],
      }),
    });
    // Deactivating the owner revokes the key (a trigger on users): reactivating them does not bring it back.
    await prisma.user.update({ where: { id: owner.id }, data: { active: false } });
    expect(await verifyApiKey(plaintext)).toEqual({ ok: false, reason: "revoked" });
    await prisma.user.update({ where: { id: owner.id }, data: { active: true } });
    expect(await verifyApiKey(plaintext)).toEqual({ ok: false, reason: "revoked" });
  });

  it("a user key never acts for the practice its owner moved to: the move revokes it, and the lookup refuses an owner outside the key's practice", async () => {
    const practice = await createPracticeGroup();
    const owner = await createUser(practice.id, "STAFF");
    const issue = () =>
      prisma.$transaction((tx) =>
        issueKey(tx, { kind: "USER", practiceGroupId: practice.id, ownerUserId: owner.id, name: "Zapier", scopes: [], createdById: null }),
      );
    const first = await issue();
    const partnerKey = await setup();
    const moved = await createPracticeGroup();

    // Moved in SQL, as support does today: the trigger revokes the key in the same statement.
    await sqlPool().query(`UPDATE users SET "practiceGroupId" = $2 WHERE id = $1`, [owner.id, moved.id]);
    expect(await verifyApiKey(first.plaintext)).toEqual({ ok: false, reason: "revoked" });
    const row = await prisma.apiKey.findUniqueOrThrow({ where: { id: first.record.id }, omit: { encryptedKey: false } });
    expect(row).toMatchObject({ revokedReason: "owner_moved", encryptedKey: null, practiceGroupId: practice.id });
    expect(row.revokedAt).not.toBeNull();
    // Moving back does not bring it back; other keys are untouched.
    await prisma.user.update({ where: { id: owner.id }, data: { practiceGroupId: practice.id } });
    expect(await verifyApiKey(first.plaintext)).toEqual({ ok: false, reason: "revoked" });
    expect(await verifyApiKey(partnerKey.plaintext)).toMatchObject({ ok: true });

    // Named in the audit log at the key's practice, as a Delete is, though the move was made in SQL.
    expect(await prisma.auditEvent.findMany({ where: { targetId: first.record.id } })).toEqual([
      expect.objectContaining({
        action: "user_key.revoked",
        practiceGroupId: practice.id,
        actorName: "Hero",
        targetLabel: "Zapier",
        metadata: { owner: owner.username, key: first.record.displayKey, reason: REVOKE_REASONS.owner_moved },
      }),
    ]);
    const leaver = await createUser(practice.id, "STAFF");
    const leaversKey = await prisma.$transaction((tx) =>
      issueKey(tx, { kind: "USER", practiceGroupId: practice.id, ownerUserId: leaver.id, name: "Recalls", scopes: [], createdById: null }),
    );
    await prisma.user.delete({ where: { id: leaver.id } });
    expect(await prisma.auditEvent.findMany({ where: { targetId: leaversKey.record.id } })).toEqual([
      expect.objectContaining({
        action: "user_key.revoked",
        practiceGroupId: practice.id,
        metadata: expect.objectContaining({ reason: REVOKE_REASONS.owner_deleted }),
      }),
    ]);

    // A live key whose owner is not in its practice (however that came about) does not verify.
    const second = await issue();
    await sqlPool().query(`UPDATE api_keys SET "practiceGroupId" = $2 WHERE id = $1`, [second.record.id, moved.id]);
    expect(await verifyApiKey(second.plaintext)).toEqual({ ok: false, reason: "owner_inactive" });
  });
});
