// Hero support's higher rate limits: stored per connection, loaded off the request path into the
// registry the middleware reads, and applied by the middleware's limiter with the override.
import { afterAll, describe, expect, it, vi } from "vitest";

import { keyHashOf } from "@/lib/api-keys";
import { guardApiRequest } from "@/lib/api/edge";
import { prisma, sqlPool } from "@/lib/db";
import { RATE_LIMIT, RATE_LIMIT_OVERRIDE_MAX } from "@/lib/limits";
import { rotatePartnerKey } from "@/lib/partners";
import { loadRateLimitOverrides, setConnectionRateLimit } from "@/lib/rate-limit-overrides";
import { rateLimitOverride } from "@/lib/ratelimit";
import { supportActor } from "@/lib/support";
import { deleteUserKey, updateUserKey } from "@/lib/user-keys";

import { clearOfMinuteEnd } from "../support/limiters";
import { backendPid, waitForLockWaiter } from "../support/locks";
import { hookQueries } from "../support/query-hook";
import { createPracticeGroup, createUser } from "../support/records";
import { partnerKey, userKey } from "./helpers";

afterAll(() => prisma.$disconnect());

const reason = "Ticket 77: bulk recall";

async function support() {
  const hero = await createPracticeGroup("hero");
  return supportActor(await createUser(hero.id, "SUPER_ADMIN"));
}

const guarded = (key: string, practiceGroupId: string) =>
  guardApiRequest(new Request("http://localhost/api/v1/practice-groups", { headers: { "x-api-key": key, "x-practice-group-id": practiceGroupId } }));

