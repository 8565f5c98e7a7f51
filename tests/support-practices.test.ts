// Hero support across practices: the list of practice groups, support's Rotate API key and
// Revoke through the practice's own functions, and Share key's one-time links.
import { randomUUID } from "node:crypto";

import { afterAll, describe, expect, it, vi } from "vitest";

import { GET as getPracticeGroups } from "@/app/api/v1/practice-groups/route";
import { prisma, sqlPool } from "@/lib/db";
import { createKeyShare, NOT_SHAREABLE, openKeyShare } from "@/lib/key-shares";
import { setPartnerSuspended } from "@/lib/partner-admin";
import { getPartnerPage, rotatePartnerKey } from "@/lib/partners";
import { generatePracticeKey, listPracticeKeys, revokePracticeKey } from "@/lib/practice-keys";
import { supportActor } from "@/lib/support";
import { getSupportPractice, listPracticeGroups, parsePracticeListParams, PRACTICES_PAGE_SIZE } from "@/lib/support-practices";

import { apiRequest, call, partnerKey } from "./api/helpers";
import { backendPid, waitForLockWaiter, whileUncommitted } from "./support/locks";
import { actorOf, createNetwork, createPartner, createPracticeGroup, createUser, unique } from "./support/records";

afterAll(() => prisma.$disconnect());

async function support() {
  const hero = await createPracticeGroup("hero");
  return supportActor(await createUser(hero.id, "SUPER_ADMIN"));
}

const reason = "Ticket 881: practice asked";
const tokenOf = (path: string) => path.split("#")[1];

