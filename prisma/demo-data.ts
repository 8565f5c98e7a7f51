// The demo practices, network, partners and users the README lists.
import type { Role, Scope } from "@/lib/generated/prisma/client";

export const DEMO_PASSWORD = "demo-password-2026";

/** Why npm run db:seed and prisma/seed.ts refuse staging and production: the password above is published. */
export const neverSeeded = () => `HERO_ENVIRONMENT=${process.env.HERO_ENVIRONMENT}: the demo data is never seeded in staging or production.`;

// Phone numbers from Ofcom's range for drama (01632 960000–960999): never a real line. Hilltop
// gives none, to show the booking confirmation without them.
export const PRACTICE_GROUPS = [
  { key: "riverside", name: "Riverside Medical Practice", code: "A81001", address: "12 River Street\nRiverside\nRS1 2AB", phone: "01632 960111" },
  { key: "hub", name: "Riverside PCN Hub Site", code: "Y81001", address: "Riverside Health Centre\n1 Bridge Road\nRiverside\nRS2 4CD", phone: "01632 960222" },
  { key: "hilltop", name: "Hilltop Surgery", code: "B82002", address: null, phone: null },
] as const;

export type PracticeKey = (typeof PRACTICE_GROUPS)[number]["key"];

export const NETWORKS = [{ name: "Riverside Primary Care Network", code: "U81001", members: ["riverside", "hub"] as PracticeKey[] }];

export const PARTNERS: { name: string; slug: string; description: string; scopes: Scope[] }[] = [
  {
    name: "TriageFirst",
    slug: "triagefirst",
    description: "Online triage provider: patients describe their problem and the practice replies or sends a booking link.",
    scopes: ["booking_links", "messaging"],
  },
  {
    name: "BookWell",
    slug: "bookwell",
    description: "Appointment booking across the practice and its network hub sites.",
    scopes: ["booking", "booking_links"],
  },
  {
    name: "CareText",
    slug: "caretext",
    description: "Patient messaging: reminders, recalls and results.",
    scopes: ["messaging"],
  },
];

export const USERS: { email: string; name: string; username: string; role: Role; practice: PracticeKey }[] = [
  { email: "super@hero.test", name: "Sam Okafor", username: "sokafor", role: "SUPER_ADMIN", practice: "riverside" },
  { email: "admin@riverside.test", name: "Priya Shah", username: "pshah", role: "PRACTICE_ADMIN", practice: "riverside" },
  { email: "staff@riverside.test", name: "Tom Reed", username: "treed", role: "STAFF", practice: "riverside" },
  { email: "matt@riverside.test", name: "Dr Matt Evans", username: "drmatt", role: "STAFF", practice: "riverside" },
  { email: "admin@hub.test", name: "Hannah Boyd", username: "hboyd", role: "PRACTICE_ADMIN", practice: "hub" },
  { email: "admin@hilltop.test", name: "Owen Price", username: "oprice", role: "PRACTICE_ADMIN", practice: "hilltop" },
];

/** The demo users' emails: with DEMO_PASSWORD published, production refuses them (lib/start-up-check.ts, lib/auth.ts). */
export const DEMO_EMAILS: readonly string[] = USERS.map((user) => user.email);

export const PATIENTS = [
  { firstName: "Alice", lastName: "Morgan", dateOfBirth: "1984-03-12" },
  { firstName: "Ben", lastName: "Carter", dateOfBirth: "1972-11-02" },
  { firstName: "Chloe", lastName: "Davies", dateOfBirth: "1999-06-25" },
  { firstName: "Daniel", lastName: "Hughes", dateOfBirth: "1958-01-30" },
  { firstName: "Ella", lastName: "Khan", dateOfBirth: "2010-09-14" },
];

export const APPOINTMENT_TYPES = ["GP consultation", "Nurse appointment", "Blood test"];
