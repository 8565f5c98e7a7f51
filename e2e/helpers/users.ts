// The seeded demo users (prisma/demo-data.ts) and where their signed-in sessions are saved.
export { DEMO_PASSWORD } from "../../prisma/demo-data";

export const USERS = {
  superAdmin: "super@hero.test",
  riversideAdmin: "admin@riverside.test",
  riversideStaff: "staff@riverside.test",
  hilltopAdmin: "admin@hilltop.test",
} as const;

export type DemoUser = keyof typeof USERS;

export const storageState = (user: DemoUser) => `test-results/.auth/${user}.json`;
