import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";

import { verifyApiKey } from "@/lib/api-keys";
import { prisma } from "@/lib/db";
import { databaseUrl } from "@/lib/env";
import { displayKey } from "@/lib/key-format";
import { REVOKE_REASONS } from "@/lib/key-status";
import { connectPartner } from "@/lib/partners";
import { createUserKey, deleteUserKey, listUserKeys, parseUserKeyListParams, updateUserKey, USER_KEYS_PAGE_SIZE, viewUserKey } from "@/lib/user-keys";
import { searchUsers } from "@/lib/users";

import { backendPid, waitForLockWaiter, whileUncommitted } from "./support/locks";
import { hookQueries } from "./support/query-hook";
import { actorOf, createPartner, createPracticeGroup, createUser, unique } from "./support/records";

afterAll(() => prisma.$disconnect());

async function setup() {
  const home = await createPracticeGroup("home");
  const admin = await createUser(home.id, "SUPER_ADMIN");
  const practice = await createPracticeGroup("owner");
  const owner = await createUser(practice.id, "STAFF");
  const actor = actorOf(admin);
  const created = await createUserKey({ name: unique("Zapier"), description: "Recalls", ownerUserId: owner.id, actor });
  return { admin, actor, practice, owner, created };
}

/** Deletes a key as another server would: its own connection, committed at once. */
async function deleteElsewhere(keyId: string) {
  const other = new pg.Client({ connectionString: databaseUrl() });
  await other.connect();
  await other.query(`UPDATE api_keys SET "revokedAt" = now() AT TIME ZONE 'UTC', "deletedAt" = now() AT TIME ZONE 'UTC' WHERE id = $1`, [keyId]);
  await other.end();
}

const auditOf = (keyId: string) => prisma.auditEvent.findMany({ where: { targetId: keyId }, orderBy: { createdAt: "asc" } });

