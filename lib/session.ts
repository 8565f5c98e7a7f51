// Who is signed in, re-read from the database on every request: role checks run on the
// server for every page and every action, never only in the UI.
import { getServerSession } from "next-auth";
import { cookies } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";

import { authOptions } from "@/lib/auth";
import { prisma } from "@/lib/db";
import type { Role } from "@/lib/generated/prisma/client";
import { isSessionOverdue, SESSION_COOKIE, sessionCookieOptions } from "@/lib/session-cookie";
import { endSession, isSessionEnded, SessionEndedError, type ActingSession } from "@/lib/sessions";

export type SessionUser = {
  id: string;
  name: string;
  email: string;
  username: string;
  role: Role;
  practiceGroupId: string;
  practiceGroupName: string;
  /** What this request found valid: the changes it makes check it again (lib/sessions.ts holdActingSession). */
  session: ActingSession;
};

export const getCurrentUser = cache(async (): Promise<SessionUser | null> => {
  const session = await getServerSession(authOptions);
  if (!session?.user?.id || !session.user.sid || isSessionOverdue(session.user.signedInAt)) return null;
  const [user, ended] = await Promise.all([
    prisma.user.findUnique({ where: { id: session.user.id }, include: { practiceGroup: { select: { name: true } } } }),
    isSessionEnded(session.user.sid),
  ]);
  // Signed out, deactivated, or given another role since signing in: the session is over, for
  // good: reactivating the user or giving the role back does not bring it back.
  if (!user?.active || ended || user.role !== session.user.role || changedSince(session.user.validFrom, user.sessionsValidFrom)) {
    if (user && !ended) await endSession(session.user.sid, user.id, session.user.signedInAt);
    return null;
  }
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    username: user.username,
    role: user.role,
    practiceGroupId: user.practiceGroupId,
    practiceGroupName: user.practiceGroup.name,
    session: { sid: session.user.sid, role: user.role, validFrom: user.sessionsValidFrom?.getTime() ?? null },
  };
});

/**
 * Whether the user was deactivated or given another role since this session signed in, even if
 * that was undone before its next request: the database dates each change (users.sessionsValidFrom)
 * and the session carries the date it saw at sign-in. Compared for equality, so neither clock
 * matters, and a change made while the password was being checked counts too.
 */
function changedSince(seenAtSignIn: number | null | undefined, sessionsValidFrom: Date | null) {
  return (seenAtSignIn ?? null) !== (sessionsValidFrom?.getTime() ?? null);
}

/** Clears this browser's session cookie, in a server action or a route handler (next-auth splits a large one into .0, .1, …). */
export async function clearSessionCookie() {
  const jar = await cookies();
  for (const { name } of jar.getAll()) {
    if (name === SESSION_COOKIE || name.startsWith(`${SESSION_COOKIE}.`)) {
      jar.set(name, "", { ...sessionCookieOptions(), maxAge: 0 });
    }
  }
}

export function isPracticeAdmin(user: Pick<SessionUser, "role">) {
  return user.role === "PRACTICE_ADMIN" || user.role === "SUPER_ADMIN";
}

export function isSuperAdmin(user: Pick<SessionUser, "role">) {
  return user.role === "SUPER_ADMIN";
}

export async function requireUser() {
  const user = await getCurrentUser();
  if (!user) redirect("/sign-in");
  return user;
}

/**
 * For a page that records what it shows (a super admin's key report): a session found ended
 * between the page's start and the record sends the user to sign in, as at the start.
 */
export function signInIfSessionEnded(error: unknown): never {
  if (error instanceof SessionEndedError) redirect("/sign-in");
  throw error;
}

/** Super admin pages do not exist for anyone else: not-found, not forbidden. */
export async function requireSuperAdmin() {
  const user = await requireUser();
  if (!isSuperAdmin(user)) notFound();
  return user;
}
