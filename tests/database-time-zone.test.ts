// Timestamps are stored in UTC without a zone (Prisma's DateTime). A PostgreSQL whose time zone is
// not UTC (initdb takes the host's: the embedded default on a UK machine runs on Europe/London)
// must not move a share link's expiry, the idempotency window, a ledger search or a time read back.
// The app sets its sessions to UTC whatever zone they start in (lib/db.ts); beneath that, SQL that
// compares with now() converts it to UTC first, and the ledger's searches send their bounds with
// their zone (lib/db.ts instant): those are tested on sessions kept in another zone.
import { randomUUID } from "node:crypto";

import { afterAll, afterEach, describe, expect, it, vi } from "vitest";

import { newRequestId } from "@/lib/api/request-id";
import { prisma } from "@/lib/db";
import { flushLedger, recordRequest } from "@/lib/ledger";
import { supportActor } from "@/lib/support";
import { getSupportPractice } from "@/lib/support-practices";

import { partnerKey } from "./api/helpers";
import { ledgerEntry } from "./support/ledger-entries";
import { createPracticeGroup, createUser } from "./support/records";

afterAll(() => prisma.$disconnect());
afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

type Clients = { database?: unknown };

/**
 * lib/ modules afresh, on a pool of their own whose DATABASE_URL asks for time zone `zone`: their
 * sessions as the app sets them, or (`kept`) held in that zone after the app's own setting.
 */
async function inZone<T>(zone: string, load: () => Promise<T>, sessions: "as the app sets them" | "kept" = "kept") {
  const url = new URL(process.env.DATABASE_URL!);
  url.searchParams.set("options", `-c TimeZone=${zone}`);
  vi.stubEnv("DATABASE_URL", url.toString());
  vi.resetModules();
  // lib/db.ts keeps its clients on globalThis: set this file's aside while the zoned ones serve.
  const global = globalThis as Clients;
  const usual = global.database;
  delete global.database;
  const modules = await load();
  const { prisma: zoned, sqlPool } = await import("@/lib/db");
  // After the app's own "connect" listener: the defences beneath it are tested on a session it did not set.
  if (sessions === "kept") sqlPool().on("connect", (client) => void client.query(`SET TIME ZONE '${zone}'`));
  const [{ zone: session }] = await zoned.$queryRaw<{ zone: string }[]>`SELECT current_setting('TimeZone') AS zone`;
  expect(session).toBe(sessions === "kept" ? zone : "UTC");
  return {
    modules,
    done: async () => {
      await zoned.$disconnect();
      global.database = usual;
    },
  };
}

// Behind UTC, a link that has expired looked alive; ahead of it, a live one looked expired.
const ZONES = ["America/New_York", "Asia/Tokyo"];