describe("the practices list", () => {
  it("finds a practice by part of its name or code, with its networks, connected partners and live keys", async () => {
    const { practice } = await partnerKey();
    const network = await createNetwork([practice.id]);
    const byCode = await listPracticeGroups({ query: practice.code.slice(-8) });
    expect(byCode.practices).toEqual([
      { id: practice.id, name: practice.name, code: practice.code, networks: [network.name], connectedPartners: 1, liveKeys: 1 },
    ]);
    expect((await listPracticeGroups({ query: practice.name.slice(-8) })).practices.map((p) => p.id)).toEqual([practice.id]);
    expect((await listPracticeGroups({ query: "%" })).total).toBe(0);
    // An expired key works no more than a revoked one.
    await prisma.apiKey.updateMany({ where: { practiceGroupId: practice.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await listPracticeGroups({ query: practice.code })).practices[0].liveKeys).toBe(0);
  });

  it("pages by name without showing a practice twice", async () => {
    const label = unique("paged");
    const made = await Promise.all(Array.from({ length: PRACTICES_PAGE_SIZE + 2 }, () => createPracticeGroup(label)));
    const first = await listPracticeGroups({ query: label, page: 1 });
    const second = await listPracticeGroups({ query: label, page: 2 });
    expect([first.total, first.pageCount, first.practices.length, second.practices.length]).toEqual([made.length, 2, PRACTICES_PAGE_SIZE, 2]);
    const ids = [...first.practices, ...second.practices].map((p) => p.id);
    expect(new Set(ids)).toEqual(new Set(made.map((p) => p.id)));
    expect(parsePracticeListParams({ q: "a\u0000", page: "x" })).toEqual({ q: "", page: 1 });
  });
});

describe("support acting on a practice", () => {
  it("Rotate API key by support makes the old key 401 at once, keeps its name, and shows Hero support with the reason", async () => {
    const actor = await support();
    const { key, practice, partner } = await partnerKey();
    await rotatePartnerKey({ practiceGroupId: practice.id, partnerId: partner.id, actor: await support(), reason, options: { name: "Ward sync" } });
    await rotatePartnerKey({ practiceGroupId: practice.id, partnerId: partner.id, actor, reason });
    const request = (k: string) => call(getPracticeGroups, apiRequest("/practice-groups", { key: k, practiceGroupId: practice.id }));
    expect(await request(key)).toMatchObject({ status: 401, body: { error: "invalid_credentials" } });
    const page = await getSupportPractice(practice.id);
    const [connection] = page!.connections;
    expect(connection.liveKey).toMatchObject({ name: "Ward sync", notShareable: null });
    expect(connection.history).toHaveLength(2);
    const events = await prisma.auditEvent.findMany({ where: { practiceGroupId: practice.id, action: "partner_key.rotated" } });
    expect(events.map((e) => [e.actorName, (e.metadata as { reason: string }).reason])).toEqual([
      ["Hero support", reason],
      ["Hero support", reason],
    ]);
  });

  it("Rotate API key by support keeps the key's expiry: its date, or once passed the same length of life from now", async () => {
    const actor = await support();
    const { practice, partner } = await partnerKey();
    const liveKey = () => prisma.apiKey.findFirstOrThrow({ where: { practiceGroupId: practice.id, revokedAt: null } });
    const trialEnds = new Date(Date.now() + 30 * 86_400_000);
    await rotatePartnerKey({ practiceGroupId: practice.id, partnerId: partner.id, actor, reason, options: { expiresAt: trialEnds } });
    await rotatePartnerKey({ practiceGroupId: practice.id, partnerId: partner.id, actor, reason });
    expect((await liveKey()).expiresAt).toEqual(trialEnds);

    // An expired key (the way out of "Connected · key expired"): a fresh 30 days, not no expiry.
    const expired = await liveKey();
    await prisma.apiKey.update({
      where: { id: expired.id },
      data: { createdAt: new Date(Date.now() - 31 * 86_400_000), expiresAt: new Date(Date.now() - 86_400_000) },
    });
    const before = Date.now();
    await rotatePartnerKey({ practiceGroupId: practice.id, partnerId: partner.id, actor, reason });
    const renewed = (await liveKey()).expiresAt!.getTime();
    expect(renewed).toBeGreaterThanOrEqual(before + 30 * 86_400_000);
    expect(renewed).toBeLessThanOrEqual(Date.now() + 30 * 86_400_000);

    // A key without an expiry stays without one; the practice's own choice still wins.
    await rotatePartnerKey({ practiceGroupId: practice.id, partnerId: partner.id, actor, reason, options: { expiresAt: null } });
    await rotatePartnerKey({ practiceGroupId: practice.id, partnerId: partner.id, actor, reason });
    expect((await liveKey()).expiresAt).toBeNull();
  });

  it("the practice's pages name support's keys 'Hero support', never the super admin; its own staff by name", async () => {
    const actor = await support();
    const { practice, partner, admin } = await partnerKey();
    await rotatePartnerKey({ practiceGroupId: practice.id, partnerId: partner.id, actor, reason });
    await rotatePartnerKey({ practiceGroupId: practice.id, partnerId: partner.id, actor: actorOf(admin) });
    const created = (await listPracticeKeys(practice.id)).map((key) => key.createdBy?.name);
    expect(created).toEqual([admin.name, "Hero support", admin.name]);
    const page = await getPartnerPage(practice.id, partner.slug);
    expect(page!.liveKey!.createdBy?.name).toBe(admin.name);
    expect(page!.history.map((key) => [key.createdBy?.name, key.revokedBy?.name])).toEqual([
      ["Hero support", admin.name],
      [admin.name, "Hero support"],
    ]);

    // A super admin who has since left Hero's staff (demoted) is still "Hero support" on what they did as support.
    await prisma.user.update({ where: { id: actor.id }, data: { role: "PRACTICE_ADMIN" } });
    expect((await listPracticeKeys(practice.id)).map((key) => key.createdBy?.name)).toEqual([admin.name, "Hero support", admin.name]);
  });

  it("Revoke by support disconnects the partner, as it does for the practice", async () => {
    const actor = await support();
    const { key, practice } = await partnerKey();
    const page = await getSupportPractice(practice.id);
    await revokePracticeKey({ practiceGroupId: practice.id, keyId: page!.connections[0].liveKey!.id, actor, reason });
    const after = await getSupportPractice(practice.id);
    expect(after!.connections[0]).toMatchObject({ connected: false, liveKey: null });
    expect((await call(getPracticeGroups, apiRequest("/practice-groups", { key, practiceGroupId: practice.id }))).status).toBe(401);
  });
});

describe("Share key", () => {
  async function shared() {
    const actor = await support();
    const made = await partnerKey();
    const page = await getSupportPractice(made.practice.id);
    const keyId = page!.connections[0].liveKey!.id;
    return { ...made, actor, keyId };
  }

  it("makes a link that shows the key once, stores only the token's hash and records both steps", async () => {
    const { actor, key, practice, partner, keyId } = await shared();
    vi.stubEnv("NEXTAUTH_URL", "https://practices.example/");
    const { path, url, expiresAt } = await createKeyShare({ practiceGroupId: practice.id, keyId, actor, reason });
    vi.unstubAllEnvs();
    const token = tokenOf(path);
    expect(path).toMatch(/^\/share#[A-Za-z0-9_-]{43}$/);
    // On the app's configured address, as booking links are, whichever address support's browser reached.
    expect(url).toBe(`https://practices.example${path}`);
    expect(expiresAt.getTime() - Date.now()).toBeGreaterThan(23.9 * 3_600_000);

    const stored = await prisma.keyShareLink.findFirstOrThrow({ where: { apiKeyId: keyId } });
    expect(JSON.stringify(stored)).not.toContain(token);

    expect(await openKeyShare(token)).toEqual({
      ok: true,
      key,
      partnerName: partner.name,
      practiceName: practice.name,
      practiceGroupId: practice.id,
      displayKey: expect.any(String),
    });
    expect(await openKeyShare(token)).toMatchObject({ ok: false, error: expect.stringContaining("already been opened") });

    const events = await prisma.auditEvent.findMany({ where: { targetId: keyId, action: { startsWith: "api_key.share" } }, orderBy: { createdAt: "asc" } });
    expect(events.map((e) => [e.action, e.actorName])).toEqual([
      ["api_key.share_created", "Hero support"],
      ["api_key.share_opened", "Someone with the share link"],
    ]);
    expect(JSON.stringify(events)).not.toContain(token);
    expect(JSON.stringify(events)).not.toContain(key);
  });

  it("names who opened a link when they were signed in, as the practice names anyone, and records the address either way", async () => {
    const { actor, practice, admin, keyId } = await shared();
    const signedIn = async (user: { id: string }) => {
      const row = await prisma.user.findUniqueOrThrow({ where: { id: user.id } });
      return { ...row, session: { sid: randomUUID(), role: row.role, validFrom: row.sessionsValidFrom?.getTime() ?? null } };
    };
    const outsider = await createUser((await createPracticeGroup()).id);
    const openers = [
      { user: await signedIn(actor), address: "203.0.113.9" },
      { user: await signedIn(admin), address: "203.0.113.10" },
      { user: await signedIn(outsider), address: "203.0.113.11" },
      { address: "198.51.100.7" },
    ];
    for (const opener of openers) {
      const token = tokenOf((await createKeyShare({ practiceGroupId: practice.id, keyId, actor, reason })).path);
      expect(await openKeyShare(token, opener)).toMatchObject({ ok: true });
    }
    const opened = await prisma.auditEvent.findMany({ where: { targetId: keyId, action: "api_key.share_opened" }, orderBy: { createdAt: "asc" } });
    expect(opened.map((e) => [e.actorUserId, e.actorName, (e.metadata as { openedFrom?: string }).openedFrom])).toEqual([
      [actor.id, "Hero support", "203.0.113.9"],
      [admin.id, admin.name, "203.0.113.10"],
      // Someone of another practice is not named to this one (Hero's Audit log has the id).
      [outsider.id, "Someone with the share link", "203.0.113.11"],
      [null, "Someone with the share link", "198.51.100.7"],
    ]);
  });

  it("opens once even when opened twice at the same moment", async () => {
    const { actor, practice, keyId } = await shared();
    const token = tokenOf((await createKeyShare({ practiceGroupId: practice.id, keyId, actor, reason })).path);
    const results = await Promise.all(Array.from({ length: 5 }, () => openKeyShare(token)));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
  });

  it("is dead after 24 hours, for a key rotated since, and for a made-up token", async () => {
    const { actor, practice, partner, keyId } = await shared();
    const expired = tokenOf((await createKeyShare({ practiceGroupId: practice.id, keyId, actor, reason })).path);
    await prisma.keyShareLink.updateMany({ where: { apiKeyId: keyId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await openKeyShare(expired)).ok).toBe(false);

    const stale = tokenOf((await createKeyShare({ practiceGroupId: practice.id, keyId, actor, reason })).path);
    await rotatePartnerKey({ practiceGroupId: practice.id, partnerId: partner.id, actor, reason });
    expect(await openKeyShare(stale)).toMatchObject({ ok: false, error: expect.stringContaining("no longer works") });

    expect((await openKeyShare("A".repeat(43))).ok).toBe(false);
    expect((await openKeyShare("not a token")).ok).toBe(false);
  });

  it("shows no key of a suspended partner (Suspend is the switch for a compromised partner): a link made before is spent unshown, and none is made meanwhile", async () => {
    const { actor, practice, partner, keyId } = await shared();
    const token = tokenOf((await createKeyShare({ practiceGroupId: practice.id, keyId, actor, reason })).path);
    await setPartnerSuspended({ partnerId: partner.id, suspended: true, actor, reason });
    await expect(createKeyShare({ practiceGroupId: practice.id, keyId, actor, reason })).rejects.toThrow(`${partner.name} is suspended`);
    expect(await openKeyShare(token)).toEqual({ ok: false, error: expect.stringContaining(`${partner.name} is suspended`) });
    expect(await prisma.keyShareLink.findFirstOrThrow({ where: { apiKeyId: keyId } })).toMatchObject({ openedAt: expect.any(Date) });
    // Resumed, the key may be shared again.
    await setPartnerSuspended({ partnerId: partner.id, suspended: false, actor, reason });
    expect(await openKeyShare(tokenOf((await createKeyShare({ practiceGroupId: practice.id, keyId, actor, reason })).path))).toMatchObject({ ok: true });
  });

  it("dies with its maker's access: deactivated, no longer a super admin, a new password, or any of these since the link was made, even if undone", async () => {
    const changes: Record<string, (id: string) => Promise<unknown>> = {
      deactivated: (id) => prisma.user.update({ where: { id }, data: { active: false } }),
      "made practice staff": (id) => prisma.user.update({ where: { id }, data: { role: "STAFF" } }),
      "given a new password": (id) => prisma.user.update({ where: { id }, data: { passwordHash: "a new password's hash" } }),
      "deactivated and reactivated": async (id) => {
        await prisma.user.update({ where: { id }, data: { active: false } });
        await prisma.user.update({ where: { id }, data: { active: true } });
      },
    };
    for (const [change, apply] of Object.entries(changes)) {
      const { actor, practice, keyId } = await shared();
      const token = tokenOf((await createKeyShare({ practiceGroupId: practice.id, keyId, actor, reason })).path);
      await apply(actor.id!);
      expect(await openKeyShare(token), change).toEqual({ ok: false, error: expect.stringContaining("Ask Hero support for a new one") });
      expect(await prisma.keyShareLink.findFirstOrThrow({ where: { apiKeyId: keyId } }), change).toMatchObject({ openedAt: null });
    }
    // A change made before the link was: its maker is a super admin again, and signed in since.
    const { actor, practice, keyId } = await shared();
    await changes["deactivated and reactivated"](actor.id!);
    const token = tokenOf((await createKeyShare({ practiceGroupId: practice.id, keyId, actor, reason })).path);
    expect(await openKeyShare(token)).toMatchObject({ ok: true });
  });

  it("leaves the link unused when this server cannot decrypt the key (an earlier API_KEY_ENCRYPTION_KEY), and makes no new one: the key still works", async () => {
    const { actor, key, practice, keyId } = await shared();
    const token = tokenOf((await createKeyShare({ practiceGroupId: practice.id, keyId, actor, reason })).path);
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    vi.stubEnv("API_KEY_ENCRYPTION_KEY", Buffer.alloc(32, 7).toString("base64"));
    vi.resetModules();
    try {
      const fresh = await import("@/lib/key-shares");
      expect(await fresh.openKeyShare(token)).toEqual({ ok: false, error: expect.stringContaining("The link has not been used up") });
      // Nor is another link made for it: support is told to rotate first.
      await expect(fresh.createKeyShare({ practiceGroupId: practice.id, keyId, actor, reason })).rejects.toThrow(NOT_SHAREABLE.unreadable);
      expect(String(warn.mock.calls[0][0])).toContain("earlier API_KEY_ENCRYPTION_KEY");
      expect(JSON.stringify(warn.mock.calls)).not.toContain(key);
    } finally {
      vi.unstubAllEnvs();
      vi.resetModules();
      warn.mockRestore();
    }
    expect(await prisma.keyShareLink.findFirstOrThrow({ where: { apiKeyId: keyId }, select: { openedAt: true } })).toEqual({ openedAt: null });
    expect(await prisma.auditEvent.count({ where: { targetId: keyId, action: "api_key.share_opened" } })).toBe(0);
    // With the server's key back, the same link shows it.
    expect(await openKeyShare(token)).toMatchObject({ ok: true, key });
  });

  it("is not offered for an expired key, refused if asked, and a link made before the key expired does not show it", async () => {
    const { actor, practice, keyId } = await shared();
    const token = tokenOf((await createKeyShare({ practiceGroupId: practice.id, keyId, actor, reason })).path);
    await prisma.apiKey.update({ where: { id: keyId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await getSupportPractice(practice.id))!.connections[0].liveKey!.notShareable).toBe(NOT_SHAREABLE.expired);
    await expect(createKeyShare({ practiceGroupId: practice.id, keyId, actor, reason })).rejects.toThrow(NOT_SHAREABLE.expired);
    expect(await openKeyShare(token)).toMatchObject({ ok: false, error: expect.stringContaining("no longer works") });
  });

  it("waits for a rotation under way, then refuses: it never says a link was made for a key that was just replaced", async () => {
    const { actor, practice, keyId } = await shared();
    const rotation = await sqlPool().connect();
    try {
      // A rotation that has revoked the key and not yet committed.
      await rotation.query("BEGIN");
      await rotation.query(`UPDATE api_keys SET "revokedAt" = now() AT TIME ZONE 'UTC', "revokedReason" = 'rotated' WHERE id = $1`, [keyId]);
      const share = createKeyShare({ practiceGroupId: practice.id, keyId, actor, reason });
      const outcome = share.then(
        () => "shared",
        (error: Error) => error.message,
      );
      await waitForLockWaiter(await backendPid(rotation));
      await rotation.query("COMMIT");
      expect(await outcome).toBe("This key is no longer live: nothing to share");
    } finally {
      rotation.release();
    }
    expect(await prisma.keyShareLink.count({ where: { apiKeyId: keyId } })).toBe(0);
  });

  it("waits for a rotation from its start, before it reaches the key, and for a Suspend under way; then refuses", async () => {
    const { actor, practice, keyId } = await shared();
    const rotation = await sqlPool().connect();
    try {
      // Rotate API key holds the connection from its start (lib/connections.ts), and revokes the key later in its transaction.
      await rotation.query("BEGIN");
      await rotation.query(`SELECT 1 FROM partner_connections WHERE id = (SELECT "connectionId" FROM api_keys WHERE id = $1) FOR UPDATE`, [keyId]);
      const outcome = createKeyShare({ practiceGroupId: practice.id, keyId, actor, reason }).then(
        () => "shared",
        (error: Error) => error.message,
      );
      await waitForLockWaiter(await backendPid(rotation));
      await rotation.query(`UPDATE api_keys SET "revokedAt" = now() AT TIME ZONE 'UTC', "revokedReason" = 'rotated' WHERE id = $1`, [keyId]);
      await rotation.query("COMMIT");
      expect(await outcome).toBe("This key is no longer live: nothing to share");
    } finally {
      rotation.release();
    }
    const live = await partnerKey(undefined, practice);
    const liveId = (await getSupportPractice(practice.id))!.connections.find((row) => row.partner.id === live.partner.id)!.liveKey!.id;
    const suspending = whileUncommitted(`UPDATE partners SET "suspendedAt" = now() AT TIME ZONE 'UTC' WHERE id = $1`, [live.partner.id], () =>
      createKeyShare({ practiceGroupId: practice.id, keyId: liveId, actor, reason }),
    );
    expect(await suspending).toBe(`${live.partner.name} is suspended: rotate its key first if it may have leaked, then resume it and share the key`);
    expect(await prisma.keyShareLink.count({ where: { apiKeyId: { in: [keyId, liveId] } } })).toBe(0);
  });

  it("when opened, waits for a rotation from its start, before it reaches the key, then does not show the key it replaced", async () => {
    const { actor, practice, keyId } = await shared();
    const token = tokenOf((await createKeyShare({ practiceGroupId: practice.id, keyId, actor, reason })).path);
    const rotation = await sqlPool().connect();
    try {
      await rotation.query("BEGIN");
      await rotation.query(`SELECT 1 FROM partner_connections WHERE id = (SELECT "connectionId" FROM api_keys WHERE id = $1) FOR UPDATE`, [keyId]);
      const opened = openKeyShare(token);
      await waitForLockWaiter(await backendPid(rotation));
      await rotation.query(`UPDATE api_keys SET "revokedAt" = now() AT TIME ZONE 'UTC', "revokedReason" = 'rotated' WHERE id = $1`, [keyId]);
      await rotation.query("COMMIT");
      expect(await opened).toMatchObject({ ok: false, error: expect.stringContaining("no longer works") });
    } finally {
      rotation.release();
    }
  });

  it("waits for a rotation under way when opened, then does not show the key it replaced", async () => {
    const { actor, practice, keyId } = await shared();
    const token = tokenOf((await createKeyShare({ practiceGroupId: practice.id, keyId, actor, reason })).path);
    const rotation = await sqlPool().connect();
    try {
      await rotation.query("BEGIN");
      await rotation.query(`UPDATE api_keys SET "revokedAt" = now() AT TIME ZONE 'UTC', "revokedReason" = 'rotated' WHERE id = $1`, [keyId]);
      const opened = openKeyShare(token);
      await waitForLockWaiter(await backendPid(rotation));
      await rotation.query("COMMIT");
      expect(await opened).toMatchObject({ ok: false, error: expect.stringContaining("no longer works") });
    } finally {
      rotation.release();
    }
  });

  it('shares a key made by Generate API Key (seed 000: "securely share the key with you again"), the very key the practice was shown', async () => {
    const actor = await support();
    const practice = await createPracticeGroup();
    const admin = await createUser(practice.id);
    const partner = await createPartner();
    const { key } = await generatePracticeKey({ practiceGroupId: practice.id, partnerId: partner.id, actor: actorOf(admin) });
    const live = (await getSupportPractice(practice.id))!.connections[0].liveKey!;
    expect(live.notShareable).toBeNull();
    const token = tokenOf((await createKeyShare({ practiceGroupId: practice.id, keyId: live.id, actor, reason })).path);
    expect(await openKeyShare(token)).toMatchObject({ ok: true, key });
  });

  it("counts every earlier key of a connection, beyond the newest it lists", async () => {
    const actor = await support();
    const { practice, partner } = await partnerKey();
    for (let i = 0; i < 11; i++) await rotatePartnerKey({ practiceGroupId: practice.id, partnerId: partner.id, actor, reason });
    const [connection] = (await getSupportPractice(practice.id))!.connections;
    expect(connection.earlierKeys).toBe(11);
    expect(connection.history.length).toBeLessThan(11);
  });

  it("refuses a hash-only key (Generate API Key's before 7 December 2026) and another practice's key", async () => {
    const actor = await support();
    const practice = await createPracticeGroup();
    const admin = await createUser(practice.id);
    const partner = await createPartner();
    await generatePracticeKey({ practiceGroupId: practice.id, partnerId: partner.id, actor: actorOf(admin) });
    // As such a key was stored: no encrypted copy.
    await prisma.apiKey.updateMany({ where: { practiceGroupId: practice.id }, data: { encryptedKey: null, supportCopy: null } });
    const page = await getSupportPractice(practice.id);
    const live = page!.connections[0].liveKey!;
    expect(live.notShareable).toContain("stored as a hash only");
    await expect(createKeyShare({ practiceGroupId: practice.id, keyId: live.id, actor, reason })).rejects.toThrow("cannot be shared");
    const other = await createPracticeGroup(unique("other"));
    await expect(createKeyShare({ practiceGroupId: other.id, keyId: live.id, actor, reason })).rejects.toThrow("no longer live");
  });
});
