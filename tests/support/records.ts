// Fresh, uniquely named records for each test, made with Prisma in the database DATABASE_URL
// names: the one test-support module of vitest, Playwright, the bench and the fuzzer.
import { randomBytes, randomInt } from "node:crypto";

import { prisma } from "@/lib/db";
import type { Role, Scope } from "@/lib/generated/prisma/client";
import { nhsCheckDigit } from "@/lib/nhs-number";
import { ALL_SCOPES } from "@/lib/scopes";

export const unique = (label: string) => `${label}-${randomBytes(4).toString("hex")}`;

export async function createPracticeGroup(label = "practice", contact: { address?: string; phone?: string } = {}) {
  return prisma.practiceGroup.create({ data: { name: unique(label), code: unique("X").toUpperCase(), ...contact } });
}

export async function createNetwork(practiceGroupIds: string[]) {
  return prisma.network.create({
    data: { name: unique("network"), code: unique("U"), members: { create: practiceGroupIds.map((practiceGroupId) => ({ practiceGroupId })) } },
  });
}

export async function createUser(practiceGroupId: string, role: Role = "PRACTICE_ADMIN") {
  const name = unique("user");
  return prisma.user.create({
    // Not a real hash: these users never sign in through the password form.
    data: { name, email: `${name}@example.test`, username: name, passwordHash: "unused", role, practiceGroupId },
  });
}

export async function createPartner(scopes: readonly Scope[] = ALL_SCOPES) {
  const slug = unique("partner");
  return prisma.partner.create({ data: { name: slug, slug, description: "Test partner", scopes: [...scopes] } });
}

export const actorOf = (user: { id: string; name: string }) => ({ id: user.id, name: user.name });

export async function createPatient(practiceGroupId: string) {
  // A valid one (the API checks the check digit): nine random digits and theirs.
  let nhsNumber = "";
  while (!nhsNumber) {
    const firstNine = String(randomInt(100_000_000, 999_999_999));
    const check = nhsCheckDigit(firstNine);
    if (check !== null) nhsNumber = `${firstNine}${check}`;
  }
  return prisma.patient.create({ data: { practiceGroupId, nhsNumber, firstName: "Test", lastName: "Patient", dateOfBirth: new Date("1980-01-01") } });
}

/** A 15-minute GP consultation starting in `startsIn` milliseconds, or at that time. */
export async function createSlot(practiceGroupId: string, startsIn: number | Date = 86_400_000, appointmentType = "GP consultation") {
  const startsAt = typeof startsIn === "number" ? new Date(Date.now() + startsIn) : startsIn;
  return prisma.appointmentSlot.create({
    data: { practiceGroupId, startsAt, endsAt: new Date(startsAt.getTime() + 15 * 60_000), appointmentType, clinician: "Dr Test" },
  });
}
