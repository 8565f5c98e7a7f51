// Access tokens: signed, short-lived, bound to a practice group, and only as alive as their key.
import { afterAll, describe, expect, it } from "vitest";

import { POST as exchange } from "@/app/api/v1/access_token/route";
import { GET as getPracticeGroups } from "@/app/api/v1/practice-groups/route";
import { signAccessToken, verifyAccessToken } from "@/lib/access-tokens";
import { keyHashOf } from "@/lib/api-keys";
import { guardApiRequest } from "@/lib/api/edge";
import { prisma } from "@/lib/db";
import { formatDateTime } from "@/lib/format";
import { TOKEN_TTL_SECONDS } from "@/lib/limits";
import { disconnectPartner, rotatePartnerKey } from "@/lib/partners";
import { findKeyForSupport } from "@/lib/support-practices";

import { actorOf, createNetwork, createPracticeGroup } from "../support/records";
import { apiRequest, call, partnerKey, userKey } from "./helpers";

afterAll(() => prisma.$disconnect());

const KEY_HASH = "a".repeat(64);
const fields = { kh: KEY_HASH, pg: "6f1c3b1e-8d2a-4c55-9a57-0e2f3b4c5d6e", env: "test" as const };

async function exchangeFor(key: string, practiceGroupId: string, username?: string) {
  return call(exchange, apiRequest("/access_token", { key, practiceGroupId, username, method: "POST" }));
}

describe("token format", () => {
  it("verifies its own tokens until they expire", async () => {
    const now = Date.now();
    const { token, expiresAt } = await signAccessToken(fields, now);
    expect(token).toMatch(/^hero_at_[\w-]+\.[\w-]+$/);
    expect(expiresAt.getTime()).toBe(Math.floor(now / 1000) * 1000 + TOKEN_TTL_SECONDS * 1000);
    expect(await verifyAccessToken(token, now)).toMatchObject(fields);
    expect(await verifyAccessToken(token, expiresAt.getTime())).toBeNull();
  });

  it("refuses altered, truncated and foreign tokens", async () => {
    const { token } = await signAccessToken(fields);
    const [body, signature] = token.slice("hero_at_".length).split(".");
    const otherBody = Buffer.from(JSON.stringify({ ...fields, pg: "00000000-0000-4000-8000-000000000000", exp: 9_999_999_999 })).toString("base64url");
    for (const bad of [
      `hero_at_${otherBody}.${signature}`,
      `hero_at_${body}.`,
      `hero_at_${body}`,
      token.replace("hero_at_", "hero_xx_"),
      `${token}.extra`,
      "",
      "Bearer",
    ]) {
      expect(await verifyAccessToken(bad)).toBeNull();
    }
  });
});

