// Ending a session on the server. A session is a signed JWT in a cookie, valid until it expires;
// signing out lists its id here, and every page and action refuses a listed id (lib/session.ts).
import { prisma } from "@/lib/db";

export async function endSession(sid: string, userId: string, expiresAtSeconds: unknown) {
  const expiresAt = new Date(typeof expiresAtSeconds === "number" ? expiresAtSeconds * 1000 : Date.now() + 24 * 3_600_000);
  await prisma.revokedSession.upsert({ where: { id: sid }, create: { id: sid, userId, expiresAt }, update: {} });
  // A listed session only matters until its JWT would have expired anyway.
  await prisma.revokedSession.deleteMany({ where: { expiresAt: { lt: new Date() } } });
}

export async function isSessionEnded(sid: string) {
  return (await prisma.revokedSession.count({ where: { id: sid } })) > 0;
}
