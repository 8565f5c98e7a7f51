// Hero support's changes apply to the API on the very next request: suspending a partner, changing
// the scopes it may be granted or one connection's scopes, and network membership.
import { afterAll, describe, expect, it } from "vitest";

import { POST as exchange } from "@/app/api/v1/access_token/route";
import { GET as listBookingLinks } from "@/app/api/v1/booking-links/route";
import { GET as listMessages } from "@/app/api/v1/messages/route";
import { GET as getPracticeGroups } from "@/app/api/v1/practice-groups/route";
import { ActionError } from "@/lib/action-error";
import { auditDetail, listAuditEvents, type Actor } from "@/lib/audit";
import { prisma, sqlPool } from "@/lib/db";
import { addNetworkMember, createNetwork, removeNetworkMember } from "@/lib/networks";
import {
  createPartner,
  getPartnerForSupport,
  PARTNER_CONNECTIONS_PAGE_SIZE,
  setConnectionScopes,
  setPartnerSuspended,
  updatePartner,
} from "@/lib/partner-admin";
import { connectPartner, rotatePartnerKey } from "@/lib/partners";
import { getDashboardSummary } from "@/lib/practice-groups";
import { listPracticeKeys } from "@/lib/practice-keys";
import type { ScopeName } from "@/lib/scopes";
import { supportActor } from "@/lib/support";

import { backendPid, waitForLockWaiter, whileUncommitted } from "../support/locks";
import { hookQueries } from "../support/query-hook";
import { actorOf, createPracticeGroup, createPartner as createTestPartner, createUser, unique } from "../support/records";
import { apiRequest, call, partnerKey } from "./helpers";

afterAll(() => prisma.$disconnect());

async function support() {
  const hero = await createPracticeGroup("hero");
  return supportActor(await createUser(hero.id, "SUPER_ADMIN"));
}

const reason = "Ticket 1234: partner asked";

/** The partner's updatedAt, as Edit partner's form is loaded with it. */
const loadedAt = async (partnerId: string) => (await prisma.partner.findUniqueOrThrow({ where: { id: partnerId } })).updatedAt;

/** Edit partner from a form just loaded: the scopes it may be granted set to `scopes`, no description. */
const editScopes = async (partner: { id: string; name: string; slug: string }, scopes: ScopeName[], actor: Actor) =>
  updatePartner({
    partnerId: partner.id,
    loadedAt: await loadedAt(partner.id),
    fields: { name: partner.name, slug: partner.slug, description: "", scopes },
    actor,
    reason,
  });

