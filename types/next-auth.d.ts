import type { DefaultSession } from "next-auth";

type Role = "STAFF" | "PRACTICE_ADMIN" | "SUPER_ADMIN";

declare module "next-auth" {
  interface Session {
    user: { id: string; role: Role; practiceGroupId: string; sid: string } & DefaultSession["user"];
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
    /** This sign-in's id: ended sessions are listed in revoked_sessions. */
    sid: string;
  }
}
