// npm run admin add-practice refuses a code another practice has in any case (support types codes
// as heard on the phone: a81001 beside A81001 would be found in its place), also when two adds run at once.
import { randomBytes } from "node:crypto";

import { afterAll, describe, expect, it } from "vitest";

import { prisma } from "@/lib/db";
import { addPractice } from "@/lib/provisioning";

import { waitForLockWaiter } from "./support/locks";
import { hookQueries } from "./support/query-hook";

afterAll(() => prisma.$disconnect());

const practice = (name: string, code: string) => ({ name, code, address: null, phone: null });

describe("add-practice", () => {
  it("of two adds at once of one code in two cases, one makes the practice and the other is refused", async () => {
    const code = `T${randomBytes(4).toString("hex")}`.toUpperCase();
    let second: Promise<unknown> | undefined;
    let secondChecked = false;
    const unhook = hookQueries((text, run) => {
      // The second add's check, read while the first has not committed.
      if (second && text.startsWith("SELECT") && text.includes('FROM "public"."practice_groups"'))
        return run().then((rows) => {
          secondChecked = true;
          return rows;
        });
      if (second || !text.includes('INSERT INTO "public"."practice_groups"')) return undefined;
      // The first add is about to insert: the second starts now, and runs until it has checked or waits for the first.
      second = addPractice(practice("Second", code.toLowerCase())).catch((error: unknown) => error);
      const checked = new Promise<void>((resolve) => {
        const poll = setInterval(() => secondChecked && (clearInterval(poll), resolve()), 10);
      });
      return Promise.race([second, checked, waitForLockWaiter().catch(() => {})]).then(run);
    });
    let first: unknown;
    try {
      first = await addPractice(practice("First", code));
    } finally {
      unhook();
    }
    expect(first).toMatchObject({ code });
    const refused = await second;
    expect(refused).toBeInstanceOf(Error);
    expect((refused as Error).message).toBe(`Another practice already has the code ${code}`);
    expect(await prisma.practiceGroup.count({ where: { code: { equals: code, mode: "insensitive" } } })).toBe(1);
  });
});
