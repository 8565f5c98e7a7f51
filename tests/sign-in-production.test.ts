// The demo users' password is published in the README: in staging and production their sign-in is refused
// even with it, should a database seeded as development ever go live (lib/start-up-check.ts
// refuses such a database at start; this covers one seeded while the servers run).
import { afterAll, afterEach, expect, it, vi } from "vitest";

import { authorize } from "@/lib/auth";
import { PEER_HEADER } from "@/lib/client-address";
import { prisma } from "@/lib/db";
import { hashPassword } from "@/lib/passwords";
import { DEMO_PASSWORD, USERS } from "@/prisma/demo-data";

import { createPracticeGroup, unique } from "./support/records";

afterEach(() => vi.unstubAllEnvs());
afterAll(() => prisma.$disconnect());

it("refuses a demo user's sign-in in staging and production, with the right password, and lets it in in development", async () => {
  const demo = USERS.at(-1)!;
  const practice = await createPracticeGroup();
  const user = await prisma.user.create({
    data: {
      name: demo.name,
      email: demo.email,
      username: unique("demo"),
      passwordHash: await hashPassword(DEMO_PASSWORD),
      role: demo.role,
      practiceGroupId: practice.id,
    },
  });
  try {
    const signIn = (address: string) => authorize({ email: demo.email, password: DEMO_PASSWORD }, { headers: { [PEER_HEADER]: address } });
    expect(await signIn("198.51.100.61")).toMatchObject({ id: user.id });
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    for (const [index, environment] of ["staging", "production"].entries()) {
      vi.stubEnv("HERO_ENVIRONMENT", environment);
      expect(await signIn(`198.51.100.${62 + index}`), environment).toBeNull();
      expect(String(warn.mock.calls[index]?.[0])).toContain(`a demo user in ${environment}`);
    }
  } finally {
    await prisma.user.delete({ where: { id: user.id } });
  }
});
