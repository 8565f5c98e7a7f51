// The wrapper's error table against real PostgreSQL: every way a key, a token or the practice
// group header can be wrong, and the ways they can be right (own practice, network, user key).
import { afterAll, describe, expect, it, vi } from "vitest";

import { POST as exchangeKey } from "@/app/api/v1/access_token/route";
import { GET as getPracticeGroups } from "@/app/api/v1/practice-groups/route";
import { GET as getSlots } from "@/app/api/v1/slots/route";
import { keyHashOf } from "@/lib/api-keys";
import { ARRIVED_AT_HEADER } from "@/lib/client-address";
import { prisma } from "@/lib/db";
import { generateKey } from "@/lib/key-format";
import { MAX_BODY_BYTES, RATE_LIMIT } from "@/lib/limits";
import { disconnectPartner, rotatePartnerKey } from "@/lib/partners";
import { generatePracticeKey, revokePracticeKey } from "@/lib/practice-keys";
import { rateLimiter } from "@/lib/ratelimit";

import { clearOfMinuteEnd } from "../support/limiters";
import { actorOf, createNetwork, createPracticeGroup } from "../support/records";
import { apiRequest, call, partnerKey, userKey } from "./helpers";

afterAll(() => prisma.$disconnect());

const flipLast = (key: string) => key.slice(0, -1) + (key.endsWith("A") ? "B" : "A");

