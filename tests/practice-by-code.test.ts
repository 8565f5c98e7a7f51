// A practice code typed into Super admin (Add practice to a network, the Audit log's and API keys'
// filters) or npm run admin finds the practice whose code it is, in any case, and no other: a typed
// _ or % is a character, not a wildcard (Prisma hands a case-blind `equals` to ILIKE as it is).
import { afterAll, expect, it } from "vitest";

import { prisma } from "@/lib/db";
import { practiceByCode } from "@/lib/practice-groups";
import { addPractice } from "@/lib/provisioning";

import { createPracticeGroup, unique } from "./support/records";

afterAll(() => prisma.$disconnect());

it("finds a practice by its code in any case, and never by a code with _ or % in place of its characters", async () => {
  const practice = await createPracticeGroup();
  expect(await practiceByCode(prisma, practice.code.toLowerCase())).toMatchObject({ id: practice.id });
  for (const typed of [`${practice.code.slice(0, -1)}_`, `${practice.code.slice(0, 4)}%`, "%"]) expect(await practiceByCode(prisma, typed)).toBeNull();
});

it("npm run admin add-practice takes a code that only a wildcard would have matched", async () => {
  const code = unique("W").toUpperCase().replace(/-/g, "");
  await addPractice({ name: "Taken", code, address: null, phone: null });
  const alike = `${code.slice(0, -1)}_`;
  await expect(addPractice({ name: "Alike", code: alike, address: null, phone: null })).resolves.toMatchObject({ code: alike });
});