describe("user keys", () => {
  it("creates a key that acts for its owner, with every scope, in the owner's practice group", async () => {
    const { practice, owner, created } = await setup();
    expect(created.username).toBe(owner.username);
    expect(await verifyApiKey(created.key)).toEqual({
      ok: true,
      key: expect.objectContaining({
        kind: "USER",
        practiceGroupId: practice.id,
        ownerUsername: owner.username,
        scopes: ["booking_links", "messaging", "booking"],
      }),
    });
    const [event] = await auditOf(created.keyId);
    expect(event).toMatchObject({ action: "user_key.created", practiceGroupId: practice.id, targetLabel: created.name });
  });

  it("a key made while its owner is being moved is made where the owner ends up, never left live for the practice they left", async () => {
    const { actor, owner } = await setup();
    const destination = await createPracticeGroup("destination");
    const move = new pg.Client({ connectionString: databaseUrl() });
    await move.connect();
    try {
      await move.query("BEGIN");
      await move.query(`UPDATE users SET "practiceGroupId" = $2 WHERE id = $1`, [owner.id, destination.id]);
      const creating = createUserKey({ name: unique("During a move"), description: "", ownerUserId: owner.id, actor });
      // The create waits on the owner's row, which the move holds (a fixed pause could end before it got there).
      await waitForLockWaiter(await backendPid(move));
      await move.query("COMMIT");
      const created = await creating;
      expect(await verifyApiKey(created.key)).toEqual({ ok: true, key: expect.objectContaining({ practiceGroupId: destination.id }) });
    } finally {
      await move.end();
    }
  });

  it("refuses an unknown or inactive owner, against the owner field", async () => {
    const { actor, practice } = await setup();
    const inactive = await createUser(practice.id, "STAFF");
    await prisma.user.update({ where: { id: inactive.id }, data: { active: false } });
    for (const ownerUserId of [inactive.id, crypto.randomUUID()]) {
      await expect(createUserKey({ name: "k", description: "", ownerUserId, actor })).rejects.toMatchObject({ field: "ownerUserId" });
    }
  });

  it("views the key with the owner's username and practice group and audits each view without the secret", async () => {
    const { actor, owner, created, practice } = await setup();
    const viewed = await viewUserKey({ keyId: created.keyId, actor });
    expect(viewed).toEqual({ name: created.name, username: owner.username, practiceGroupId: practice.id, key: created.key });
    expect(created.practiceGroupId).toBe(practice.id);
    await viewUserKey({ keyId: created.keyId, actor });
    const events = await auditOf(created.keyId);
    expect(events.map((event) => event.action)).toEqual(["user_key.created", "user_key.viewed", "user_key.viewed"]);
    expect(JSON.stringify(events)).not.toContain(created.key);
  });

  it("edits the name and description only; the key keeps working", async () => {
    const { actor, created } = await setup();
    const name = unique("Renamed");
    await updateUserKey({ keyId: created.keyId, name, description: "New purpose", actor });
    const row = await prisma.apiKey.findUniqueOrThrow({ where: { id: created.keyId } });
    expect(row).toMatchObject({ name, description: "New purpose", revokedAt: null });
    expect((await verifyApiKey(created.key)).ok).toBe(true);
    const events = await auditOf(created.keyId);
    expect(events.at(-1)).toMatchObject({
      action: "user_key.updated",
      targetLabel: name,
      // Who owns it and which key, as in the other user_key events (README: Audit log).
      metadata: { owner: created.username, key: displayKey(created.key), changed: ["name", "description"], previousName: created.name },
    });
    // Saved again with nothing changed: no second event.
    await updateUserKey({ keyId: created.keyId, name, description: "New purpose", actor });
    expect(await auditOf(created.keyId)).toHaveLength(events.length);
  });

  it("an Edit saved while another admin's is under way compares with that one: its change is recorded, never a silent revert", async () => {
    const { actor, created } = await setup();
    const outcome = await whileUncommitted(`UPDATE api_keys SET name = 'Renamed by a colleague' WHERE id = $1`, [created.keyId], () =>
      // This page was loaded before the colleague's rename: it saves the name it showed.
      updateUserKey({ keyId: created.keyId, name: created.name, description: "Recalls", actor }),
    );
    expect(outcome).toBe("done");
    const last = (await auditOf(created.keyId)).at(-1);
    expect(last).toMatchObject({ action: "user_key.updated", metadata: { changed: ["name"], previousName: "Renamed by a colleague" } });
  });

  // A connection's limit already refused this; a user key's Edit replaced the other super admin's limit with a "Saved".
  it("an Edit's new rate limit is refused when another super admin changed the limit since the dialog opened, and saves nothing", async () => {
    const { actor, created } = await setup();
    await updateUserKey({ keyId: created.keyId, name: created.name, description: "Recalls", rateLimit: 2000, shownRateLimit: null, actor });
    await expect(updateUserKey({ keyId: created.keyId, name: "Renamed", description: "Recalls", rateLimit: 600, shownRateLimit: null, actor })).rejects.toThrow(
      "This key's rate limit was changed by someone else since this page was loaded (it is now 2,000 a minute). Nothing was saved",
    );
    expect(await prisma.apiKey.findUniqueOrThrow({ where: { id: created.keyId } })).toMatchObject({ name: created.name, rateLimit: 2000 });
    await updateUserKey({ keyId: created.keyId, name: created.name, description: "Recalls", rateLimit: 600, shownRateLimit: 2000, actor });
    expect(await prisma.apiKey.findUniqueOrThrow({ where: { id: created.keyId } })).toMatchObject({ rateLimit: 600 });
  });

  // Both were told "Saved", and the first's description was gone, unrecorded.
  it("an Edit keeps another super admin's change since its dialog opened to a field it left, and refuses one to a field it changed", async () => {
    const { actor, created } = await setup();
    const opened = { shownName: created.name, shownDescription: "Recalls" };
    await updateUserKey({ keyId: created.keyId, name: created.name, description: "Recalls and reminders", ...opened, actor });
    // The other dialog renames the key, leaving the description it showed: the new description stays.
    await updateUserKey({ keyId: created.keyId, name: "Renamed", description: "Recalls", ...opened, actor });
    expect(await prisma.apiKey.findUniqueOrThrow({ where: { id: created.keyId } })).toMatchObject({ name: "Renamed", description: "Recalls and reminders" });
    // A third, opened before both, changes the description: refused, and nothing saved.
    await expect(updateUserKey({ keyId: created.keyId, name: created.name, description: "Mine", ...opened, actor })).rejects.toThrow(
      "This key's description was changed by someone else since this page was loaded. Nothing was saved",
    );
    expect(await prisma.apiKey.findUniqueOrThrow({ where: { id: created.keyId } })).toMatchObject({ name: "Renamed", description: "Recalls and reminders" });
    // The same change as the other's loses nothing: saved, with nothing to record.
    await updateUserKey({ keyId: created.keyId, name: created.name, description: "Recalls and reminders", ...opened, actor });
    expect((await auditOf(created.keyId)).map((event) => event.metadata)).toEqual([
      expect.anything(),
      expect.objectContaining({ changed: ["description"], previousDescription: "Recalls" }),
      expect.objectContaining({ changed: ["name"], previousName: created.name }),
    ]);
  });

  it("an Edit refuses a key deleted while it was saving, and changes nothing", async () => {
    const { actor, created } = await setup();
    let deleted = false;
    const unhook = hookQueries((text, run) => {
      if (deleted || !/^SELECT 1 FROM api_keys WHERE id = .* FOR UPDATE$/.test(text.trim())) return undefined;
      deleted = true;
      // A colleague's Delete commits as the Edit starts. (Held until the Edit's UPDATE, as before the
      // Edit locked the row first, the Delete waited on that lock: a deadlock of the test's own, ended
      // after 10 s by whichever of two timeouts came first.)
      return deleteElsewhere(created.keyId).then(run);
    });
    try {
      await expect(updateUserKey({ keyId: created.keyId, name: "Renamed", description: "", actor })).rejects.toThrow("This API key no longer exists.");
    } finally {
      unhook();
    }
    expect(deleted).toBe(true);
    expect(await prisma.apiKey.findUniqueOrThrow({ where: { id: created.keyId } })).toMatchObject({ name: created.name });
    expect((await auditOf(created.keyId)).map((event) => event.action)).toEqual(["user_key.created"]);
  });

  it("deletes: the key stops verifying at once, its ciphertext is wiped, and it leaves the list", async () => {
    const { actor, created } = await setup();
    await deleteUserKey({ keyId: created.keyId, actor });
    expect(await verifyApiKey(created.key)).toEqual({ ok: false, reason: "revoked" });
    const row = await prisma.apiKey.findUniqueOrThrow({ where: { id: created.keyId }, omit: { encryptedKey: false } });
    expect(row).toMatchObject({ encryptedKey: null, revokedReason: "deleted" });
    expect(row.deletedAt).not.toBeNull();
    expect((await listUserKeys({ query: created.name })).total).toBe(0);
    await expect(viewUserKey({ keyId: created.keyId, actor })).rejects.toThrow("no longer exists");
    await expect(deleteUserKey({ keyId: created.keyId, actor })).rejects.toThrow("no longer exists");
    expect((await auditOf(created.keyId)).map((event) => event.action)).toEqual(["user_key.created", "user_key.deleted"]);
  });

  it("View waits for a Delete under way, then says the key no longer exists and records no view", async () => {
    const { actor, created } = await setup();
    const outcome = await whileUncommitted(
      `UPDATE api_keys SET "revokedAt" = now() AT TIME ZONE 'UTC', "revokedReason" = 'deleted', "deletedAt" = now() AT TIME ZONE 'UTC', "encryptedKey" = NULL WHERE id = $1`,
      [created.keyId],
      () => viewUserKey({ keyId: created.keyId, actor }),
    );
    expect(outcome).toBe("This API key no longer exists.");
    expect((await auditOf(created.keyId)).map((event) => event.action)).toEqual(["user_key.created"]);
  });

  it("a Delete arriving as a View records itself waits for it: the key shown was live until the view was recorded, and recorded before the Delete", async () => {
    const { admin, actor, created } = await setup();
    let deleting: Promise<unknown> | undefined;
    let liveAsRecorded: boolean | undefined;
    const unhook = hookQueries((text, run) => {
      if (deleting || !text.includes('INSERT INTO "public"."audit_events"')) return undefined;
      // A colleague's Delete, as the View writes its event: it waits for the View's row lock (before, it committed at once).
      deleting = deleteUserKey({ keyId: created.keyId, actor: actorOf(admin) });
      return Promise.race([deleting, waitForLockWaiter().catch(() => {})]).then(async () => {
        liveAsRecorded = (await prisma.apiKey.findUniqueOrThrow({ where: { id: created.keyId }, select: { revokedAt: true } })).revokedAt === null;
        return run();
      });
    });
    let viewed: Awaited<ReturnType<typeof viewUserKey>>;
    try {
      viewed = await viewUserKey({ keyId: created.keyId, actor });
    } finally {
      unhook();
    }
    expect(deleting).toBeDefined();
    await deleting;
    expect(viewed.key).toBe(created.key);
    expect(liveAsRecorded).toBe(true);
    expect((await auditOf(created.keyId)).map((event) => event.action)).toEqual(["user_key.created", "user_key.viewed", "user_key.deleted"]);
  });

  it("a Delete racing an Edit names the key as it was deleted, with the Edit's new name", async () => {
    const { actor, created } = await setup();
    const outcome = await whileUncommitted(`UPDATE api_keys SET name = 'Renamed by a colleague' WHERE id = $1`, [created.keyId], () =>
      deleteUserKey({ keyId: created.keyId, actor }),
    );
    expect(outcome).toBe("done");
    expect((await auditOf(created.keyId)).at(-1)).toMatchObject({ action: "user_key.deleted", targetLabel: "Renamed by a colleague" });
  });

  it("deactivating the owner revokes the key for good, recorded at the practice; reactivating them does not bring it back", async () => {
    const { owner, created, practice } = await setup();
    await prisma.user.update({ where: { id: owner.id }, data: { active: false } });
    expect(await verifyApiKey(created.key)).toEqual({ ok: false, reason: "revoked" });
    expect((await listUserKeys({ query: created.name })).keys).toEqual([]);
    expect(await prisma.apiKey.findUniqueOrThrow({ where: { id: created.keyId }, select: { revokedReason: true, encryptedKey: true } })).toMatchObject({
      revokedReason: "owner_deactivated",
      encryptedKey: null,
    });
    expect((await auditOf(created.keyId)).at(-1)).toMatchObject({
      action: "user_key.revoked",
      actorName: "Hero",
      practiceGroupId: practice.id,
      metadata: expect.objectContaining({ reason: REVOKE_REASONS.owner_deactivated }),
    });
    await prisma.user.update({ where: { id: owner.id }, data: { active: true } });
    expect(await verifyApiKey(created.key)).toEqual({ ok: false, reason: "revoked" });
  });

  it("does not touch partner keys", async () => {
    const { actor, practice } = await setup();
    const partner = await createPartner();
    await connectPartner({ practiceGroupId: practice.id, partnerId: partner.id, actor, options: { name: "partner" } });
    const partnerKey = await prisma.apiKey.findFirstOrThrow({ where: { partnerId: partner.id } });
    for (const action of [() => viewUserKey({ keyId: partnerKey.id, actor }), () => deleteUserKey({ keyId: partnerKey.id, actor })]) {
      await expect(action()).rejects.toThrow("no longer exists");
    }
    expect((await listUserKeys({ query: "partner" })).keys.map((key) => key.id)).not.toContain(partnerKey.id);
  });
});

