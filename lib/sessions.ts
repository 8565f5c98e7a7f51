// How long a session lasts, and ending one on the server. A session is a signed JWT in a cookie;
// next-auth issues it again with a new expiry whenever the session is read, so a copy of the
// cookie could be kept alive for ever. Every session therefore ends SESSION_LIFETIME_SECONDS
// after its sign-in, however recently it was used, and signing out lists its id until then:
// no copy of a signed-out cookie is accepted again (lib/session.ts checks both).
import { prisma } from "@/lib/db";

/** Without activity a session ends after 8 hours (the cookie's expiry). */
export const SESSION_IDLE_SECONDS = 8 * 60 * 60;
/** With activity, 12 hours after signing in: a working day, then sign in again. */
export const SESSION_LIFETIME_SECONDS = 12 * 60 * 60;

/** When a session signed in at `signedInAt` (Unix seconds) ends, whatever its cookie says. */
export function sessionEndsAt(signedInAt: number): Date {
  return new Date((signedInAt + SESSION_LIFETIME_SECONDS) * 1000);
}

export function isSessionOverdue(signedInAt: number | undefined, now = Date.now()): boolean {
  return typeof signedInAt !== "number" || now >= sessionEndsAt(signedInAt).getTime();
}

export async function endSession(sid: string, userId: string, signedInAt: number | undefined) {
  // A session from before sign-in times were recorded is refused anyway (isSessionOverdue): listed as if signed in now.
  const expiresAt = sessionEndsAt(signedInAt ?? Date.now() / 1000);
  await prisma.revokedSession.upsert({ where: { id: sid }, create: { id: sid, userId, expiresAt }, update: {} });
  // A listed session only matters until it would have ended anyway.
  await prisma.revokedSession.deleteMany({ where: { expiresAt: { lt: new Date() } } });
}

export async function isSessionEnded(sid: string) {
  return (await prisma.revokedSession.count({ where: { id: sid } })) > 0;
}
