import type { DefaultSession } from "next-auth";

type Role = "STAFF" | "PRACTICE_ADMIN" | "SUPER_ADMIN";

declare module "next-auth" {
  interface Session {
    user: { id: string; role: Role; practiceGroupId: string } & DefaultSession["user"];
  }
  interface User {
    role: Role;
    practiceGroupId: string;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    id: string;
    role: Role;
    practiceGroupId: string;
  }
}