describe.each(ZONES)("on a database in %s", (zone) => {
  it("a share link opens until its expiry and not after", async () => {
    const hero = await createPracticeGroup("hero");
    const actor = supportActor(await createUser(hero.id, "SUPER_ADMIN"));
    const { practice, key } = await partnerKey();
    const keyId = (await getSupportPractice(practice.id))!.connections[0].liveKey!.id;
    const { modules, done } = await inZone(zone, () => import("@/lib/key-shares"));
    try {
      const share = async (expiresInMs: number) => {
        const { path } = await modules.createKeyShare({ practiceGroupId: practice.id, keyId, actor, reason: "Ticket 12" });
        const token = path.split("#")[1];
        await prisma.keyShareLink.updateMany({ where: { apiKeyId: keyId, openedAt: null }, data: { expiresAt: new Date(Date.now() + expiresInMs) } });
        return token;
      };
      expect(await modules.openKeyShare(await share(-60_000))).toMatchObject({ ok: false });
      expect(await modules.openKeyShare(await share(30 * 60_000))).toMatchObject({ ok: true, key });
      const opened = await prisma.keyShareLink.findFirstOrThrow({ where: { apiKeyId: keyId, openedAt: { not: null } } });
      expect(Math.abs(opened.openedAt!.getTime() - Date.now())).toBeLessThan(60_000);
    } finally {
      await done();
    }
  });

  it("the idempotency window forgets a key after 24 hours, not earlier or later", async () => {
    const callerId = randomUUID();
    const hoursAgo = (hours: number) => ({
      callerId,
      keyHash: `h${hours}`,
      fingerprint: "f",
      resourceId: randomUUID(),
      createdAt: new Date(Date.now() - hours * 3_600_000),
    });
    await prisma.idempotencyKey.createMany({ data: [hoursAgo(25), hoursAgo(23)] });
    const { modules, done } = await inZone(zone, () => import("@/lib/idempotency"));
    try {
      await modules.pruneIdempotencyKeys();
    } finally {
      await done();
    }
    expect((await prisma.idempotencyKey.findMany({ where: { callerId } })).map((row) => row.keyHash)).toEqual(["h23"]);
  });

  // 23:30 BST on 2 June is 2 June's: read in the session's zone, the day's bounds moved by hours.
  it("a key report for a UK day holds that day's requests, late in the evening too", async () => {
    const { practice } = await partnerKey();
    const { id: keyId } = await prisma.apiKey.findFirstOrThrow({ where: { practiceGroupId: practice.id }, select: { id: true } });
    const requestId = `late-${randomUUID()}`;
    recordRequest(ledgerEntry({ requestId, keyId, actingPracticeGroupId: practice.id, at: new Date("2026-06-02T22:30:00Z") }));
    await flushLedger();
    const { modules, done } = await inZone(zone, () => import("@/lib/api-activity"));
    try {
      const viewer = { practiceGroupId: practice.id, role: "PRACTICE_ADMIN" };
      const report = async (day: string) => (await modules.keyReport(viewer, keyId, { from: day, to: day }))?.rows.map((row) => row.requestId);
      expect(await report("2026-06-02")).toEqual([requestId]);
      expect(await report("2026-06-03")).toEqual([]);
    } finally {
      await done();
    }
  });

  // Prisma's adapter read a timestamptz's clock time as UTC, its offset dropped: every ledger time shown moved by hours.
  it("reads a ledger row's time back as it was written, its sessions in UTC", async () => {
    const { practice } = await partnerKey();
    const { id: keyId } = await prisma.apiKey.findFirstOrThrow({ where: { practiceGroupId: practice.id }, select: { id: true } });
    const at = new Date("2026-06-02T21:30:00.123Z");
    recordRequest(ledgerEntry({ requestId: `read-back-${randomUUID()}`, keyId, actingPracticeGroupId: practice.id, at }));
    await flushLedger();
    const { modules, done } = await inZone(zone, () => import("@/lib/api-activity"), "as the app sets them");
    try {
      const report = await modules.keyReport({ practiceGroupId: practice.id, role: "PRACTICE_ADMIN" }, keyId, { from: "2026-06-02", to: "2026-06-02" });
      expect(report?.rows.map((row) => row.at)).toEqual([at]);
    } finally {
      await done();
    }
  });

  // The search's bounds, sent without their zone, were read hours away from the request: "not found".
  it("Find a request finds a request by the id its answer carried", async () => {
    const { key, practice } = await partnerKey();
    const { id: keyId } = await prisma.apiKey.findFirstOrThrow({ where: { practiceGroupId: practice.id }, select: { id: true } });
    const requestId = newRequestId();
    recordRequest(ledgerEntry({ requestId, keyId, actingPracticeGroupId: practice.id }));
    await flushLedger();
    expect(key).toBeTruthy();
    const { modules, done } = await inZone(zone, () => import("@/lib/request-lookup"));
    try {
      expect(await modules.findRequest(requestId)).toMatchObject({ state: "found", row: { practiceGroupId: practice.id } });
    } finally {
      await done();
    }
  });
});
