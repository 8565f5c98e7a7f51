// Invented keys (a valid checksum is easy to make) are charged to the client's address: after
// the failure limit, 429 with no database lookup, on both limiter back ends. The address is the
// socket's (or the trusted proxy's record of it), never what the client writes in X-Forwarded-For.
import { randomBytes } from "node:crypto";

import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

import { INVALID_CREDENTIALS } from "@/lib/api/errors";
import { PEER_HEADER } from "@/lib/client-address";
import { sqlPool } from "@/lib/db";
import { generateKey } from "@/lib/key-format";
import { disconnectPartner } from "@/lib/partners";
import { createMemoryLimiter, createUpstashLimiter, limitWithPolicy } from "@/lib/ratelimit";

import { deleteRedisKeys, startUpstashRestServer, type UpstashRestServer } from "../../scripts/upstash-rest-server";
import { clearOfMinuteEnd, forgetLimiters } from "../support/limiters";
import { actorOf, createPracticeGroup } from "../support/records";
import { apiRequest, partnerKey, userKey } from "./helpers";

const prefix = `test:authfail:${randomBytes(4).toString("hex")}`;
let rest: UpstashRestServer;

beforeAll(async () => {
  rest = await startUpstashRestServer({ token: randomBytes(16).toString("hex") });
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await rest.close();
  await deleteRedisKeys(prefix);
});

/** The app's modules loaded afresh on one limiter back end, with a Redis prefix and failure limit of their own. */
function freshModules(backend: "memory" | "upstash", prefixSuffix: string, failureLimit: number) {
  vi.resetModules();
  forgetLimiters();
  vi.stubEnv("UPSTASH_REDIS_REST_URL", backend === "upstash" ? rest.url : "");
  vi.stubEnv("UPSTASH_REDIS_REST_TOKEN", backend === "upstash" ? rest.token : "");
  vi.stubEnv("RATE_LIMIT_PREFIX", `${prefix}:${backend}${prefixSuffix}`);
  vi.stubEnv("API_AUTH_FAILURE_LIMIT", String(failureLimit));
}

/** The route on such a fresh module graph. */
async function practiceGroupsRoute(backend: "memory" | "upstash", prefixSuffix: string, failureLimit: number) {
  freshModules(backend, prefixSuffix, failureLimit);
  return (await import("@/app/api/v1/practice-groups/route")).GET;
}

const randomIp = () => `198.51.100.${Math.floor(Math.random() * 254) + 1}`;

function fromAddress(request: Request, peer: string) {
  request.headers.set(PEER_HEADER, peer);
  // What a client writes itself: must not matter.
  request.headers.set("x-forwarded-for", randomIp());
  return request;
}

