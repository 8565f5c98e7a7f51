// Settings > Super admin > Audit log: every practice's events, filtered, and a CSV a spreadsheet
// cannot be tricked into running.
import { readFileSync } from "node:fs";

import { afterAll, describe, expect, it } from "vitest";

import { auditDetail, fillAuditPartners, recordAudit } from "@/lib/audit";
import { ACTOR_MATCH_MAX, auditLogCsv, exportAuditLog, listAuditLog, parseAuditLogParams } from "@/lib/audit-log";
import { prisma, sqlPool } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { createKeyShare, openKeyShare } from "@/lib/key-shares";
import { connectPartner, disconnectPartner } from "@/lib/partners";
import { generatePracticeKey, revokePracticeKey } from "@/lib/practice-keys";
import { changeUser } from "@/lib/provisioning";
import { supportActor } from "@/lib/support";
import { createUserKey, updateUserKey, viewUserKey } from "@/lib/user-keys";

import { partnerKey, userKey } from "./api/helpers";
import { actorOf, createPartner, createPracticeGroup, createUser, unique } from "./support/records";

afterAll(() => prisma.$disconnect());

/** `count` users named `name n`, in `practiceGroupId`; with `acted`, each with one event (actorName "Someone", so only the person matches). */
async function insertUsers(name: string, practiceGroupId: string, count: number, acted: boolean) {
  const { rows } = await sqlPool().query<{ id: string }>(
    `INSERT INTO users (id, name, email, username, "passwordHash", "practiceGroupId", "updatedAt")
     SELECT gen_random_uuid(), $1 || ' ' || n, $1 || '-' || n || '@example.test', $1 || '-' || n, 'x', $2, now() FROM generate_series(1, $3::int) n
     RETURNING id`,
    [name, practiceGroupId, count],
  );
  if (acted)
    await sqlPool().query(
      `INSERT INTO audit_events (id, "actorUserId", "actorName", action, "targetType") SELECT gen_random_uuid(), id, 'Someone', 'user.created', 'user' FROM unnest($1::uuid[]) id`,
      [rows.map((row) => row.id)],
    );
}