describe("POST /api/v1/access_token", () => {
  it("exchanges a key for a bearer token that works with the same practice group header only", async () => {
    const { key, practice } = await partnerKey();
    const hub = await createPracticeGroup("hub");
    await createNetwork([practice.id, hub.id]);

    const issued = await exchangeFor(key, hub.id);
    expect(issued.status).toBe(200);
    expect(issued.body).toMatchObject({ token_type: "Bearer", expires_in: TOKEN_TTL_SECONDS });
    expect(issued.text).not.toContain(key);
    const token = issued.body.access_token;

    const ok = await call(getPracticeGroups, apiRequest("/practice-groups", { token, practiceGroupId: hub.id }));
    expect([ok.status, ok.body.data.id]).toEqual([200, hub.id]);
    const other = await call(getPracticeGroups, apiRequest("/practice-groups", { token, practiceGroupId: practice.id }));
    expect([other.status, other.body.error]).toEqual([403, "forbidden"]);
  });

  it("sent in x-api-key, as seed 002's diagram could be read, is refused with 401 saying where a token goes", async () => {
    const { key, practice } = await partnerKey();
    const token = (await exchangeFor(key, practice.id)).body.access_token;
    const answer = await guardApiRequest(apiRequest("/practice-groups", { key: token, practiceGroupId: practice.id }));
    const body = await answer.json();
    expect([answer.status, body.error]).toEqual([401, "invalid_credentials"]);
    expect(body.message).toContain("send it as Authorization: Bearer <token>");
    expect(body.message).not.toContain(token);
  });

  it("ends when its key does, if that is sooner, and says so", async () => {
    const { key, practice } = await partnerKey();
    const keyExpiresAt = new Date(Math.floor(Date.now() / 1000) * 1000 + 120_000);
    await prisma.apiKey.update({ where: { keyHash: keyHashOf(key) }, data: { expiresAt: keyExpiresAt } });
    const issued = await exchangeFor(key, practice.id);
    expect(issued.status).toBe(200);
    expect(issued.body.expires_at).toBe(keyExpiresAt.toISOString());
    expect(issued.body.expires_in).toBeGreaterThan(100);
    expect(issued.body.expires_in).toBeLessThanOrEqual(120);
    expect(await verifyAccessToken(issued.body.access_token, keyExpiresAt.getTime())).toBeNull();
  });

  it("expired or forged, is refused before any lookup saying the token is at fault, not the key", async () => {
    const { key, practice } = await partnerKey();
    const { access_token: token } = (await exchangeFor(key, practice.id)).body;
    const expired = (await signAccessToken({ kh: keyHashOf(key), pg: practice.id, env: "test" }, Date.now() - (TOKEN_TTL_SECONDS + 1) * 1000)).token;
    for (const sent of [expired, `${token.slice(0, -4)}AAAA`]) {
      const answer = await guardApiRequest(apiRequest("/practice-groups", { token: sent, practiceGroupId: practice.id }));
      expect([answer.status, await answer.json()]).toEqual([401, { error: "invalid_credentials", message: "The access token is invalid or has expired." }]);
    }
  });

  it("an API key sent as a bearer token is refused saying where a key goes", async () => {
    const { key, practice } = await partnerKey();
    const answer = await guardApiRequest(apiRequest("/practice-groups", { token: key, practiceGroupId: practice.id }));
    const body = await answer.json();
    expect([answer.status, body.error]).toEqual([401, "invalid_credentials"]);
    expect(body.message).toBe(
      "This is an API key, not an access token: send it in x-api-key, or exchange it at POST /access_token for a token to send as Authorization: Bearer.",
    );
  });

  it("dies with its key: rotation and disconnection end it at once", async () => {
    for (const kill of [rotatePartnerKey, disconnectPartner]) {
      const { key, practice, partner, admin } = await partnerKey();
      const { body } = await exchangeFor(key, practice.id);
      const use = () => call(getPracticeGroups, apiRequest("/practice-groups", { token: body.access_token, practiceGroupId: practice.id }));
      expect((await use()).status).toBe(200);
      await kill({ practiceGroupId: practice.id, partnerId: partner.id, actor: actorOf(admin) });
      const after = await use();
      expect([after.status, after.body.error]).toEqual([401, "invalid_credentials"]);
    }
  });

  it("is refused for a practice group outside the network, and cannot be renewed with a token", async () => {
    const { key, practice } = await partnerKey();
    const outsider = await createPracticeGroup();
    expect((await exchangeFor(key, outsider.id)).status).toBe(403);
    const { body } = await exchangeFor(key, practice.id);
    const renewed = await call(exchange, apiRequest("/access_token", { token: body.access_token, practiceGroupId: practice.id, method: "POST" }));
    expect([renewed.status, renewed.body.error]).toEqual([401, "invalid_credentials"]);
  });

  it("a token sent in place of the key stays charged to its key's limit: it is the key's own caller, not a guess", async () => {
    const { key, practice } = await partnerKey();
    const { body } = await exchangeFor(key, practice.id);
    const remaining: Array<string | null> = [];
    for (let i = 0; i < 3; i++) {
      const request = () => apiRequest("/access_token", { token: body.access_token, practiceGroupId: practice.id, method: "POST" });
      remaining.push((await guardApiRequest(request())).headers.get("X-RateLimit-Remaining"));
      expect((await call(exchange, request())).status).toBe(401);
    }
    expect(remaining).toEqual(["299", "298", "297"]);
  });

  it("binds a user key's token to its owner's username", async () => {
    const practice = await createPracticeGroup();
    const { owner, key } = await userKey(practice.id);
    expect((await exchangeFor(key, practice.id)).status).toBe(401);
    const { body } = await exchangeFor(key, practice.id, owner.username);
    const use = () => call(getPracticeGroups, apiRequest("/practice-groups", { token: body.access_token, practiceGroupId: practice.id }));
    expect((await use()).status).toBe(200);
    // Whoever holds the token can read its payload: the username, half a user key's credentials, is not in it.
    const payload = Buffer.from((body.access_token as string).slice("hero_at_".length).split(".")[0], "base64url").toString();
    expect(payload).not.toContain(owner.username);
    // A token carrying the username itself (as made before 8 December 2026), signed all the same, is refused.
    const fields = { kh: keyHashOf(key), pg: practice.id, env: "test" as const };
    const legacy = await signAccessToken({ ...fields, u: owner.username } as Parameters<typeof signAccessToken>[0]);
    expect((await call(getPracticeGroups, apiRequest("/practice-groups", { token: legacy.token, practiceGroupId: practice.id }))).status).toBe(401);
    await prisma.user.update({ where: { id: owner.id }, data: { username: `${owner.username}-renamed` } });
    expect((await use()).status).toBe(401);
  });
  // Support pasting a token reported as leaked saw "Status: Active", the key's: the token itself had long stopped working.
  it("Hero support's Find key says a pasted token has expired and no longer works, and still finds its key", async () => {
    const { key, practice } = await partnerKey();
    const fields = { kh: keyHashOf(key), pg: practice.id, env: "test" as const };
    const live = await findKeyForSupport((await signAccessToken(fields)).token);
    expect(live).toMatchObject({ via: "An access token of ", status: "Active" });
    const issuedAt = Date.now() - (TOKEN_TTL_SECONDS + 60) * 1000;
    const expired = await findKeyForSupport((await signAccessToken(fields, issuedAt)).token);
    expect(expired.via).toBe(
      `An access token that expired ${formatDateTime(new Date(Math.floor(issuedAt / 1000 + TOKEN_TTL_SECONDS) * 1000))} and no longer works, made with `,
    );
    expect(expired).toMatchObject({ displayKey: live.displayKey, status: "Active" });
  });
});
