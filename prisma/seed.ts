// Idempotent demo data: upserts by natural keys, so running it twice changes nothing.
// `--if-empty` (used by npm run dev/start) skips a database that already has practices.
// Refuses to run with HERO_ENVIRONMENT=staging or production.
import { realpathSync } from "node:fs";
import { pathToFileURL } from "node:url";

import { issueKey } from "@/lib/api-keys";
import { prisma } from "@/lib/db";
import { isDeployed } from "@/lib/env";
import { atUkTime, ukDate } from "@/lib/key-expiry";
import { nhsCheckDigit } from "@/lib/nhs-number";
import { hashPassword } from "@/lib/passwords";

import { APPOINTMENT_TYPES, DEMO_PASSWORD, NETWORKS, neverSeeded, PARTNERS, PATIENTS, PRACTICE_GROUPS, USERS } from "./demo-data";

const DAY = 24 * 60 * 60 * 1000;

/** A test-range NHS number (999…) with a valid modulus 11 check digit. */
function nhsNumber(seed: number): string {
  for (let n = seed; ; n++) {
    const digits = `999${String(n).padStart(6, "0")}`;
    const check = nhsCheckDigit(digits);
    if (check !== null) return `${digits}${check}`;
  }
}

async function seedSlots(practiceGroupId: string, index: number) {
  if (await prisma.appointmentSlot.count({ where: { practiceGroupId } })) return;
  const slots = [];
  for (let day = 1; day <= 14; day++) {
    // The surgery's day starts at 09:00 on the UK's clock, BST or GMT.
    const date = ukDate(new Date(Date.now() + day * DAY));
    for (let slot = 0; slot < 8; slot++) {
      const startsAt = atUkTime(date, 9 * 60 + slot * 30)!;
      slots.push({
        practiceGroupId,
        startsAt,
        endsAt: new Date(startsAt.getTime() + 15 * 60_000),
        appointmentType: APPOINTMENT_TYPES[(slot + index) % APPOINTMENT_TYPES.length],
        clinician: slot % 2 ? "Nurse Jones" : "Dr Patel",
      });
    }
  }
  await prisma.appointmentSlot.createMany({ data: slots });
}

export async function seed() {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const groups = new Map<string, string>();

  for (const [index, group] of PRACTICE_GROUPS.entries()) {
    const row = await prisma.practiceGroup.upsert({
      where: { code: group.code },
      // Address and phone on creation only: a re-run keeps what a practice admin has set since.
      update: { name: group.name },
      create: { name: group.name, code: group.code, address: group.address, phone: group.phone },
    });
    groups.set(group.key, row.id);
    for (const [p, patient] of PATIENTS.entries()) {
      const nhs = nhsNumber(index * 100 + p * 7 + 1);
      await prisma.patient.upsert({
        where: { practiceGroupId_nhsNumber: { practiceGroupId: row.id, nhsNumber: nhs } },
        update: {},
        create: { ...patient, dateOfBirth: new Date(patient.dateOfBirth), nhsNumber: nhs, practiceGroupId: row.id },
      });
    }
    await seedSlots(row.id, index);
  }

  for (const network of NETWORKS) {
    const row = await prisma.network.upsert({
      where: { code: network.code },
      update: { name: network.name },
      create: { name: network.name, code: network.code },
    });
    for (const member of network.members) {
      const practiceGroupId = groups.get(member)!;
      await prisma.networkMember.upsert({
        where: { networkId_practiceGroupId: { networkId: row.id, practiceGroupId } },
        update: {},
        create: { networkId: row.id, practiceGroupId },
      });
    }
  }

  for (const partner of PARTNERS) {
    await prisma.partner.upsert({ where: { slug: partner.slug }, update: partner, create: partner });
  }

  for (const user of USERS) {
    const { practice, ...fields } = user;
    await prisma.user.upsert({
      where: { email: user.email },
      update: {},
      create: { ...fields, practiceGroupId: groups.get(practice)!, passwordHash },
    });
  }

  // One user-owned key, as in the Super admin > API keys screen (owner: drmatt).
  const owner = await prisma.user.findUniqueOrThrow({ where: { username: "drmatt" } });
  const admin = await prisma.user.findUniqueOrThrow({ where: { email: "super@hero.test" } });
  if (!(await prisma.apiKey.count({ where: { ownerUserId: owner.id } }))) {
    await prisma.$transaction((tx) =>
      issueKey(tx, {
        kind: "USER",
        practiceGroupId: owner.practiceGroupId,
        ownerUserId: owner.id,
        name: "Zapier",
        description: "Workflow automation for recalls",
        scopes: ["booking_links", "messaging", "booking"],
        createdById: admin.id,
      }),
    );
  }
}

async function main() {
  // Demo users share a published password: never on a deployment's database.
  if (isDeployed()) throw new Error(neverSeeded());
  if (process.argv.includes("--if-empty") && (await prisma.practiceGroup.count())) return;
  await seed();
  console.log("Seeded the demo practices, partners and users (password: see README).");
}

// Run as a script (not imported by tests); by its real path, so a symlinked checkout seeds too.
if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) {
  main()
    .catch((error) => {
      console.error("Seeding failed:", error instanceof Error ? error.message : error);
      process.exitCode = 1;
    })
    .finally(() => prisma.$disconnect());
}
