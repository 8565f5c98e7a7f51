"use server";

// Sign out as a form's action, so the button works before the page's scripts have run: a click
// on next-auth's client-side signOut() before hydration did nothing. The same effect as
// next-auth's POST /api/auth/signout: the session is refused everywhere, and its cookie cleared.
import { getServerSession } from "next-auth";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";

import { authOptions, SESSION_COOKIE, SESSION_MAX_AGE_SECONDS } from "@/lib/auth";
import { isProduction } from "@/lib/env";
import { endSession } from "@/lib/sessions";

export async function signOut() {
  const session = await getServerSession(authOptions);
  // No cookie of this session outlives a full session length from now (next-auth leaves out
  // session.expires on the server), so it stays refused as long as it could be presented.
  if (session?.user?.sid) await endSession(session.user.sid, session.user.id, Date.now() / 1000 + SESSION_MAX_AGE_SECONDS);
  const jar = await cookies();
  for (const { name } of jar.getAll()) {
    if (name === SESSION_COOKIE || name.startsWith(`${SESSION_COOKIE}.`)) {
      jar.set(name, "", { maxAge: 0, path: "/", httpOnly: true, sameSite: "lax", secure: isProduction() });
    }
  }
  redirect("/sign-in");
}
