// Ending a session on the server. A session is a signed JWT in a cookie, issued again with a new
// expiry on every dashboard visit (lib/session-cookie.ts), so a copy of the cookie could be kept
// alive for ever. Every session therefore ends SESSION_LIFETIME_SECONDS after its sign-in, however
// recently it was used, and signing out lists its id until then: no copy of a signed-out cookie
// is accepted again (lib/session.ts checks both).
import { ActionError } from "@/lib/action-error";
import { prisma, type Db, type Tx } from "@/lib/db";
import type { Role } from "@/lib/generated/prisma/client";
import { sessionEndsAt } from "@/lib/session-cookie";

/** The session a dashboard action acts under, as lib/session.ts found it at the request's start. */
export type ActingSession = { sid: string; role: Role; validFrom: number | null };

export const SESSION_ENDED = "Your session has ended. Sign in again.";
/** POST /api/auth/signout when the session could not be ended: the cookie is kept, so the browser can try again. */
export const SIGN_OUT_FAILED = "Sign-out failed: the session could not be ended. Try again.";

/** An action's or a recorded read's session found ended in its transaction: actions show the message, pages send the user to sign in. */
export class SessionEndedError extends ActionError {
  constructor() {
    super(SESSION_ENDED);
    this.name = "SessionEndedError";
  }
}

export async function endSession(sid: string, userId: string, signedInAt: number | undefined) {
  // A session from before sign-in times were recorded is refused anyway (isSessionOverdue): listed as if signed in now.
  const expiresAt = sessionEndsAt(signedInAt ?? Date.now() / 1000);
  await prisma.revokedSession.upsert({ where: { id: sid }, create: { id: sid, userId, expiresAt }, update: {} });
  // A listed session only matters until it would have ended anyway: by the database's clock, and
  // an hour later, as a server whose clock runs behind this one's still takes the cookie until then.
  await prisma.$executeRaw`DELETE FROM revoked_sessions WHERE "expiresAt" < (now() AT TIME ZONE 'UTC') - interval '1 hour'`;
}

export async function isSessionEnded(sid: string) {
  return (await prisma.revokedSession.count({ where: { id: sid } })) > 0;
}

/**
 * Checks again, in the action's transaction, what lib/session.ts checked at the request's start,
 * and holds the user's row until commit: a deactivation or role change that lands while the
 * action waits on a lock either waits for it or refuses it, and so does a sign-out committed
 * before this check. Never a key made for a session its user was told had ended.
 */
export async function holdActingSession(db: Db | Tx, userId: string, session: ActingSession) {
  const [held] = await db.$queryRaw<{ id: string }[]>`
    SELECT u.id FROM users u
    WHERE u.id = ${userId}::uuid AND u.active AND u.role::text = ${session.role}
      AND (CASE WHEN u."sessionsValidFrom" IS NULL THEN ${session.validFrom}::bigint IS NULL
           ELSE round(extract(epoch FROM u."sessionsValidFrom") * 1000)::bigint = ${session.validFrom}::bigint END)
      AND NOT EXISTS (SELECT 1 FROM revoked_sessions r WHERE r.id = ${session.sid})
    FOR SHARE OF u`;
  if (!held) throw new SessionEndedError();
}
