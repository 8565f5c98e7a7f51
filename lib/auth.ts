// Sign-in: next-auth credentials (email + password) with JWT sessions carrying the user's
// id, role, practice group and a session id. Pages and actions still re-read the user and the
// session id (lib/session.ts), so sign-out, deactivation and a changed role end the session on
// the server at once, whatever the cookie says.
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";

import { prisma } from "@/lib/db";
import { loggableError } from "@/lib/db-errors";
import { isDeployed } from "@/lib/env";
import { decoyPasswordHash, PASSWORD_MAX_LENGTH, verifyPassword } from "@/lib/passwords";
import { emailField } from "@/lib/schemas";
import { SESSION_COOKIE, SESSION_IDLE_SECONDS, sessionClaims, sessionCookieOptions } from "@/lib/session-cookie";
import { SIGN_IN_UNAVAILABLE, TOO_MANY_ATTEMPTS } from "@/lib/sign-in-errors";
import { startSignInAttempt } from "@/lib/sign-in-throttle";
import { DEMO_EMAILS } from "@/prisma/demo-data";

const credentialsSchema = z.object({
  email: emailField,
  password: z.string().min(1).max(PASSWORD_MAX_LENGTH),
});

/** Exported for tests/sign-in-database-down.test.ts; next-auth calls it through the provider below. */
export async function authorize(raw: unknown, request: { headers?: Record<string, string | string[] | undefined> }) {
  const parsed = credentialsSchema.safeParse(raw);
  if (!parsed.success) return null;
  const { email, password } = parsed.data;
  const headers = new Headers(
    Object.entries(request?.headers ?? {}).flatMap(([name, value]) => (typeof value === "string" ? [[name, value] as [string, string]] : [])),
  );
  // Counted before the password is even checked, and alike for known and unknown emails.
  const attempt = await startSignInAttempt(email, headers);
  if (attempt.blocked) throw new Error(TOO_MANY_ATTEMPTS);
  let user, valid;
  try {
    user = await prisma.user.findUnique({ where: { email }, omit: { passwordHash: false } });
    // Unknown emails are checked against a decoy hash, so timing does not reveal which emails exist.
    valid = await verifyPassword(user?.passwordHash ?? (await decoyPasswordHash()), password);
  } catch (error) {
    // Not a wrong password (the database did not answer): not a failure either. next-auth would
    // put the error's message in the URL it answers with, so the browser gets a code, the log the cause.
    await attempt.takeBack();
    console.error(`Sign-in failed: ${loggableError(error)}`);
    throw new Error(SIGN_IN_UNAVAILABLE);
  }
  if (!user || !valid || !user.active) return null;
  // The demo users' password is published: a database seeded as development that went live anyway.
  if (isDeployed() && DEMO_EMAILS.includes(user.email)) {
    console.warn(`Sign-in refused: a demo user in ${process.env.HERO_ENVIRONMENT}. Remove the demo users (README "Running in production").`);
    return null;
  }
  await attempt.takeBack();
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    role: user.role,
    practiceGroupId: user.practiceGroupId,
    validFrom: user.sessionsValidFrom?.getTime() ?? null,
  };
}

export const authOptions: NextAuthOptions = {
  session: { strategy: "jwt", maxAge: SESSION_IDLE_SECONDS },
  // Secure, __Secure- prefixed cookies in staging and production (which only run on https: lib/env.ts);
  // the session's own is __Host- prefixed (lib/session-cookie.ts).
  useSecureCookies: isDeployed(),
  cookies: { sessionToken: { name: SESSION_COOKIE, options: sessionCookieOptions() } },
  pages: { signIn: "/sign-in" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      authorize,
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      return user ? { ...token, ...sessionClaims(user) } : token;
    },
    session({ session, token }) {
      session.user = {
        ...session.user,
        id: token.id,
        role: token.role,
        practiceGroupId: token.practiceGroupId,
        sid: token.sid,
        signedInAt: token.signedInAt,
        validFrom: token.validFrom,
      };
      return session;
    },
  },
};