describe("listing user keys", () => {
  it("searches key name, description and the owner's name, username and email, and pages the results", async () => {
    const { actor, owner } = await setup();
    const tag = unique("paging");
    const count = USER_KEYS_PAGE_SIZE + 5;
    for (let i = 0; i < count; i++) {
      await createUserKey({ name: `${tag} ${String(i).padStart(2, "0")}`, description: "", ownerUserId: owner.id, actor });
    }
    const first = await listUserKeys({ query: tag, page: 1 });
    const second = await listUserKeys({ query: tag.toUpperCase(), page: 2 });
    expect(first).toMatchObject({ total: count, page: 1, pageCount: 2 });
    expect(first.keys).toHaveLength(USER_KEYS_PAGE_SIZE);
    expect(second.keys).toHaveLength(5);
    // Newest first, and no key on both pages.
    expect(first.keys[0].name).toBe(`${tag} ${String(count - 1).padStart(2, "0")}`);
    const ids = [...first.keys, ...second.keys].map((key) => key.id);
    expect(new Set(ids).size).toBe(count);
    // A page past the end shows the last page.
    expect((await listUserKeys({ query: tag, page: 99 })).page).toBe(2);

    for (const query of [owner.username, owner.email, owner.name.toUpperCase()]) {
      expect((await listUserKeys({ query })).total).toBeGreaterThanOrEqual(count);
    }
    const description = unique("described");
    await createUserKey({ name: "plain", description, ownerUserId: owner.id, actor });
    expect((await listUserKeys({ query: description })).total).toBe(1);
  });

  it("counts and pages in one snapshot: a Delete committing between the two leaves no page empty under its count", async () => {
    const { actor, owner } = await setup();
    const label = unique("snapshot");
    let newest = "";
    for (let i = 0; i <= USER_KEYS_PAGE_SIZE; i++)
      newest = (await createUserKey({ name: `${label} ${i}`, description: "", ownerUserId: owner.id, actor })).keyId;
    let deleted = false;
    const unhook = hookQueries((text, run) => {
      if (deleted || !text.includes("LIMIT") || !text.includes("ORDER BY k.")) return undefined;
      deleted = true;
      // Deleting the newest key (page 1) moves the 21st onto page 1.
      return deleteElsewhere(newest).then(run);
    });
    try {
      const second = await listUserKeys({ query: label, page: 2 });
      expect(deleted).toBe(true);
      expect([second.total, second.page, second.keys.length]).toEqual([USER_KEYS_PAGE_SIZE + 1, 2, 1]);
    } finally {
      unhook();
    }
  });

  it("treats % and _ in a search as plain characters", async () => {
    expect((await listUserKeys({ query: "%" })).total).toBe(0);
    expect((await listUserKeys({ query: "_" })).total).toBe(0);
  });

  it("reads ?q=, ?practice= and ?page= defensively", () => {
    expect(parseUserKeyListParams({})).toEqual({ q: "", practice: "", page: 1 });
    expect(parseUserKeyListParams({ q: "  zap ", page: "3" })).toEqual({ q: "zap", practice: "", page: 3 });
    expect(parseUserKeyListParams({ q: ["a", "b"], page: "-2" })).toEqual({ q: "a", practice: "", page: 1 });
    expect(parseUserKeyListParams({ page: "abc", practice: "RIV\u0000" })).toEqual({ q: "", practice: "", page: 1 });
  });

  it("filters by the owner's practice", async () => {
    const { practice, created } = await setup();
    expect((await listUserKeys({ practice: practice.code })).keys.map((k) => k.id)).toEqual([created.keyId]);
    // As support hears it on the phone, in any case.
    expect((await listUserKeys({ practice: practice.code.toLowerCase() })).keys.map((k) => k.id)).toEqual([created.keyId]);
    expect((await listUserKeys({ practice: "NO-SUCH-CODE" })).total).toBe(0);
    const other = await createPracticeGroup();
    expect((await listUserKeys({ practice: other.code })).total).toBe(0);
  });
});