describe("partners", () => {
  it("Suspend partner refuses its keys (401) on their next request; Resume restores them", async () => {
    const actor = await support();
    const { key, practice, partner } = await partnerKey();
    const request = () => call(getPracticeGroups, apiRequest("/practice-groups", { key, practiceGroupId: practice.id }));
    expect((await request()).status).toBe(200);
    await setPartnerSuspended({ partnerId: partner.id, suspended: true, actor, reason });
    expect(await request()).toMatchObject({ status: 401, body: { error: "invalid_credentials" } });
    await setPartnerSuspended({ partnerId: partner.id, suspended: false, actor, reason });
    expect((await request()).status).toBe(200);
    const events = await prisma.auditEvent.findMany({ where: { targetId: partner.id, action: { in: ["partner.suspended", "partner.resumed"] } } });
    expect(events.map((e) => [e.actorName, (e.metadata as { reason: string }).reason])).toEqual([
      ["Hero support", reason],
      ["Hero support", reason],
    ]);
  });

  it("Suspend partner waits for another super admin's Suspend under way, then refuses: one event, and the date practices see stays", async () => {
    const actor = await support();
    const partner = await createTestPartner();
    const outcome = await whileUncommitted(`UPDATE partners SET "suspendedAt" = now() AT TIME ZONE 'UTC' WHERE id = $1`, [partner.id], () =>
      setPartnerSuspended({ partnerId: partner.id, suspended: true, actor, reason }),
    );
    expect(outcome).toBe(`${partner.name} is already suspended`);
    expect(await prisma.auditEvent.count({ where: { targetId: partner.id, action: "partner.suspended" } })).toBe(0);
  });

  it("a suspended partner's key shows as Suspended, not Active, and the partner cannot be connected while suspended", async () => {
    const actor = await support();
    const { practice, partner } = await partnerKey();
    const other = await createPracticeGroup();
    const connectOther = async () => connectPartner({ practiceGroupId: other.id, partnerId: partner.id, actor: actorOf(await createUser(other.id)) });
    const shown = async () => ({ status: (await listPracticeKeys(practice.id))[0].status, working: (await getDashboardSummary(practice.id)).activeKeys });
    expect(await shown()).toEqual({ status: "Active", working: 1 });

    await setPartnerSuspended({ partnerId: partner.id, suspended: true, actor, reason });
    expect(await shown()).toEqual({ status: "Suspended", working: 0 });
    // A new connection's key would be refused from its first request: refused, and nothing made.
    await expect(connectOther()).rejects.toThrow(
      `Hero support has suspended ${partner.name}: it cannot be connected until it is resumed. Nothing was changed.`,
    );
    expect(await prisma.apiKey.count({ where: { practiceGroupId: other.id } })).toBe(0);
    // A key thought leaked may still be replaced, to work once the partner is resumed.
    const { key } = await rotatePartnerKey({ practiceGroupId: practice.id, partnerId: partner.id, actor, reason });
    const request = () => call(getPracticeGroups, apiRequest("/practice-groups", { key, practiceGroupId: practice.id }));
    expect((await request()).status).toBe(401);

    await setPartnerSuspended({ partnerId: partner.id, suspended: false, actor, reason });
    expect(await shown()).toEqual({ status: "Active", working: 1 });
    expect((await request()).status).toBe(200);
    await expect(connectOther()).resolves.toMatchObject({ key: expect.any(String) });
  });

  it("narrowing one connection's scopes gives 403 insufficient_permissions on the next request, for the key and its tokens", async () => {
    const actor = await support();
    const { key, practice, partner } = await partnerKey(["booking_links", "messaging"]);
    const { body } = await call(exchange, apiRequest("/access_token", { key, practiceGroupId: practice.id, method: "POST" }));
    const token = body.access_token as string;
    const viaKey = () => call(listBookingLinks, apiRequest("/booking-links", { key, practiceGroupId: practice.id }));
    const viaToken = () => call(listBookingLinks, apiRequest("/booking-links", { token, practiceGroupId: practice.id }));
    expect((await viaKey()).status).toBe(200);
    expect((await viaToken()).status).toBe(200);

    await setConnectionScopes({ practiceGroupId: practice.id, partnerId: partner.id, scopes: ["messaging"], actor, reason });
    expect(await viaKey()).toMatchObject({ status: 403, body: { error: "insufficient_permissions" } });
    expect(await viaToken()).toMatchObject({ status: 403, body: { error: "insufficient_permissions" } });
    const event = await prisma.auditEvent.findFirstOrThrow({ where: { practiceGroupId: practice.id, action: "partner_key.scopes_changed" } });
    expect(event.actorName).toBe("Hero support");
    await expect(setConnectionScopes({ practiceGroupId: practice.id, partnerId: partner.id, scopes: ["booking"], actor, reason })).rejects.toThrow(/scopes/);
    // Saving the scopes it has is refused, with no "Changed API key scopes" in the practice's Activity.
    await expect(setConnectionScopes({ practiceGroupId: practice.id, partnerId: partner.id, scopes: ["messaging"], actor, reason })).rejects.toThrow(
      "Nothing to save: the key already has these scopes.",
    );
    expect(await prisma.auditEvent.count({ where: { practiceGroupId: practice.id, action: "partner_key.scopes_changed" } })).toBe(1);
  });

  it("Change scopes from a page that showed other scopes, or another key, saves nothing: another admin's change stays", async () => {
    const actor = await support();
    const { practice, partner } = await partnerKey(["booking", "booking_links", "messaging"]);
    const live = () => prisma.apiKey.findFirstOrThrow({ where: { partnerId: partner.id, revokedAt: null } });
    const shown = (await live()).scopes;
    const change = { practiceGroupId: practice.id, partnerId: partner.id, actor, reason };
    // Another super admin narrows the key to booking links; this page still shows all three.
    await setConnectionScopes({ ...change, scopes: ["booking_links"], replacing: (await live()).id, shown });
    await expect(setConnectionScopes({ ...change, scopes: ["booking", "booking_links", "messaging"], replacing: (await live()).id, shown })).rejects.toThrow(
      /scopes of .* key have changed since this page was loaded/,
    );
    expect((await live()).scopes).toEqual(["booking_links"]);
    // A key rotated since the page loaded.
    const before = await live();
    await rotatePartnerKey({ ...change });
    await expect(setConnectionScopes({ ...change, scopes: ["messaging"], replacing: before.id, shown: before.scopes })).rejects.toThrow(
      /key has changed since this page was loaded/,
    );
    // From the page as it is now.
    const now = await live();
    await setConnectionScopes({ ...change, scopes: ["messaging"], replacing: now.id, shown: now.scopes });
    expect((await live()).scopes).toEqual(["messaging"]);
  });

  it("a scope taken from the partner is taken from every key of it on the next request", async () => {
    const actor = await support();
    const { key, practice, partner } = await partnerKey(["booking_links", "messaging"]);
    // A second practice's connection to the same partner, and an access token of the first key.
    const other = await createPracticeGroup();
    const otherAdmin = await createUser(other.id);
    const { key: otherKey } = await connectPartner({ practiceGroupId: other.id, partnerId: partner.id, actor: actorOf(otherAdmin) });
    const { body } = await call(exchange, apiRequest("/access_token", { key, practiceGroupId: practice.id, method: "POST" }));
    const callers = [
      { key, practiceGroupId: practice.id },
      { key: otherKey, practiceGroupId: other.id },
      { token: body.access_token as string, practiceGroupId: practice.id },
    ];
    const answers = () => Promise.all(callers.map((caller) => call(listBookingLinks, apiRequest("/booking-links", caller))));
    expect((await answers()).map((answer) => answer.status)).toEqual([200, 200, 200]);
    await editScopes(partner, ["messaging"], actor);
    expect((await answers()).map((answer) => [answer.status, answer.body.error])).toEqual(Array(3).fill([403, "insufficient_permissions"]));
  });

  it("Rotate API key by Hero support never gives the new key a scope the practice did not grant", async () => {
    const actor = await support();
    const { practice, partner } = await partnerKey(["booking_links", "messaging"]);
    await setConnectionScopes({ practiceGroupId: practice.id, partnerId: partner.id, scopes: ["booking_links"], actor, reason });
    // The partner no longer offers the one scope this practice granted: the key may use nothing.
    await editScopes(partner, ["messaging"], actor);
    const { key } = await rotatePartnerKey({ practiceGroupId: practice.id, partnerId: partner.id, actor, reason });
    const request = (handler: typeof listMessages, path: string) => call(handler, apiRequest(path, { key, practiceGroupId: practice.id }));
    expect(await request(listMessages, "/messages")).toMatchObject({ status: 403, body: { error: "insufficient_permissions" } });
    // Offered again, the grant applies again, as it would have to the key it replaced.
    await editScopes(partner, ["booking_links", "messaging"], actor);
    expect((await request(listBookingLinks, "/booking-links")).status).toBe(200);
    expect((await request(listMessages, "/messages")).status).toBe(403);
  });

  it("a partner-wide change by Hero support is in the Activity of every practice connected to the partner, from its connection on", async () => {
    const actor = await support();
    const partner = await createTestPartner(["booking_links", "messaging"]);
    const [early, late, other] = [await createPracticeGroup(), await createPracticeGroup(), await createPracticeGroup()];
    const connect = async (practice: { id: string }) =>
      connectPartner({ practiceGroupId: practice.id, partnerId: partner.id, actor: actorOf(await createUser(practice.id)) });
    await connect(early);
    await setPartnerSuspended({ partnerId: partner.id, suspended: true, actor, reason });
    await setPartnerSuspended({ partnerId: partner.id, suspended: false, actor, reason });
    await connect(late);
    await editScopes(partner, ["messaging"], actor);

    const activity = async (practice: { id: string }) =>
      (await listAuditEvents(practice.id))
        .filter((e) => ["partner.updated", "partner.suspended", "partner.resumed"].includes(e.action))
        .map((e) => [e.actorName, e.action, e.targetLabel]);
    expect(await activity(early)).toEqual([
      ["Hero support", "partner.updated", partner.name],
      ["Hero support", "partner.resumed", partner.name],
      ["Hero support", "partner.suspended", partner.name],
    ]);
    // Connected after the suspension: only what came since.
    expect(await activity(late)).toEqual([["Hero support", "partner.updated", partner.name]]);
    expect(await activity(other)).toEqual([]);
  });

  // A new slug moves every practice's /apps/<slug> address: the event said only "Edited partner".
  it("Edit partner records a new slug and a new description, for the Audit log's Details", async () => {
    const actor = await support();
    const partner = await createTestPartner(["booking_links"]);
    const slug = `${partner.slug}-new`;
    await updatePartner({
      partnerId: partner.id,
      loadedAt: await loadedAt(partner.id),
      fields: { name: partner.name, slug, description: "Now with reminders", scopes: ["booking_links"] },
      actor,
      reason,
    });
    const event = await prisma.auditEvent.findFirstOrThrow({ where: { targetId: partner.id, action: "partner.updated" } });
    expect(auditDetail(event)).toBe(`address /apps/${partner.slug} → /apps/${slug}, new description`);
  });

  it("Edit partner from a form loaded before someone else's change saves nothing, so a removed scope stays removed; of two saves at once, one", async () => {
    const actor = await support();
    const partner = await createTestPartner(["booking_links", "messaging"]);
    const fields = (scopes: ("booking_links" | "messaging")[], description = "") => ({ name: partner.name, slug: partner.slug, description, scopes });
    const loaded = await loadedAt(partner.id);
    // One super admin takes Messaging away; another, on a page loaded before, edits the description.
    await updatePartner({ partnerId: partner.id, loadedAt: loaded, fields: fields(["booking_links"]), actor, reason });
    const stale = {
      message: `${partner.name} was changed by someone else since this page was loaded. Nothing was saved: reload the page, check it and try again.`,
    };
    await expect(
      updatePartner({ partnerId: partner.id, loadedAt: loaded, fields: fields(["booking_links", "messaging"], "New"), actor, reason }),
    ).rejects.toMatchObject(stale);
    expect(await prisma.partner.findUniqueOrThrow({ where: { id: partner.id } })).toMatchObject({ scopes: ["booking_links"], description: "" });

    // A change made in SQL counts too (the database's trigger sets updatedAt).
    const beforeSql = await loadedAt(partner.id);
    await sqlPool().query(`UPDATE partners SET description = 'Changed in SQL' WHERE id = $1`, [partner.id]);
    await expect(updatePartner({ partnerId: partner.id, loadedAt: beforeSql, fields: fields(["booking_links"]), actor, reason })).rejects.toMatchObject(stale);

    const current = await loadedAt(partner.id);
    const saves = await Promise.allSettled(
      ["First", "Second"].map((description) =>
        updatePartner({ partnerId: partner.id, loadedAt: current, fields: fields(["booking_links"], description), actor, reason }),
      ),
    );
    expect(saves.map((save) => save.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect(saves.find((save) => save.status === "rejected")).toMatchObject({ reason: stale });
    expect(await prisma.auditEvent.count({ where: { action: "partner.updated", targetId: partner.id } })).toBe(2);
    // Each change moved it forward, however close together.
    expect((await loadedAt(partner.id)).getTime()).toBeGreaterThan(current.getTime());
  });

  it("a partner's slug is unique", async () => {
    const actor = await support();
    const slug = unique("slug");
    await createPartner({ fields: { name: "One", slug, description: "", scopes: ["messaging"] }, actor, reason });
    await expect(createPartner({ fields: { name: "Two", slug, description: "", scopes: ["messaging"] }, actor, reason })).rejects.toThrow(/slug/);
  });

  it("two super admins giving partners the same slug at once: one is told at the slug field, not that something went wrong", async () => {
    const actor = await support();
    const taken = { message: "Another partner already uses this slug", field: "slug" };
    const slug = unique("race");
    const created = await Promise.allSettled(
      ["One", "Two"].map((name) => createPartner({ fields: { name, slug, description: "", scopes: ["messaging"] }, actor, reason })),
    );
    expect(created.map((result) => result.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect(created.find((result) => result.status === "rejected")).toMatchObject({ reason: taken });

    const [first, second] = [await createTestPartner(["messaging"]), await createTestPartner(["messaging"])];
    const renamed = unique("renamed");
    const updated = await Promise.allSettled(
      [first, second].map(async (partner) =>
        updatePartner({
          partnerId: partner.id,
          loadedAt: await loadedAt(partner.id),
          fields: { name: partner.name, slug: renamed, description: "", scopes: ["messaging"] },
          actor,
          reason,
        }),
      ),
    );
    expect(updated.map((result) => result.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect(updated.find((result) => result.status === "rejected")).toMatchObject({ reason: taken });
  });
});

describe("a partner's page", () => {
  it("pages its connected practices, most recent first, and counts them all", async () => {
    const partner = await createTestPartner(["booking"]);
    const practices = [];
    for (let i = 0; i < PARTNER_CONNECTIONS_PAGE_SIZE + 2; i++) {
      const practice = await createPracticeGroup(unique("connected"));
      await connectPartner({ practiceGroupId: practice.id, partnerId: partner.id, actor: actorOf(await createUser(practice.id)) });
      practices.push(practice.id);
    }
    const first = await getPartnerForSupport(partner.id);
    const second = await getPartnerForSupport(partner.id, 2);
    expect(first!.connectionsPage).toEqual({ page: 1, pageCount: 2, pageSize: PARTNER_CONNECTIONS_PAGE_SIZE, total: practices.length });
    expect(second!.connectionsPage.page).toBe(2);
    const shown = [...first!.connections, ...second!.connections].map((c) => c.practiceGroup.id);
    expect(shown).toEqual(practices.reverse());
    expect(first!.connections[0].apiKeys).toHaveLength(1);
    // A page past the last shows the last.
    expect((await getPartnerForSupport(partner.id, 9))!.connections.map((c) => c.practiceGroup.id)).toEqual(second!.connections.map((c) => c.practiceGroup.id));
  });
});

describe("networks", () => {
  it("removing a practice gives 403 forbidden on the next cross-organisational call; adding it back gives 200; every member's Activity says so", async () => {
    const actor = await support();
    const practice = await createPracticeGroup("spoke");
    const { key } = await partnerKey(undefined, practice);
    const hub = await createPracticeGroup("hub");
    const network = await createNetwork({ name: unique("PCN"), code: unique("PCN"), actor, reason });
    await addNetworkMember({ networkId: network.id, practiceCode: practice.code, actor, reason });
    // Typed in any case.
    await addNetworkMember({ networkId: network.id, practiceCode: hub.code.toLowerCase(), actor, reason });
    const crossOrg = () => call(getPracticeGroups, apiRequest("/practice-groups", { key, practiceGroupId: hub.id }));
    expect((await crossOrg()).status).toBe(200);

    await removeNetworkMember({ networkId: network.id, practiceGroupId: hub.id, actor, reason });
    expect(await crossOrg()).toMatchObject({ status: 403, body: { error: "forbidden" } });
    await addNetworkMember({ networkId: network.id, practiceCode: hub.code, actor, reason });
    expect((await crossOrg()).status).toBe(200);

    const activity = await prisma.auditEvent.findMany({ where: { practiceGroupId: hub.id }, orderBy: { createdAt: "asc" } });
    expect(activity.map((e) => [e.action, e.actorName])).toEqual([
      ["network.member_added", "Hero support"],
      ["network.member_removed", "Hero support"],
      ["network.member_added", "Hero support"],
    ]);
    // The practice already in the network is told who joined and left: their partners can act for each other.
    const told = await prisma.auditEvent.findMany({
      where: { practiceGroupId: practice.id, action: { startsWith: "network." } },
      orderBy: { createdAt: "asc" },
    });
    expect(told.map((e) => [e.action, e.actorName, e.targetLabel])).toEqual([
      ["network.member_added", "Hero support", network.name],
      ["network.peer_added", "Hero support", `${hub.name} in ${network.name}`],
      ["network.peer_removed", "Hero support", `${hub.name} in ${network.name}`],
      ["network.peer_added", "Hero support", `${hub.name} in ${network.name}`],
    ]);
    await expect(addNetworkMember({ networkId: network.id, practiceCode: hub.code, actor, reason })).rejects.toThrow(/already/);
    await expect(addNetworkMember({ networkId: network.id, practiceCode: "NO-SUCH-CODE", actor, reason })).rejects.toThrow(/practice code/);
  });

  it("two practices added at once are each told of the other: one change to a network's members at a time", async () => {
    const actor = await support();
    const [a, b] = [await createPracticeGroup("spoke"), await createPracticeGroup("spoke")];
    const network = await createNetwork({ name: unique("PCN"), code: unique("PCN"), actor, reason });
    const other = await sqlPool().connect();
    try {
      // Another Add, part way: its member is written, not yet committed.
      await other.query("BEGIN");
      await other.query(`INSERT INTO network_members ("networkId", "practiceGroupId") VALUES ($1, $2)`, [network.id, b.id]);
      const adding = addNetworkMember({ networkId: network.id, practiceCode: a.code, actor, reason });
      await waitForLockWaiter(await backendPid(other));
      await other.query("COMMIT");
      await adding;
    } finally {
      other.release();
    }
    const told = await prisma.auditEvent.findMany({ where: { practiceGroupId: b.id, action: "network.peer_added" } });
    expect(told.map((e) => e.targetLabel)).toEqual([`${a.name} in ${network.name}`]);
  });

  it("a Remove that loses to a colleague's says the practice is not in the network, and records nothing", async () => {
    const actor = await support();
    const practice = await createPracticeGroup("spoke");
    const network = await createNetwork({ name: unique("PCN"), code: unique("PCN"), actor, reason });
    await addNetworkMember({ networkId: network.id, practiceCode: practice.code, actor, reason });
    let removedElsewhere = false;
    const unhook = hookQueries((text, run) => {
      if (removedElsewhere || !text.startsWith('DELETE FROM "public"."network_members"')) return undefined;
      removedElsewhere = true;
      // The colleague's Remove commits after this one read the membership, before it deletes.
      return sqlPool().query(`DELETE FROM network_members WHERE "networkId" = $1 AND "practiceGroupId" = $2`, [network.id, practice.id]).then(run);
    });
    let outcome: unknown;
    try {
      outcome = await removeNetworkMember({ networkId: network.id, practiceGroupId: practice.id, actor, reason }).catch((error: unknown) => error);
    } finally {
      unhook();
    }
    expect(removedElsewhere).toBe(true);
    expect(outcome).toBeInstanceOf(ActionError);
    expect((outcome as Error).message).toBe("This practice is not in the network");
    expect(await prisma.auditEvent.count({ where: { practiceGroupId: practice.id, action: "network.member_removed" } })).toBe(0);
  });
});