describe("authentication: 401 invalid_credentials", () => {
  it.each([
    ["missing", () => undefined],
    ["empty", () => ""],
    ["malformed", () => "hero_test_abc"],
    ["with a wrong checksum", (key: string) => flipLast(key)],
    ["well-formed but unknown", () => generateKey("test")],
    ["of the other environment", () => generateKey("live")],
  ])("a key that is %s", async (_, make) => {
    const { key, practice } = await partnerKey();
    const presented = make(key);
    const { status, body, text } = await call(getPracticeGroups, apiRequest("/practice-groups", { key: presented, practiceGroupId: practice.id }));
    expect({ status, error: body.error }).toEqual({ status: 401, error: "invalid_credentials" });
    if (presented) expect(text).not.toContain(presented);
    expect(text).not.toMatch(/stack|at .*\.ts/);
  });

  it("a revoked, an expired and a disconnected key, on their very next request", async () => {
    const revoked = await partnerKey();
    const generated = await generatePracticeKey({ practiceGroupId: revoked.practice.id, partnerId: revoked.partner.id, actor: actorOf(revoked.admin) });
    const row = await prisma.apiKey.findFirstOrThrow({ where: { practiceGroupId: revoked.practice.id, revokedAt: null } });
    const request = () => apiRequest("/practice-groups", { key: generated.key, practiceGroupId: revoked.practice.id });
    expect((await call(getPracticeGroups, request())).status).toBe(200);
    await revokePracticeKey({ practiceGroupId: revoked.practice.id, keyId: row.id, actor: actorOf(revoked.admin) });
    expect((await call(getPracticeGroups, request())).status).toBe(401);

    const expired = await partnerKey();
    await prisma.apiKey.updateMany({ where: { practiceGroupId: expired.practice.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await call(getPracticeGroups, apiRequest("/practice-groups", { key: expired.key, practiceGroupId: expired.practice.id }))).status).toBe(401);

    const disconnected = await partnerKey();
    await disconnectPartner({ practiceGroupId: disconnected.practice.id, partnerId: disconnected.partner.id, actor: actorOf(disconnected.admin) });
    expect((await call(getPracticeGroups, apiRequest("/practice-groups", { key: disconnected.key, practiceGroupId: disconnected.practice.id }))).status).toBe(
      401,
    );
  });

  it("rotation: the old key is refused at once and the new one works", async () => {
    const { key, practice, partner, admin } = await partnerKey();
    const rotated = await rotatePartnerKey({ practiceGroupId: practice.id, partnerId: partner.id, actor: actorOf(admin) });
    expect((await call(getPracticeGroups, apiRequest("/practice-groups", { key, practiceGroupId: practice.id }))).status).toBe(401);
    expect((await call(getPracticeGroups, apiRequest("/practice-groups", { key: rotated.key, practiceGroupId: practice.id }))).status).toBe(200);
  });

  it("records when a key was last used", async () => {
    const { key, practice } = await partnerKey();
    const before = Date.now();
    await call(getPracticeGroups, apiRequest("/practice-groups", { key, practiceGroupId: practice.id }));
    // Written off the response path, on the database the other test files share: more than vi.waitFor's default second.
    await vi.waitFor(async () => {
      const row = await prisma.apiKey.findFirstOrThrow({ where: { practiceGroupId: practice.id, revokedAt: null } });
      expect(row.lastUsedAt).not.toBeNull();
      // Written in UTC, as Prisma reads it: the moment of the call, not hours off.
      expect(row.lastUsedAt!.getTime()).toBeGreaterThanOrEqual(before - 1_000);
      expect(row.lastUsedAt!.getTime()).toBeLessThanOrEqual(Date.now() + 1_000);
    }, 10_000);
  });
});

describe("the practice group header and the network", () => {
  it.each([
    ["missing", undefined, 400, "invalid_request"],
    ["not a UUID", "riverside", 400, "invalid_request"],
    ["an unknown practice group", "6f1c3b1e-8d2a-4c55-9a57-0e2f3b4c5d6e", 403, "forbidden"],
  ])("%s → %s %s", async (_, practiceGroupId, status, error) => {
    const { key } = await partnerKey();
    const result = await call(getPracticeGroups, apiRequest("/practice-groups", { key, practiceGroupId }));
    expect({ status: result.status, error: result.body.error }).toEqual({ status, error });
  });

  it("acts for another practice group only when both share a network", async () => {
    const { key, practice } = await partnerKey();
    const hub = await createPracticeGroup("hub");
    const outsider = await createPracticeGroup("outsider");
    await createNetwork([practice.id, hub.id]);

    const inside = await call(getPracticeGroups, apiRequest("/practice-groups", { key, practiceGroupId: hub.id }));
    expect(inside.status).toBe(200);
    expect(inside.body.data).toMatchObject({ id: hub.id, name: hub.name, code: hub.code });
    expect(inside.body.data.networks[0].practice_groups.map((group: { id: string }) => group.id).sort()).toEqual([practice.id, hub.id].sort());

    const outside = await call(getPracticeGroups, apiRequest("/practice-groups", { key, practiceGroupId: outsider.id }));
    expect({ status: outside.status, error: outside.body.error }).toEqual({ status: 403, error: "forbidden" });
  });

  it("acting for a hub lists only the networks the key's own practice group shares with it", async () => {
    const { key, practice } = await partnerKey();
    const [hub, other] = [await createPracticeGroup("hub"), await createPracticeGroup("other")];
    const shared = await createNetwork([practice.id, hub.id]);
    await createNetwork([hub.id, other.id]);

    const asHub = await call(getPracticeGroups, apiRequest("/practice-groups", { key, practiceGroupId: hub.id }));
    expect(asHub.body.data.networks.map((network: { id: string }) => network.id)).toEqual([shared.id]);
    expect(JSON.stringify(asHub.body)).not.toContain(other.id);
    // The hub's own key still sees both of its networks.
    const { key: hubKey } = await partnerKey(undefined, hub);
    const own = await call(getPracticeGroups, apiRequest("/practice-groups", { key: hubKey, practiceGroupId: hub.id }));
    expect(own.body.data.networks).toHaveLength(2);
  });

  it("a network of others does not help: membership must be shared", async () => {
    const { key } = await partnerKey();
    const [a, b] = [await createPracticeGroup(), await createPracticeGroup()];
    await createNetwork([a.id, b.id]);
    expect((await call(getPracticeGroups, apiRequest("/practice-groups", { key, practiceGroupId: b.id }))).status).toBe(403);
  });
});

describe("scopes", () => {
  it("403 insufficient_permissions without the endpoint's scope; any valid key for practice-groups", async () => {
    const { key, practice } = await partnerKey(["messaging"]);
    const slots = await call(getSlots, apiRequest("/slots", { key, practiceGroupId: practice.id }));
    expect({ status: slots.status, error: slots.body.error }).toEqual({ status: 403, error: "insufficient_permissions" });
    expect((await call(getPracticeGroups, apiRequest("/practice-groups", { key, practiceGroupId: practice.id }))).status).toBe(200);
  });
});

describe("the query string", () => {
  it("an endpoint that takes no parameters refuses one, as a list refuses one it does not take", async () => {
    const { key, practice } = await partnerKey();
    const result = await call(getPracticeGroups, apiRequest("/practice-groups", { key, practiceGroupId: practice.id, query: "?include=networks" }));
    expect({ status: result.status, error: result.body.error, fields: result.body.fields }).toEqual({
      status: 400,
      error: "invalid_request",
      fields: { include: "Unknown field" },
    });
    const slots = await call(getSlots, apiRequest("/slots", { key, practiceGroupId: practice.id, query: "?appointment_type=Blood%20test" }));
    expect({ status: slots.status, fields: slots.body.fields }).toEqual({ status: 400, fields: { appointment_type: "Unknown field" } });
  });
});

describe("an endpoint that takes no body", () => {
  it("refuses one over the size limit with 413, as the OpenAPI document lists on every operation", async () => {
    const { key, practice } = await partnerKey();
    const result = await call(
      exchangeKey,
      apiRequest("/access_token", { key, practiceGroupId: practice.id, method: "POST", body: "x".repeat(MAX_BODY_BYTES + 1) }),
    );
    expect({ status: result.status, error: result.body.error }).toEqual({ status: 413, error: "payload_too_large" });
    // Within the limit, the same exchange works: the refusal was the size.
    expect((await call(exchangeKey, apiRequest("/access_token", { key, practiceGroupId: practice.id, method: "POST" }))).status).toBe(200);
  });
});

describe("user-owned keys", () => {
  it("need the owner's username in x-username, and then carry every scope", async () => {
    const practice = await createPracticeGroup();
    const { owner, key } = await userKey(practice.id);
    const request = (username?: string) => apiRequest("/slots", { key, practiceGroupId: practice.id, username });
    expect((await call(getSlots, request(owner.username))).status).toBe(200);
    for (const username of [undefined, "", "someone-else", owner.username.toUpperCase()]) {
      const result = await call(getSlots, request(username));
      expect({ status: result.status, error: result.body.error }).toEqual({ status: 401, error: "invalid_credentials" });
    }
  });

  it("follow the network rules of the owner's practice group", async () => {
    const practice = await createPracticeGroup();
    const hub = await createPracticeGroup("hub");
    const outsider = await createPracticeGroup();
    await createNetwork([practice.id, hub.id]);
    const { owner, key } = await userKey(practice.id);
    expect((await call(getSlots, apiRequest("/slots", { key, practiceGroupId: hub.id, username: owner.username }))).status).toBe(200);
    expect((await call(getSlots, apiRequest("/slots", { key, practiceGroupId: outsider.id, username: owner.username }))).status).toBe(403);
  });

  it("stop working when the owner is deactivated", async () => {
    const practice = await createPracticeGroup();
    const { owner, key } = await userKey(practice.id);
    await prisma.user.update({ where: { id: owner.id }, data: { active: false } });
    expect((await call(getSlots, apiRequest("/slots", { key, practiceGroupId: practice.id, username: owner.username }))).status).toBe(401);
  });
});

// A user key's holder without its username sent the headers in one minute and the body in the
// next: the refund was taken from the next minute's count, one the owner's calls had made.
describe("taking back the middleware's count of a call refused for its credential", () => {
  it("takes it back only in the window its headers arrived in, as the server stamped them", async () => {
    const practice = await createPracticeGroup();
    const { key } = await userKey(practice.id);
    const id = `key:${keyHashOf(key)}`;
    await clearOfMinuteEnd();
    const intoMinute = Date.now() % 60_000;
    if (intoMinute < 1_000) await new Promise((resolve) => setTimeout(resolve, 1_000 - intoMinute));
    const refused = async (arrivedAt: number) => {
      await rateLimiter().limit(id); // the middleware's count, as the headers arrived
      const request = apiRequest("/practice-groups", { key, practiceGroupId: practice.id, username: "someone-else" });
      request.headers.set(ARRIVED_AT_HEADER, String(arrivedAt));
      expect((await call(getPracticeGroups, request)).status).toBe(401);
      return rateLimiter().remaining(id);
    };
    // Arrived this minute: taken back.
    expect(await refused(Date.now() - 10)).toBe(RATE_LIMIT);
    // Arrived in the minute before (a body sent slowly): its count was that minute's, and this one's is left alone.
    expect(await refused(Date.now() - 61_000)).toBe(RATE_LIMIT - 1);
  });
});
