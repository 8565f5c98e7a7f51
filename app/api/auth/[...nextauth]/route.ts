import { AsyncLocalStorage } from "node:async_hooks";

import NextAuth from "next-auth";
import { getToken } from "next-auth/jwt";
import type { NextRequest } from "next/server";

import { authOptions } from "@/lib/auth";
import { loggableError } from "@/lib/db-errors";
import { clearSessionCookie, getCurrentUser } from "@/lib/session";
import { SESSION_COOKIE } from "@/lib/session-cookie";
import { endSession, SIGN_OUT_FAILED } from "@/lib/sessions";

const NO_STORE = { "Cache-Control": "private, no-cache, no-store" };

// The sign-out under way in this request: next-auth logs and swallows an error in its signOut
// event, then clears the cookie anyway, which would leave a copy of it usable for its 12 hours.
const signOutAttempt = new AsyncLocalStorage<{ error?: unknown }>();

const handler = NextAuth({
  ...authOptions,
  events: {
    // POST /api/auth/signout, after next-auth has checked its CSRF token: the session is refused everywhere.
    async signOut({ token }) {
      if (!token?.sid) return;
      try {
        await endSession(token.sid, token.id, token.signedInAt);
      } catch (error) {
        const attempt = signOutAttempt.getStore();
        if (attempt) attempt.error = error;
      }
    },
  },
});

type Context = { params: Promise<{ nextauth: string[] }> };

// next-auth picks the action by the path's first segment.
async function route(request: NextRequest, context: Context) {
  const [action] = (await context.params).nextauth;
  // next-auth's own session action (GET /api/auth/session, and POST, its update) answers for any
  // cookie it can decrypt, and issues it again for 8 more hours: a copy of a session the app has
  // ended (signed out, deactivated, past its 12 hours) would keep its user's details and outlive
  // its end. The app's check comes first.
  if (action === "session" && !(await getCurrentUser())) {
    await clearSessionCookie();
    return Response.json({}, { headers: NO_STORE });
  }
  if (action === "signout" && request.method === "POST") {
    const attempt: { error?: unknown } = {};
    const response = await signOutAttempt.run(attempt, () => handler(request, context));
    if (attempt.error === undefined) return response;
    // Its cookie-clearing response is dropped: the browser keeps a session it can still end.
    console.error(`Sign-out failed: ${loggableError(attempt.error)}`);
    return Response.json({ error: SIGN_OUT_FAILED }, { status: 503, headers: NO_STORE });
  }
  if (action === "callback" && request.method === "POST") return signInOver(request, () => handler(request, context));
  return handler(request, context);
}

/**
 * A sign-in from a browser that still held a session (a sign-in page left open on a shared
 * reception PC): the new cookie replaces the old one here, and the old session is ended on the
 * server too, so no copy of it outlives the sign-in. A failed sign-in leaves it as it was.
 */
async function signInOver(request: NextRequest, signIn: () => Promise<Response>) {
  const earlier = await getToken({ req: request, secret: process.env.NEXTAUTH_SECRET ?? "", cookieName: SESSION_COOKIE }).catch(() => null);
  const response = await signIn();
  const signedIn = response.headers.getSetCookie().some((cookie) => cookie.startsWith(`${SESSION_COOKIE}=`) && !cookie.startsWith(`${SESSION_COOKIE}=;`));
  if (earlier?.sid && signedIn) {
    await endSession(earlier.sid, earlier.id, earlier.signedInAt).catch((error) =>
      console.error(`Sign-in: the session signed in over could not be ended: ${loggableError(error)}`),
    );
  }
  return response;
}

export { route as GET, route as POST };