for (const backend of ["memory", "upstash"] as const) {
  describe(`the failure limit per address (${backend})`, () => {
    beforeEach(() => clearOfMinuteEnd());

    it("answers 401 up to the limit, then 429 without looking the key up; a verified key is not held up", async () => {
      const GET = await practiceGroupsRoute(backend, "", 5);
      const { key, practice } = await partnerKey();
      const peer = `203.0.113.${backend === "memory" ? 7 : 8}`;
      const send = async (presented: string) =>
        (await GET(fromAddress(apiRequest("/practice-groups", { key: presented, practiceGroupId: practice.id }), peer), { params: Promise.resolve({}) }))
          .status;

      // The partner's own key, verified before the attack, keeps working throughout.
      expect(await send(key)).toBe(200);
      const lookups = vi.spyOn(sqlPool(), "query");
      const statuses = [];
      for (let i = 0; i < 8; i++) statuses.push(await send(generateKey("test")));
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
      // Five lookups for the five 401s; none for the 429s.
      expect(lookups.mock.calls.filter(([query]) => typeof query === "object" && (query as { name?: string }).name === "verify-api-key")).toHaveLength(5);
      lookups.mockRestore();
      // Retry-After says when the address's window ends, not a fixed minute.
      const secondsLeft = (at: number) => Math.ceil(((Math.floor(at / 60_000) + 1) * 60_000 - at) / 1000);
      const asked = Date.now();
      const refused = await GET(fromAddress(apiRequest("/practice-groups", { key: generateKey("test"), practiceGroupId: practice.id }), peer), {
        params: Promise.resolve({}),
      });
      expect(refused.status).toBe(429);
      const retryAfter = Number(refused.headers.get("retry-after"));
      expect(retryAfter).toBeGreaterThanOrEqual(secondsLeft(Date.now()));
      expect(retryAfter).toBeLessThanOrEqual(secondsLeft(asked));
      expect(await send(key)).toBe(200);
      // Another address is not affected.
      const other = await GET(fromAddress(apiRequest("/practice-groups", { key: generateKey("test"), practiceGroupId: practice.id }), "203.0.113.99"), {
        params: Promise.resolve({}),
      });
      expect(other.status).toBe(401);
    });

    it("exempts a verified partner key whatever x-username it is sent with (it ignores it)", async () => {
      const GET = await practiceGroupsRoute(backend, ":partner-username", 2);
      const { key, practice } = await partnerKey();
      const peer = `203.0.113.${backend === "memory" ? 47 : 48}`;
      const send = async (presented: string, username?: string) =>
        (
          await GET(fromAddress(apiRequest("/practice-groups", { key: presented, practiceGroupId: practice.id, username }), peer), {
            params: Promise.resolve({}),
          })
        ).status;

      expect(await send(key, "dr.jones")).toBe(200);
      expect([await send(generateKey("test")), await send(generateKey("test")), await send(generateKey("test"))]).toEqual([401, 401, 429]);
      expect(await send(key, "dr.patel")).toBe(200);
      expect(await send(key)).toBe(200);
    });

    it("a verified key loses its exemption at its first refusal: once disconnected, its calls count against the address", async () => {
      const GET = await practiceGroupsRoute(backend, ":refused-after-verified", 3);
      const { key, practice, partner, admin } = await partnerKey();
      const peer = `203.0.113.${backend === "memory" ? 67 : 68}`;
      const send = async () =>
        (await GET(fromAddress(apiRequest("/practice-groups", { key, practiceGroupId: practice.id }), peer), { params: Promise.resolve({}) })).status;

      expect(await send()).toBe(200);
      await disconnectPartner({ practiceGroupId: practice.id, partnerId: partner.id, actor: actorOf(admin) });
      const statuses = [];
      for (let i = 0; i < 6; i++) statuses.push(await send());
      // The first refusal was still exempt (uncounted); the next three count, then the address is held up.
      expect(statuses).toEqual([401, 401, 401, 401, 429, 429]);
    });

    it("lets no more than the limit through when invented keys arrive at once", async () => {
      const GET = await practiceGroupsRoute(backend, ":concurrent", 5);
      const { key, practice } = await partnerKey();
      const peer = `203.0.113.${backend === "memory" ? 27 : 28}`;
      const send = async (presented: string) =>
        (await GET(fromAddress(apiRequest("/practice-groups", { key: presented, practiceGroupId: practice.id }), peer), { params: Promise.resolve({}) }))
          .status;

      const statuses = await Promise.all(Array.from({ length: 20 }, () => send(generateKey("test"))));
      expect(statuses.filter((status) => status === 401)).toHaveLength(5);
      expect(statuses.filter((status) => status === 429)).toHaveLength(15);
      // A working key's first call from that address is held up too (it cannot be told apart
      // before its lookup), and counts nothing: the address's budget is not consumed by it.
      expect(await send(key)).toBe(429);
    });

    it("does not refuse a burst of working keys for their own counts (a partner calling for many practices from one address)", async () => {
      const GET = await practiceGroupsRoute(backend, ":burst", 3);
      const peer = `203.0.113.${backend === "memory" ? 57 : 58}`;
      const send = async (presented: string, practiceGroupId: string) =>
        (await GET(fromAddress(apiRequest("/practice-groups", { key: presented, practiceGroupId }), peer), { params: Promise.resolve({}) })).status;

      // Twelve keys, none verified yet on this instance, all at once, against a limit of three.
      const partners = await Promise.all(Array.from({ length: 12 }, () => partnerKey()));
      expect(await Promise.all(partners.map(({ key, practice }) => send(key, practice.id)))).toEqual(Array(12).fill(200));
    });

    it("takes back the count of a call whose key verifies", async () => {
      const GET = await practiceGroupsRoute(backend, ":verified", 3);
      const peer = `203.0.113.${backend === "memory" ? 37 : 38}`;
      const send = async (presented: string, practiceGroupId: string) =>
        (await GET(fromAddress(apiRequest("/practice-groups", { key: presented, practiceGroupId }), peer), { params: Promise.resolve({}) })).status;

      // Five partners' first calls (none verified yet on this instance) from one address.
      const partners = await Promise.all(Array.from({ length: 5 }, () => partnerKey()));
      for (const { key, practice } of partners) expect(await send(key, practice.id)).toBe(200);
      // None of them was left counted: the address still has its three failures.
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push(await send(generateKey("test"), partners[0].practice.id));
      expect(statuses).toEqual([401, 401, 401, 429]);
    });

    it("does not count a working access token sent to POST /access_token (a mistake, not a guess), but does a forged one", async () => {
      freshModules(backend, ":token-for-key", 2);
      const { POST } = await import("@/app/api/v1/access_token/route");
      const { key, practice } = await partnerKey();
      const peer = `203.0.113.${backend === "memory" ? 67 : 68}`;
      const exchange = async (credentials: { key: string } | { token: string }) => {
        const request = fromAddress(apiRequest("/access_token", { ...credentials, practiceGroupId: practice.id, method: "POST" }), peer);
        const response = await POST(request, { params: Promise.resolve({}) });
        return { status: response.status, body: (await response.json()) as { access_token?: string; message?: string } };
      };
      const token = (await exchange({ key })).body.access_token!;

      const renewals = [];
      for (let i = 0; i < 3; i++) renewals.push(await exchange({ token }));
      expect(renewals.map(({ status }) => status)).toEqual([401, 401, 401]);
      expect(renewals[0].body.message).toContain("send your API key in the x-api-key header");
      // The address still has its two failures: a forged token and an invented key use them up.
      const forged = `${token.slice(0, -4)}AAAA`;
      expect([(await exchange({ token: forged })).status, (await exchange({ key: generateKey("test") })).status]).toEqual([401, 401]);
      expect((await exchange({ key: generateKey("test") })).status).toBe(429);
    });

    it("holds up guesses of a user key's username, even while its owner's calls succeed", async () => {
      const GET = await practiceGroupsRoute(backend, ":username", 3);
      const practice = await createPracticeGroup();
      const { owner, key } = await userKey(practice.id);
      const send = async (username: string | undefined, peer: string) => {
        const request = fromAddress(apiRequest("/practice-groups", { key, practiceGroupId: practice.id, username }), peer);
        const response = await GET(request, { params: Promise.resolve({}) });
        return { status: response.status, message: ((await response.json()) as { message?: string }).message };
      };
      const attacker = `203.0.113.${backend === "memory" ? 17 : 18}`;

      expect((await send(owner.username, "192.0.2.1")).status).toBe(200);
      const guesses = [];
      for (const username of ["admin", "dr.smith", undefined, "reception", "manager"]) guesses.push(await send(username, attacker));
      expect(guesses.map(({ status }) => status)).toEqual([401, 401, 401, 429, 429]);
      // The same answer as for any bad key: nothing says the key itself is live.
      expect(new Set(guesses.slice(0, 3).map(({ message }) => message))).toEqual(new Set([INVALID_CREDENTIALS]));
      expect((await send(owner.username, "192.0.2.1")).status).toBe(200);
    });
  });
}