describe("the global audit log", () => {
  it("the actor filter finds everyone matching it who has acted, however many never did, and says when more than ACTOR_MATCH_MAX match", async () => {
    const practice = await createPracticeGroup();
    const name = unique("actor");
    // More people match than the filter takes, and the one who acted came last.
    await insertUsers(name, practice.id, ACTOR_MATCH_MAX + 1, false);
    await insertUsers(`${name} acted`, practice.id, 1, true);
    expect(await listAuditLog(parseAuditLogParams({ actor: name }))).toMatchObject({ total: 1, actorsCut: false });

    await insertUsers(`${name} many`, practice.id, ACTOR_MATCH_MAX, true);
    expect(await listAuditLog(parseAuditLogParams({ actor: name }))).toMatchObject({ total: ACTOR_MATCH_MAX, actorsCut: true });
    // Filtered by a practice too, the people kept are those who acted there (this one sorts after the 1,000 above).
    const elsewhere = await createPracticeGroup();
    await insertUsers(`${name} zz elsewhere`, elsewhere.id, 1, true);
    await sqlPool().query(
      `UPDATE audit_events SET "practiceGroupId" = $1 WHERE "actorName" = 'Someone' AND "actorUserId" IN (SELECT id FROM users WHERE name LIKE $2)`,
      [elsewhere.id, `${name} zz elsewhere%`],
    );
    expect(await listAuditLog(parseAuditLogParams({ actor: name, practice: elsewhere.code }))).toMatchObject({ total: 1, actorsCut: false });
  });

  it("filters by practice, partner, actor and action, and shows Hero support with the person and the reason", async () => {
    const hero = await createPracticeGroup("hero");
    const support = await createUser(hero.id, "SUPER_ADMIN");
    const practice = await createPracticeGroup();
    const { partner } = await partnerKey(undefined, practice);
    await disconnectPartner({ practiceGroupId: practice.id, partnerId: partner.id, actor: supportActor(support), reason: "=HYPERLINK(ticket 9)" });

    const byPractice = await listAuditLog(parseAuditLogParams({ practice: practice.code }));
    expect(byPractice.rows.map((row) => row.action)).toEqual(["Disconnected", "Connected"]);
    // The code as support hears it on the phone, in any case.
    expect((await listAuditLog(parseAuditLogParams({ practice: practice.code.toLowerCase() }))).rows).toEqual(byPractice.rows);
    const bySupport = await listAuditLog(parseAuditLogParams({ actor: support.email, partner: partner.id, action: "partner.disconnected" }));
    expect(bySupport.rows).toEqual([
      expect.objectContaining({
        practice: practice.name,
        actor: "Hero support",
        actorUser: `${support.name} <${support.email}>`,
        reason: "=HYPERLINK(ticket 9)",
      }),
    ]);
    const nothing = await listAuditLog(parseAuditLogParams({ practice: practice.code, from: "2099-01-01" }));
    expect(nothing.total).toBe(0);
    // A page past the last shows the last; a typed % or _ is a character, not a wildcard.
    expect(await listAuditLog(parseAuditLogParams({ practice: practice.code, page: "99" }))).toMatchObject({ page: 1, pageCount: 1, rows: byPractice.rows });
    for (const actor of ["_", "%"]) expect((await listAuditLog(parseAuditLogParams({ practice: practice.code, actor }))).total).toBe(0);

    const csv = auditLogCsv(bySupport.rows);
    expect(csv.split("\r\n")[0]).toBe('\uFEFF"Time (UTC)","Practice","Actor","Actor user","Action","Target","Details","Reason"');
    expect(csv).toContain(`"'=HYPERLINK(ticket 9)"`);
  });

  // Two keys of one name for two users read alike: "Viewed user API key · Zapier", whose credentials were shown unsaid.
  it("says in Details whose key, which key and what changed from what, on the page and in the CSV", async () => {
    const hero = await createPracticeGroup("hero");
    const support = supportActor(await createUser(hero.id, "SUPER_ADMIN"));
    const practice = await createPracticeGroup();
    const [first, second] = [await createUser(practice.id, "STAFF"), await createUser(practice.id, "STAFF")];
    const name = unique("Zapier");
    const keys = [
      await createUserKey({ name, description: "", ownerUserId: first.id, actor: support }),
      await createUserKey({ name, description: "", ownerUserId: second.id, actor: support }),
    ];
    await viewUserKey({ keyId: keys[1].keyId, actor: support });
    await updateUserKey({ keyId: keys[1].keyId, name: `${name} (old)`, description: "", rateLimit: 5000, actor: support });
    await changeUser({ email: first.email, role: "SUPER_ADMIN" });

    const { rows } = await listAuditLog(parseAuditLogParams({ practice: practice.code }));
    const detailOf = (action: string) => rows.filter((row) => row.action === action).map((row) => row.detail);
    const masked = (key: string) => `${key.slice(0, 10)}…${key.slice(-4)}`;
    expect(detailOf("Viewed user API key")).toEqual([`user ${second.username}, key ${masked(keys[1].key)}`]);
    expect(detailOf("Edited user API key")).toEqual([`user ${second.username}, key ${masked(keys[1].key)}, renamed from ${name}, rate limit 300 → 5,000`]);
    expect(detailOf("Changed user")).toEqual(["role SUPER_ADMIN"]);
    expect(auditLogCsv(rows)).toContain(`"user ${second.username}, key ${masked(keys[1].key)}"`);

    // A move typed in lower case names the practice's code as it is.
    const elsewhere = await createPracticeGroup();
    await changeUser({ email: second.email, practice: elsewhere.code.toLowerCase() });
    const moved = await listAuditLog(parseAuditLogParams({ practice: elsewhere.code, action: "user.changed" }));
    expect(moved.rows.map((row) => row.detail)).toEqual([`practice ${elsewhere.code}`]);
  });

  it("Details reads each event's own fields: scopes and limits from what, a share link's end, an export's filters", () => {
    const detail = (action: string, metadata: Record<string, unknown>, targetLabel: string | null = null) =>
      auditDetail({ action, metadata: metadata as Prisma.JsonObject, targetLabel });
    expect(
      detail("partner.updated", { previousScopes: ["booking"], scopes: ["booking", "messaging"], previousName: "CareText", reason: "Ticket 1" }, "CareText"),
    ).toBe("scopes booking → booking, messaging");
    expect(detail("partner.updated", { previousScopes: ["booking"], scopes: ["booking"], previousName: "Care Text" }, "CareText")).toBe(
      "renamed from Care Text",
    );
    expect(detail("partner.rate_limit_changed", { from: 300, to: 1200, reason: "Ticket 2" })).toBe("rate limit 300 → 1,200");
    expect(
      detail(
        "partner.updated",
        { previousScopes: ["booking"], scopes: ["booking"], previousName: "CareText", previousSlug: "care-text", slug: "caretext", changed: ["description"] },
        "CareText",
      ),
    ).toBe("address /apps/care-text → /apps/caretext, new description");
    expect(detail("api_key.share_created", { linkId: "x", expiresAt: "2026-12-08T15:00:00.000Z" })).toBe("until 8 Dec 2026, 15:00 GMT");
    expect(detail("api_key.share_opened", { linkId: "x", shown: false, openedFrom: "203.0.113.9" })).toBe("the key was not shown (it could not be decrypted)");
    expect(detail("audit_log.exported", { practice: "A81001", action: "user_key.viewed", from: "2026-12-01", events: 3 })).toBe(
      "practice A81001, action Viewed user API key, from 2026-12-01, 3 events",
    );
    expect(detail("api_key.report_viewed", { from: "2026-12-01", to: "2026-12-07", requests: 2, format: "csv" })).toBe(
      "2026-12-01 to 2026-12-07, 2 requests, as CSV",
    );
  });

  it("says where a share link was opened from, beside who opened it", async () => {
    const hero = await createPracticeGroup("hero");
    const support = await createUser(hero.id, "SUPER_ADMIN");
    const { practice, partner } = await partnerKey();
    const key = await prisma.apiKey.findFirstOrThrow({ where: { partnerId: partner.id, revokedAt: null }, select: { id: true } });
    const { path } = await createKeyShare({ practiceGroupId: practice.id, keyId: key.id, actor: supportActor(support), reason: "Ticket 77" });
    await openKeyShare(path.split("#")[1], { address: "203.0.113.44" });
    const opened = await listAuditLog(parseAuditLogParams({ practice: practice.code, action: "api_key.share_opened" }));
    expect(opened.rows).toEqual([expect.objectContaining({ actor: "Someone with the share link", actorUser: "from 203.0.113.44" })]);
    expect(auditLogCsv(opened.rows)).toContain('"from 203.0.113.44"');
  });

  it("filters by partner: its key events too, by id, after a rename and not another partner's of the same name", async () => {
    const { practice, admin, partner } = await partnerKey();
    const actor = actorOf(admin);
    const liveKey = () => prisma.apiKey.findFirstOrThrow({ where: { partnerId: partner.id, revokedAt: null }, select: { id: true } });
    const connectKey = await liveKey();
    const { path } = await createKeyShare({ practiceGroupId: practice.id, keyId: connectKey.id, actor, reason: "Lost it" });
    await openKeyShare(path.split("#")[1]);
    await generatePracticeKey({ practiceGroupId: practice.id, partnerId: partner.id, actor });
    const generated = await liveKey();
    await recordAudit(prisma, {
      actor: supportActor(admin),
      action: "api_key.report_viewed",
      practiceGroupId: practice.id,
      target: { type: "api_key", id: generated.id, label: "report" },
    });
    await revokePracticeKey({ practiceGroupId: practice.id, keyId: generated.id, actor });
    // Renamed, and another partner now goes by its old name and generates a key of its own.
    await prisma.partner.update({ where: { id: partner.id }, data: { name: unique("renamed") } });
    const namesake = await prisma.partner.update({ where: { id: (await createPartner()).id }, data: { name: partner.name } });
    await connectPartner({ practiceGroupId: practice.id, partnerId: namesake.id, actor });
    await generatePracticeKey({ practiceGroupId: practice.id, partnerId: namesake.id, actor });

    // Sorted: events of one transaction can share a timestamp.
    const actions = async (partnerId: string) => (await listAuditLog(parseAuditLogParams({ partner: partnerId }))).rows.map((row) => row.action).sort();
    expect({ partner: await actions(partner.id), namesake: await actions(namesake.id) }).toEqual({
      partner: [
        "Connected",
        "Created a share link for API key",
        "API key share link opened",
        "Rotated API key",
        "Generated API key",
        "Viewed key report",
        "Revoked API key",
        "Disconnected",
      ].sort(),
      namesake: ["Connected", "Generated API key", "Rotated API key"],
    });
  });

  it("filters by partner with more of its keys than PostgreSQL takes bind parameters (40,000)", async () => {
    const { practice, admin, partner } = await partnerKey();
    const { id: connectionId } = await prisma.partnerConnection.findUniqueOrThrow({
      where: { practiceGroupId_partnerId: { practiceGroupId: practice.id, partnerId: partner.id } },
    });
    // Years of rotations across practices, as revoked keys of one connection (in five statements,
    // each well inside the database timeout on a busy machine).
    for (let from = 0; from < 40_000; from += 8_000) {
      await prisma.$executeRaw`
        INSERT INTO api_keys (id, kind, environment, "practiceGroupId", "partnerId", "connectionId", name, scopes, "keyHash", "displayKey", "revokedAt")
        SELECT gen_random_uuid(), 'PARTNER', 'test', ${practice.id}::uuid, ${partner.id}::uuid, ${connectionId}::uuid, '', '{}', md5(${partner.id} || i) || md5(i::text), 'hero_test_…', now()
        FROM generate_series(${from + 1}::int, ${from + 8_000}::int) AS i`;
    }
    await disconnectPartner({ practiceGroupId: practice.id, partnerId: partner.id, actor: actorOf(admin) });
    const revoked = await prisma.apiKey.findFirstOrThrow({ where: { partnerId: partner.id, name: "" }, select: { id: true } });
    await recordAudit(prisma, {
      actor: supportActor(admin),
      action: "api_key.report_viewed",
      practiceGroupId: practice.id,
      target: { type: "api_key", id: revoked.id, label: "report" },
    });
    const { rows } = await listAuditLog(parseAuditLogParams({ partner: partner.id }));
    expect(rows.map((row) => row.action).sort()).toEqual(["Connected", "Disconnected", "Viewed key report"]);
  });

  it("names the partner of events an instance of the previous release wrote without it (the daily prune)", async () => {
    const { practice, partner } = await partnerKey();
    const key = await prisma.apiKey.findFirstOrThrow({ where: { partnerId: partner.id }, select: { id: true } });
    const { owner } = await userKey(practice.id);
    const ownersKey = await prisma.apiKey.findFirstOrThrow({ where: { ownerUserId: owner.id }, select: { id: true } });
    const written = { practiceGroupId: practice.id, actorName: "Hero", action: "api_key.revoked", targetLabel: "written" };
    const targets = [
      ["api_key", key.id, partner.id],
      ["partner", partner.id, partner.id],
      ["practice_group", practice.id, null],
      ["partner", "not-a-uuid", null],
      ["api_key", ownersKey.id, null],
    ] as const;
    const ids = [];
    for (const [targetType, targetId] of targets) ids.push((await prisma.auditEvent.create({ data: { ...written, targetType, targetId } })).id);
    expect(await fillAuditPartners()).toBeGreaterThanOrEqual(2);
    const events = await prisma.auditEvent.findMany({ where: { id: { in: ids } } });
    expect(ids.map((id) => events.find((event) => event.id === id)!.partnerId)).toEqual(targets.map(([, , expected]) => expected));
  });

  it("names the partner of events recorded before the column existed (the migration's backfill)", async () => {
    const { practice, partner } = await partnerKey();
    const key = await prisma.apiKey.findFirstOrThrow({ where: { partnerId: partner.id }, select: { id: true } });
    const old = { practiceGroupId: practice.id, actorName: "Hero", action: "api_key.revoked", targetLabel: "old" };
    await prisma.auditEvent.createMany({
      data: [
        { ...old, targetType: "api_key", targetId: key.id },
        { ...old, targetType: "partner", targetId: partner.id },
        { ...old, targetType: "practice_group", targetId: practice.id },
      ],
    });
    const migration = readFileSync("prisma/migrations/20261204210000_audit_events_partner/migration.sql", "utf8");
    for (const statement of migration.split(";").filter((sql) => /^UPDATE/m.test(sql))) await prisma.$executeRawUnsafe(statement);
    const events = await prisma.auditEvent.findMany({ where: { practiceGroupId: practice.id, targetLabel: "old" }, orderBy: { targetType: "asc" } });
    expect(events.map((event) => [event.targetType, event.partnerId])).toEqual([
      ["api_key", partner.id],
      ["partner", partner.id],
      ["practice_group", null],
    ]);
  });

  it("filters by UK day, on both clock-change days", async () => {
    const practice = await createPracticeGroup();
    const instants = [
      "2026-03-28T23:30:00.000Z", // 23:30 GMT, 28 March
      "2026-03-29T00:30:00.000Z", // 00:30 GMT, 29 March (23 hours long)
      "2026-03-29T22:59:00.000Z", // 23:59 BST, 29 March
      "2026-03-29T23:00:00.000Z", // 00:00 BST, 30 March
      "2026-10-24T22:59:00.000Z", // 23:59 BST, 24 October
      "2026-10-24T23:30:00.000Z", // 00:30 BST, 25 October (25 hours long)
      "2026-10-25T23:59:00.000Z", // 23:59 GMT, 25 October
      "2026-10-26T00:00:00.000Z", // 00:00 GMT, 26 October
    ];
    await prisma.auditEvent.createMany({
      data: instants.map((at) => ({
        practiceGroupId: practice.id,
        actorName: "Hero",
        action: "practice.details_updated",
        targetType: "practice_group",
        targetId: practice.id,
        targetLabel: at,
        createdAt: new Date(at),
      })),
    });
    const on = async (day: string) => (await listAuditLog(parseAuditLogParams({ practice: practice.code, from: day, to: day }))).rows.map((row) => row.target);
    expect({ march: await on("2026-03-29"), october: await on("2026-10-25") }).toEqual({
      march: ["2026-03-29T22:59:00.000Z", "2026-03-29T00:30:00.000Z"],
      october: ["2026-10-25T23:59:00.000Z", "2026-10-24T23:30:00.000Z"],
    });
  });

  it("ignores a day PostgreSQL cannot hold instead of failing", async () => {
    const practice = await createPracticeGroup();
    // An event of today: listed whether each day is ignored or read, never lost to a broken bound.
    await prisma.auditEvent.create({
      data: { practiceGroupId: practice.id, actorName: "Test", action: "practice.details_updated", targetType: "practice_group", targetLabel: "today" },
    });
    const filters = parseAuditLogParams({ practice: practice.code, from: "0000-01-01", to: "9999-12-31" });
    expect((await listAuditLog(filters)).rows.map((row) => row.target)).toEqual(["today"]);
  });

  it("Export CSV is itself an event, with its filters, and a file cut short says so", async () => {
    const hero = await createPracticeGroup("hero");
    const support = await createUser(hero.id, "SUPER_ADMIN");
    const { practice, admin, partner } = await partnerKey();
    await revokePracticeKey({
      practiceGroupId: practice.id,
      keyId: (await prisma.apiKey.findFirstOrThrow({ where: { partnerId: partner.id } })).id,
      actor: actorOf(admin),
    });
    const filters = parseAuditLogParams({ practice: practice.code, action: "api_key.revoked" });

    const csv = await exportAuditLog(support, filters);
    expect(csv.trim().split("\r\n")).toHaveLength(2);
    const exported = await prisma.auditEvent.findMany({ where: { action: "audit_log.exported", actorUserId: support.id } });
    expect(exported).toEqual([
      expect.objectContaining({ actorName: "Hero support", practiceGroupId: null, targetType: "audit_log", targetLabel: "Audit log" }),
    ]);
    expect(exported[0].metadata).toEqual({ practice: practice.code, action: "api_key.revoked", events: 1 });

    const { rows } = await listAuditLog(filters);
    expect(auditLogCsv(rows, 50_001).trim().split("\r\n").at(-1)).toBe('"Only the newest 1 of 50,001 events: narrow the dates (From, To) to export the rest."');
    expect(auditLogCsv(rows)).not.toContain("Only the newest");
    // An actor filter matching more people than it takes says so in the file as on the page.
    expect(auditLogCsv(rows, rows.length, true).trim().split("\r\n").at(-1)).toMatch(/^"More than 1,000 people match the actor filter/);
  });

  it("reads odd parameters as no filter", async () => {
    expect(
      parseAuditLogParams({ practice: "a\u0000b", partner: "not-a-uuid", action: "drop table", from: "yesterday", page: "-3", until: "2026-13-01" }),
    ).toEqual({
      practice: "",
      partner: "",
      actor: "",
      action: "",
      from: "",
      to: "",
      page: 1,
      until: "",
    });
    // A moment PostgreSQL cannot hold is no moment: the pages show events up to now.
    const yearZero = parseAuditLogParams({ until: "0000-01-01T00:00:00Z" });
    expect(yearZero.until).toBe("");
    await expect(listAuditLog(yearZero, 1)).resolves.toMatchObject({ page: 1 });
  });

  it("keeps its pages where they were while events are recorded, and says newer ones came", async () => {
    const practice = await createPracticeGroup();
    const record = (label: string, n: number) =>
      sqlPool().query(
        `INSERT INTO audit_events (id, "practiceGroupId", "actorName", action, "targetType", "targetLabel", "createdAt")
         SELECT gen_random_uuid(), $1, 'Someone', 'user.created', 'user', $3 || ' ' || n, now() - interval '1 second' + n * interval '1 millisecond' FROM generate_series(1, $2::int) n`,
        [practice.id, n, label],
      );
    await record("event", 3);
    const first = await listAuditLog(parseAuditLogParams({ practice: practice.code }), 2);
    expect(first).toMatchObject({ total: 3, pageCount: 2, newer: false });
    // Two events recorded after the first page showed: its second page is still the third event, not one the first page showed.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await record("newer", 2);
    const second = await listAuditLog(parseAuditLogParams({ practice: practice.code, page: "2", until: first.until }), 2);
    expect(second).toMatchObject({ total: 3, pageCount: 2, newer: true });
    expect(second.rows.map((row) => row.target)).toEqual(["event 1"]);
    expect(first.rows.map((row) => row.target)).toEqual(["event 3", "event 2"]);
    expect((await listAuditLog(parseAuditLogParams({ practice: practice.code }), 2)).total).toBe(5);
  });
});