describe("searching users", () => {
  it("finds active users of every practice by name, email or username", async () => {
    const first = await createUser((await createPracticeGroup()).id, "STAFF");
    const second = await createUser((await createPracticeGroup()).id, "PRACTICE_ADMIN");
    for (const user of [first, second]) {
      for (const query of [user.name, user.email.toUpperCase(), user.username.slice(3)]) {
        expect((await searchUsers(query)).map((found) => found.id)).toContain(user.id);
      }
    }
    const [found] = await searchUsers(first.email);
    expect(found).toEqual({ id: first.id, name: first.name, username: first.username, email: first.email, practiceGroupName: expect.any(String) });
    expect(JSON.stringify(found)).not.toContain("passwordHash");
  });

  it("leaves out inactive users, ignores blank queries and caps the results", async () => {
    const practice = await createPracticeGroup();
    const inactive = await createUser(practice.id, "STAFF");
    await prisma.user.update({ where: { id: inactive.id }, data: { active: false } });
    expect(await searchUsers(inactive.username)).toEqual([]);
    expect(await searchUsers("   ")).toEqual([]);
    expect(await searchUsers("%")).toEqual([]);
    // Four active users share this practice's name: the cap leaves one out.
    const named = await Promise.all([0, 1, 2, 3].map(() => createUser(practice.id, "STAFF")));
    const marker = unique("capped");
    await prisma.user.updateMany({ where: { id: { in: named.map(({ id }) => id) } }, data: { name: marker } });
    expect(await searchUsers(marker)).toHaveLength(4);
    expect(await searchUsers(marker, 3)).toHaveLength(3);
  });
});