describe("rate-limit overrides", () => {
  it("lets request 301 through once loaded, stops at the new limit, and says so in X-RateLimit-Limit", async () => {
    const actor = await support();
    const { key, practice, partner } = await partnerKey();
    await setConnectionRateLimit({ practiceGroupId: practice.id, partnerId: partner.id, rateLimit: 320, actor, reason });
    // On the instance that changed it, at once: the others load it at their next refresh.
    expect(rateLimitOverride(`key:${keyHashOf(key)}`)).toBe(320);

    const statuses: number[] = [];
    let limitHeader = "";
    await clearOfMinuteEnd();
    for (let i = 0; i < 325; i++) {
      const response = await guarded(key, practice.id);
      statuses.push(response.status);
      limitHeader = response.headers.get("X-RateLimit-Limit")!;
    }
    expect(statuses.filter((status) => status === 429)).toHaveLength(5);
    expect(statuses[RATE_LIMIT]).not.toBe(429);
    expect(limitHeader).toBe("320");

    const [event] = await prisma.auditEvent.findMany({ where: { practiceGroupId: practice.id, action: "partner.rate_limit_changed" } });
    expect(event).toMatchObject({ actorName: "Hero support", metadata: { from: 300, to: 320, reason } });
    // Saving the limit it has is refused, with no "Changed rate limit 320 → 320" in the practice's Activity.
    await expect(setConnectionRateLimit({ practiceGroupId: practice.id, partnerId: partner.id, rateLimit: 320, actor, reason })).rejects.toThrow(
      "Nothing to save: the rate limit is already 320 a minute.",
    );
    expect(await prisma.auditEvent.count({ where: { practiceGroupId: practice.id, action: "partner.rate_limit_changed" } })).toBe(1);
  });

  it("follows the connection: a rotated key gets it, a cleared override is gone", async () => {
    const actor = await support();
    const { key, practice, partner } = await partnerKey();
    await setConnectionRateLimit({ practiceGroupId: practice.id, partnerId: partner.id, rateLimit: 1000, actor, reason });
    const { key: rotated } = await rotatePartnerKey({ practiceGroupId: practice.id, partnerId: partner.id, actor, reason });
    // At once on the instance that rotated it, before the next refresh.
    expect(rateLimitOverride(`key:${keyHashOf(rotated)}`)).toBe(1000);
    const overrides = await loadRateLimitOverrides();
    expect(overrides.get(`key:${keyHashOf(rotated)}`)).toBe(1000);
    expect(overrides.has(`key:${keyHashOf(key)}`)).toBe(false);

    await setConnectionRateLimit({ practiceGroupId: practice.id, partnerId: partner.id, rateLimit: null, actor, reason });
    expect((await loadRateLimitOverrides()).has(`key:${keyHashOf(rotated)}`)).toBe(false);
  });

  it("from a page that showed another limit, saves nothing: another super admin's change stays", async () => {
    const actor = await support();
    const { practice, partner } = await partnerKey();
    const change = { practiceGroupId: practice.id, partnerId: partner.id, actor, reason };
    // Both pages showed the default; the first save wins, the second is refused.
    await setConnectionRateLimit({ ...change, rateLimit: 1000, shown: null });
    await expect(setConnectionRateLimit({ ...change, rateLimit: 400, shown: null })).rejects.toThrow(/has changed since this page was loaded/);
    const limit = async () => (await prisma.partnerConnection.findFirstOrThrow({ where: { partnerId: partner.id } })).rateLimit;
    expect(await limit()).toBe(1000);
    await setConnectionRateLimit({ ...change, rateLimit: 400, shown: 1000 });
    expect(await limit()).toBe(400);
  });

  it("keeps a change when a periodic refresh that read before it finishes after it", async () => {
    const actor = await support();
    const { key, practice, partner } = await partnerKey();
    // The refresh reads before the change commits; its result is held until the change's own reload has applied.
    let release = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    let staleRead: Promise<unknown> | undefined;
    const unhook = hookQueries((text, run) => {
      if (!text.includes('c."rateLimit" IS NOT NULL') || staleRead) return undefined;
      staleRead = run();
      return staleRead.then(async (rows) => (await released, rows));
    });
    try {
      // From another copy of the module, as the periodic refresh runs in another bundle than the action.
      vi.resetModules();
      const periodic = (await import("@/lib/rate-limit-overrides")) as typeof import("@/lib/rate-limit-overrides");
      const stale = periodic.refreshRateLimitOverrides();
      await staleRead;
      await setConnectionRateLimit({ practiceGroupId: practice.id, partnerId: partner.id, rateLimit: 320, actor, reason });
      expect(rateLimitOverride(`key:${keyHashOf(key)}`)).toBe(320);
      release();
      await stale;
      expect(rateLimitOverride(`key:${keyHashOf(key)}`)).toBe(320);
    } finally {
      unhook();
    }
  });

  it("two super admins changing one connection's limit at once: the second waits for the first and records its limit as the one it changed", async () => {
    const actor = await support();
    const { practice, partner } = await partnerKey();
    const first = await sqlPool().connect();
    try {
      // The first change, made and not yet committed.
      await first.query("BEGIN");
      await first.query(`UPDATE partner_connections SET "rateLimit" = 500 WHERE "practiceGroupId" = $1 AND "partnerId" = $2`, [practice.id, partner.id]);
      const second = setConnectionRateLimit({ practiceGroupId: practice.id, partnerId: partner.id, rateLimit: 600, actor, reason });
      await waitForLockWaiter(await backendPid(first));
      await first.query("COMMIT");
      await second;
    } finally {
      first.release();
    }
    const events = await prisma.auditEvent.findMany({ where: { practiceGroupId: practice.id, action: "partner.rate_limit_changed" } });
    expect(events.map((event) => event.metadata)).toEqual([{ from: 500, to: 600, reason }]);
  });

  it("refuses a limit that is not higher than the default or above the maximum, against the field, and changes nothing", async () => {
    const actor = await support();
    const { practice, partner } = await partnerKey();
    for (const rateLimit of [300, 6001, 450.5, Number.NaN]) {
      await expect(setConnectionRateLimit({ practiceGroupId: practice.id, partnerId: partner.id, rateLimit, actor, reason })).rejects.toMatchObject({
        field: "rateLimit",
      });
    }
    const connection = await prisma.partnerConnection.findFirstOrThrow({ where: { practiceGroupId: practice.id } });
    expect(connection.rateLimit).toBeNull();
    // The database holds the range too.
    await expect(prisma.partnerConnection.update({ where: { id: connection.id }, data: { rateLimit: 100 } })).rejects.toThrow();
  });

  it("a user key has its own, set by Edit: request 301 gets through; a limit out of range or cleared is refused or gone", async () => {
    const actor = await support();
    const practice = await createPracticeGroup("user-key-limit");
    const { key } = await userKey(practice.id);
    const id = `key:${keyHashOf(key)}`;
    const { id: keyId } = await prisma.apiKey.findUniqueOrThrow({ where: { keyHash: keyHashOf(key) } });
    const edit = (rateLimit: number | null) => updateUserKey({ keyId, name: "Automation", description: "", rateLimit, actor });

    await edit(320);
    expect([rateLimitOverride(id), (await loadRateLimitOverrides()).get(id)]).toEqual([320, 320]);
    const statuses: number[] = [];
    await clearOfMinuteEnd();
    for (let i = 0; i < 325; i++) statuses.push((await guarded(key, practice.id)).status);
    expect(statuses.filter((status) => status === 429)).toHaveLength(5);
    const [event] = await prisma.auditEvent.findMany({ where: { targetId: keyId, action: "user_key.updated" } });
    expect(event.metadata).toMatchObject({ changed: ["rate limit"], rateLimit: { from: 300, to: 320 } });

    for (const rateLimit of [300, 6001, 450.5]) await expect(edit(rateLimit)).rejects.toMatchObject({ field: "rateLimit" });
    expect(rateLimitOverride(id)).toBe(320);
    // Left out (a form without the field), it stays.
    await updateUserKey({ keyId, name: "Renamed", description: "", actor });
    expect(rateLimitOverride(id)).toBe(320);
    await edit(null);
    expect(rateLimitOverride(id)).toBeUndefined();
    await edit(400);
    await deleteUserKey({ keyId, actor });
    expect((await loadRateLimitOverrides()).has(id)).toBe(false);
    // The database holds the range, and keeps it off partner keys, whose limit is their connection's.
    const partner = await partnerKey();
    await expect(prisma.apiKey.update({ where: { keyHash: keyHashOf(partner.key) }, data: { rateLimit: 400 } })).rejects.toThrow(/api_keys_rate_limit_range/);
  });

  it("has the database's range (the migration's CHECK) equal to RATE_LIMIT and RATE_LIMIT_OVERRIDE_MAX", async () => {
    const { practice } = await partnerKey();
    const { id } = await prisma.partnerConnection.findFirstOrThrow({ where: { practiceGroupId: practice.id } });
    const store = (rateLimit: number) => prisma.partnerConnection.update({ where: { id }, data: { rateLimit } });
    for (const rateLimit of [RATE_LIMIT + 1, RATE_LIMIT_OVERRIDE_MAX]) await expect(store(rateLimit)).resolves.toMatchObject({ rateLimit });
    for (const rateLimit of [RATE_LIMIT, RATE_LIMIT_OVERRIDE_MAX + 1]) await expect(store(rateLimit)).rejects.toThrow(/partner_connections_rate_limit_range/);
  });
});
