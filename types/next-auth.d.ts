import type { DefaultSession } from "next-auth";

type Role = "STAFF" | "PRACTICE_ADMIN" | "SUPER_ADMIN";

declare module "next-auth" {
  interface Session {
    user: { id: string; role: Role; practiceGroupId: string; sid: string; signedInAt?: number; validFrom?: number | null } & DefaultSession["user"];
  }
  interface User {
    role: Role;
    practiceGroupId: string;
    /** users.sessionsValidFrom when signing in, Unix milliseconds (null: never changed). */
    validFrom: number | null;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    id: string;
    role: Role;
    practiceGroupId: string;
    /** This sign-in's id: ended sessions are listed in revoked_sessions. */
    sid: string;
    /** When this session signed in, Unix seconds: it ends SESSION_LIFETIME_SECONDS later (lib/sessions.ts). Absent from cookies issued before it was recorded. */
    signedInAt?: number;
    /** The user's sessionsValidFrom at sign-in, Unix ms: a later change (deactivation, role) ends the session (lib/session.ts). Absent from cookies issued before 5 December 2026. */
    validFrom?: number | null;
  }
}
