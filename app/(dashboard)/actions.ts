"use server";

// Actions any dashboard page uses.
import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";

import { adminAction } from "@/lib/actions";
import { findPatientId } from "@/lib/api-activity";
import { authOptions } from "@/lib/auth";
import { isDatabaseUnavailable } from "@/lib/db-errors";
import { patientSearchInput } from "@/lib/schemas";
import { clearSessionCookie } from "@/lib/session";
import { endSession, SIGN_OUT_FAILED } from "@/lib/sessions";

// Sign out as a form's action, so the button works before the page's scripts have run: a click
// on next-auth's client-side signOut() before hydration did nothing. The same effect as
// next-auth's POST /api/auth/signout: the session is refused everywhere, and its cookie cleared.
// A sign-out the database could not record keeps the cookie (the session is not ended) and says
// so, as next-auth's route does: on a shared computer, an error page would read as signed out.
export async function signOut(): Promise<{ error: string } | null> {
  try {
    const session = await getServerSession(authOptions);
    // Refused until the session would have ended anyway, 12 hours after its sign-in (lib/sessions.ts).
    if (session?.user?.sid) await endSession(session.user.sid, session.user.id, session.user.signedInAt);
  } catch (error) {
    if (isDatabaseUnavailable(error)) return { error: SIGN_OUT_FAILED };
    throw error;
  }
  await clearSessionCookie();
  redirect("/sign-in");
}

/** An NHS number typed into a search, as the patient's id for the page's address (lib/api-activity.ts). */
export const findPatientAction = adminAction(patientSearchInput, async ({ nhs }, user) => ({ patientId: await findPatientId(user.practiceGroupId, nhs) }));
