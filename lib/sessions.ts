// Ending a session on the server. A session is a signed JWT in a cookie, issued again with a new
// expiry on every dashboard visit (lib/session-cookie.ts), so a copy of the cookie could be kept
// alive for ever. Every session therefore ends SESSION_LIFETIME_SECONDS after its sign-in, however
// recently it was used, and signing out lists its id until then: no copy of a signed-out cookie
// is accepted again (lib/session.ts checks both).
import { prisma } from "@/lib/db";
import { sessionEndsAt } from "@/lib/session-cookie";

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