describe("a call at the limit while others are in flight", () => {
  it("waits at most a moment for room, then is refused: a flood is not held open", async () => {
    freshModules("memory", ":wait", 1);
    const { startAuthAttempt } = await import("@/lib/api/auth-failures");
    const from = () => fromAddress(apiRequest("/practice-groups"), "203.0.113.66");
    // One call counted and still being looked up (a slow database): the next waits, then gets 429.
    const first = await startAuthAttempt(from(), null);
    expect(first.blocked).toBe(false);
    const started = Date.now();
    expect((await startAuthAttempt(from(), null)).blocked).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_900);
    // Taken back, the room is there again.
    await first.settle(false);
    expect((await startAuthAttempt(from(), null)).blocked).toBe(false);
  });
});

describe("the failure limit for IPv6 clients", () => {
  beforeEach(() => clearOfMinuteEnd());

  it("counts a whole /64 as one address: rotating the interface bits gets no fresh budget", async () => {
    const GET = await practiceGroupsRoute("memory", ":ipv6", 3);
    const { practice } = await partnerKey();
    const block = `2001:db8:${randomBytes(2).toString("hex")}:1`;
    const statuses = [];
    for (let i = 1; i <= 5; i++) {
      const request = fromAddress(apiRequest("/practice-groups", { key: generateKey("test"), practiceGroupId: practice.id }), `${block}::${i.toString(16)}`);
      statuses.push((await GET(request, { params: Promise.resolve({}) })).status);
    }
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
  });
});

describe("when Redis does not answer", () => {
  // Five calls in one fixed window: the fallback counts per minute, so not across a minute's end.
  beforeEach(() => clearOfMinuteEnd());

  it("counts in this instance instead: never unlimited, and the reset is the window's end", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const down = createUpstashLimiter({ url: "http://127.0.0.1:9", token: "t", prefix, limit: 3 });
    const decisions = [];
    for (let i = 0; i < 5; i++) decisions.push(await limitWithPolicy(down, `key:${prefix}`, "open"));
    expect(decisions.map((d) => d.outcome)).toEqual(["allowed", "allowed", "allowed", "limited", "limited"]);
    expect(new Set(decisions.map((d) => d.reset)).size).toBe(1);
    expect(decisions[0].reset % 60_000).toBe(0);
    expect(String(warn.mock.calls[0][0])).toContain("counting in this instance instead");
    warn.mockRestore();
    // The in-process limiter itself, for comparison: the same answers.
    const memory = createMemoryLimiter({ limit: 3 });
    const local = [];
    for (let i = 0; i < 5; i++) local.push((await limitWithPolicy(memory, "key:x", "open")).outcome);
    expect(local).toEqual(["allowed", "allowed", "allowed", "limited", "limited"]);
  });
});
