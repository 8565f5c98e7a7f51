// Fresh, uniquely named practices, users and partners for each test, in the shared test database.
import { randomBytes } from "node:crypto";

import { prisma } from "@/lib/db";
import type { Role, Scope } from "@/lib/generated/prisma/client";

export const unique = (label: string) => `${label}-${randomBytes(4).toString("hex")}`;

export async function createPracticeGroup(label = "practice") {
  return prisma.practiceGroup.create({ data: { name: unique(label), code: unique("X").toUpperCase() } });
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

export async function createPartner(scopes: Scope[] = ["booking_links", "messaging", "booking"]) {
  const slug = unique("partner");
  return prisma.partner.create({ data: { name: slug, slug, description: "Test partner", scopes } });
}

export const actorOf = (user: { id: string; name: string }) => ({ id: user.id, name: user.name });
