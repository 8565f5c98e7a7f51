// The session cookie's lifetimes, and sliding its idle expiry. Edge-safe: the middleware runs it.
// A session is a JWT in next-auth's cookie. next-auth issues it again with a new expiry only from
// its own routes: getServerSession cannot set cookies in the App Router, so without the
// middleware (slideSession) a session would end 8 hours after sign-in however much it was used.
import { encode, type JWT } from "next-auth/jwt";
import type { NextResponse } from "next/server";

import { isDeployed } from "@/lib/env";

/**
 * The session cookie (split into NAME.0, NAME.1… when large), named for lib/auth.ts. Deployed,
 * __Host-: a browser takes it only as Secure, for this host alone, for every path, so another
 * subdomain of the same parent cannot set one (its own session) that this host would read.
 */
export const SESSION_COOKIE = `${isDeployed() ? "__Host-" : ""}next-auth.session-token`;

/** Without activity a session ends after 8 hours (the cookie's expiry). */
export const SESSION_IDLE_SECONDS = 8 * 60 * 60;
/** With activity, 12 hours after signing in: a working day, then sign in again. */
export const SESSION_LIFETIME_SECONDS = 12 * 60 * 60;

/** What a session's JWT holds besides next-auth's own fields, written once at sign-in (lib/auth.ts). */
export function sessionClaims(user: Pick<JWT, "id" | "role" | "practiceGroupId"> & { validFrom: number | null }, now = Date.now()) {
  return {
    sid: crypto.randomUUID(),
    signedInAt: Math.floor(now / 1000),
    validFrom: user.validFrom,
    id: user.id,
    role: user.role,
    practiceGroupId: user.practiceGroupId,
  } satisfies Partial<JWT>;
}

/** When a session signed in at `signedInAt` (Unix seconds) ends, whatever its cookie says. */
export function sessionEndsAt(signedInAt: number): Date {
  return new Date((signedInAt + SESSION_LIFETIME_SECONDS) * 1000);
}

export function isSessionOverdue(signedInAt: number | undefined, now = Date.now()): boolean {
  return typeof signedInAt !== "number" || now >= sessionEndsAt(signedInAt).getTime();
}

/** How the session cookie is set, issued again or cleared: next-auth's own attributes. */
export const sessionCookieOptions = () => ({ httpOnly: true, sameSite: "lax", path: "/", secure: isDeployed() }) as const;

/** A dashboard visit issues the cookie again, good for SESSION_IDLE_SECONDS more, as next-auth's own routes would; never past the session's end. */
export async function slideSession(token: JWT, response: NextResponse, secret: string) {
  if (isSessionOverdue(token.signedInAt)) return;
  response.cookies.set(SESSION_COOKIE, await encode({ token, secret, maxAge: SESSION_IDLE_SECONDS }), {
    ...sessionCookieOptions(),
    maxAge: SESSION_IDLE_SECONDS,
  });
}
