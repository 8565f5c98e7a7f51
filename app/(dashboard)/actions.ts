"use server";

// Sign out as a form's action, so the button works before the page's scripts have run: a click
// on next-auth's client-side signOut() before hydration did nothing. The same effect as
// next-auth's POST /api/auth/signout: the session is refused everywhere, and its cookie cleared.
import { getServerSession } from "next-auth";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";

import { authOptions, SESSION_COOKIE } from "@/lib/auth";
import { isProduction } from "@/lib/env";
import { endSession } from "@/lib/sessions";

export async function signOut() {
  const session = await getServerSession(authOptions);
  // Refused until the session would have ended anyway, 12 hours after its sign-in (lib/sessions.ts).
  if (session?.user?.sid) await endSession(session.user.sid, session.user.id, session.user.signedInAt);
  const jar = await cookies();
  for (const { name } of jar.getAll()) {
    if (name === SESSION_COOKIE || name.startsWith(`${SESSION_COOKIE}.`)) {
      jar.set(name, "", { maxAge: 0, path: "/", httpOnly: true, sameSite: "lax", secure: isProduction() });
    }
  }
  redirect("/sign-in");
}
