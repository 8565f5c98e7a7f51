// Find a request: the id a partner quotes (x-request-id) carries its time, so support finds its
// ledger row within minutes of it; the route's own answers and the middleware's refusals alike.
import { afterAll, describe, expect, it } from "vitest";

import { GET as getPracticeGroups } from "@/app/api/v1/practice-groups/route";
import { keyHashOf } from "@/lib/api-keys";
import { guardApiRequest } from "@/lib/api/edge";
import { newRequestId, requestIdTime } from "@/lib/api/request-id";
import { prisma } from "@/lib/db";
import { flushLedger, recordRequest } from "@/lib/ledger";
import { findRequest } from "@/lib/request-lookup";

import { apiRequest, call, partnerKey } from "./api/helpers";
import { ledgerEntry } from "./support/ledger-entries";

afterAll(() => prisma.$disconnect());

describe("request ids", () => {
  it("are UUIDv7s carrying the time they were made, each its own", () => {
    const now = Date.UTC(2027, 0, 11, 10, 15, 0, 123);
    const ids = Array.from({ length: 1000 }, () => newRequestId(now));
    expect(new Set(ids).size).toBe(1000);
    for (const id of ids) {
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(requestIdTime(id)?.getTime()).toBe(now);
    }
    expect(requestIdTime(` ${ids[0].toUpperCase()} `)?.getTime()).toBe(now);
    // A UUIDv4 (the ids before these) and anything else carry no time.
    for (const other of [crypto.randomUUID(), "not an id", ""]) expect(requestIdTime(other)).toBeNull();
  });
});

describe("findRequest", () => {
  it("finds a request the route answered and one the middleware refused, by the id each answer carried", async () => {
    const { key, practice } = await partnerKey();
    const answered = await call(getPracticeGroups, apiRequest("/practice-groups", { key, practiceGroupId: practice.id }));
    const refused = await guardApiRequest(apiRequest("/practice-groups", { key, practiceGroupId: practice.id, method: "PROPFIND" }));
    await flushLedger();

    const found = await findRequest(answered.headers.get("x-request-id")!);
    expect(found).toMatchObject({
      state: "found",
      row: { method: "GET", route: "/practice-groups", status: 200, actingPracticeName: practice.name, practiceGroupId: practice.id },
    });
    const refusal = await findRequest(refused.headers.get("x-request-id")!);
    expect(refusal).toMatchObject({ state: "found", row: { method: "PROPFIND", status: refused.status, errorCode: (await refused.json()).error } });

    const unknown = newRequestId();
    expect(await findRequest(unknown)).toEqual({ state: "not_found", at: requestIdTime(unknown) });
    expect(await findRequest(crypto.randomUUID())).toEqual({ state: "not_an_id" });
  });

  it("finds nothing, without asking the database, for an id from the future: up to the year 10889", async () => {
    for (const id of ["ffffffff-ffff-7fff-bfff-ffffffffffff", newRequestId(Date.now() + 3_600_000)])
      expect(await findRequest(id)).toEqual({ state: "not_found", at: requestIdTime(id) });
  });

  it("looks from a minute before the id's time to ten minutes after it, and no further", async () => {
    const { key, practice } = await partnerKey();
    const { id: keyId } = await prisma.apiKey.findUniqueOrThrow({ where: { keyHash: keyHashOf(key) } });
    const made = Date.now() - 3_600_000;
    const ids = { early: newRequestId(made), inside: newRequestId(made), late: newRequestId(made) };
    // The same id could only be answered once; each row here carries its own, dated against its id's time.
    recordRequest(ledgerEntry({ requestId: ids.early, keyId, actingPracticeGroupId: practice.id, at: new Date(made - 2 * 60_000) }));
    recordRequest(ledgerEntry({ requestId: ids.inside, keyId, actingPracticeGroupId: practice.id, at: new Date(made + 9 * 60_000) }));
    recordRequest(ledgerEntry({ requestId: ids.late, keyId, actingPracticeGroupId: practice.id, at: new Date(made + 11 * 60_000) }));
    await flushLedger();
    expect((await findRequest(ids.inside)).state).toBe("found");
    expect((await findRequest(ids.early)).state).toBe("not_found");
    expect((await findRequest(ids.late)).state).toBe("not_found");
  });

  it("reads only the minutes around the id's time: one month's partition, which has a BRIN index on at", async () => {
    const plan = await prisma.$queryRawUnsafe<{ "QUERY PLAN": string }[]>(
      `EXPLAIN SELECT 1 FROM api_requests r WHERE r.at >= $1 AND r.at < $2 AND r."requestId" = $3`,
      new Date(Date.now() - 60_000),
      new Date(Date.now() + 600_000),
      newRequestId(),
    );
    const partitions = new Set(plan.flatMap((line) => line["QUERY PLAN"].match(/api_requests_\d{4}_\d{2}\b/g) ?? []));
    expect(partitions.size).toBeGreaterThanOrEqual(1);
    expect(partitions.size).toBeLessThanOrEqual(2);
    // Every partition, those the writer makes ahead of time included, has the parent's index.
    for (const partition of partitions) {
      const indexes = await prisma.$queryRaw<{ indexdef: string }[]>`SELECT indexdef FROM pg_indexes WHERE tablename = ${partition}`;
      expect(indexes.map((index) => index.indexdef)).toContainEqual(expect.stringMatching(/USING brin \(at\)$/));
    }
  });
});
