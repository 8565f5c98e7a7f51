import { afterAll, describe, expect, it } from "vitest";

import { verifyApiKey } from "@/lib/api-keys";
import { prisma } from "@/lib/db";
import { connectPartner, disconnectPartner, rotatePartnerKey, viewPartnerKey } from "@/lib/partners";
import { generatePracticeKey, revokePracticeKey } from "@/lib/practice-keys";

import { actorOf, createPartner, createPracticeGroup, createUser } from "./fixtures";

afterAll(() => prisma.$disconnect());

async function setup() {
  const practice = await createPracticeGroup();
  const admin = await createUser(practice.id);
  const partner = await createPartner();
  return { practice, admin, partner, action: { practiceGroupId: practice.id, partnerId: partner.id, actor: actorOf(admin) } };
}

const liveKeys = (connectionPartnerId: string) => prisma.apiKey.count({ where: { partnerId: connectionPartnerId, connectionId: { not: null }, revokedAt: null } });

describe("partner connections", () => {
  it("Connect creates a viewable key that works; connecting twice is refused", async () => {
    const { action } = await setup();
    const { key } = await connectPartner(action);
    expect((await verifyApiKey(key)).ok).toBe(true);
    expect((await viewPartnerKey(action)).key).toBe(key);
    await expect(connectPartner(action)).rejects.toThrow(/already connected/);
  });

  it("Rotate API key: the old key stops at once, the new one works", async () => {
    const { action } = await setup();
    const first = await connectPartner(action);
    const second = await rotatePartnerKey(action);
    expect(second.key).not.toBe(first.key);
    expect(await verifyApiKey(first.key)).toEqual({ ok: false, reason: "revoked" });
    expect((await verifyApiKey(second.key)).ok).toBe(true);
    expect((await viewPartnerKey(action)).key).toBe(second.key);
  });

  it("ten concurrent rotations leave exactly one live key, and it is the last one issued", async () => {
    const { action, partner } = await setup();
    await connectPartner(action);
    const results = await Promise.all(Array.from({ length: 10 }, () => rotatePartnerKey(action)));
    expect(await liveKeys(partner.id)).toBe(1);
    const verdicts = await Promise.all(results.map((r) => verifyApiKey(r.key)));
    expect(verdicts.filter((v) => v.ok)).toHaveLength(1);
    expect((await viewPartnerKey(action)).key).toBe(results[verdicts.findIndex((v) => v.ok)].key);
  });

  it("Disconnect invalidates the connection key and generated keys; reconnecting gives a different key", async () => {
    const { action, practice, partner } = await setup();
    const connected = await connectPartner(action);
    const generated = await generatePracticeKey(action);
    await disconnectPartner(action);
    expect((await verifyApiKey(connected.key)).ok).toBe(false);
    expect((await verifyApiKey(generated.key)).ok).toBe(false);
    await expect(viewPartnerKey(action)).rejects.toThrow(/no viewable key/);
    const status = await prisma.partnerConnection.findUniqueOrThrow({ where: { practiceGroupId_partnerId: { practiceGroupId: practice.id, partnerId: partner.id } } });
    expect(status.status).toBe("DISCONNECTED");

    const reconnected = await connectPartner(action);
    expect(reconnected.key).not.toBe(connected.key);
    expect((await verifyApiKey(reconnected.key)).ok).toBe(true);
  });

  it("Generate API Key connects the partner, stores no copy, and Revoke stops the key", async () => {
    const { action, practice } = await setup();
    const { key } = await generatePracticeKey(action);
    expect((await verifyApiKey(key)).ok).toBe(true);
    const row = await prisma.apiKey.findFirstOrThrow({ where: { practiceGroupId: practice.id }, omit: { encryptedKey: false } });
    expect(row.encryptedKey).toBeNull();
    await revokePracticeKey({ practiceGroupId: practice.id, keyId: row.id, actor: action.actor });
    expect(await verifyApiKey(key)).toEqual({ ok: false, reason: "revoked" });
  });

  it("another practice cannot revoke, rotate or view this practice's keys", async () => {
    const { action, practice } = await setup();
    await connectPartner(action);
    const other = await createPracticeGroup();
    const intruder = await createUser(other.id);
    const key = await prisma.apiKey.findFirstOrThrow({ where: { practiceGroupId: practice.id } });
    await expect(revokePracticeKey({ practiceGroupId: other.id, keyId: key.id, actor: actorOf(intruder) })).rejects.toThrow(/not found/);
    const forged = { ...action, practiceGroupId: other.id, actor: actorOf(intruder) };
    await expect(rotatePartnerKey(forged)).rejects.toThrow(/not connected/);
    await expect(viewPartnerKey(forged)).rejects.toThrow(/no viewable key/);
    expect(await prisma.apiKey.count({ where: { practiceGroupId: practice.id, revokedAt: null } })).toBe(1);
  });

  it("writes an audit event for every action, with no secret in it", async () => {
    const { action, practice } = await setup();
    const { key } = await connectPartner(action);
    await viewPartnerKey(action);
    const rotated = await rotatePartnerKey(action);
    await disconnectPartner(action);
    const events = await prisma.auditEvent.findMany({ where: { practiceGroupId: practice.id }, orderBy: { createdAt: "asc" } });
    expect(events.map((e) => e.action)).toEqual(["partner.connected", "partner_key.viewed", "partner_key.rotated", "partner.disconnected"]);
    const text = JSON.stringify(events);
    expect(text).not.toContain(key);
    expect(text).not.toContain(rotated.key);
  });
});
