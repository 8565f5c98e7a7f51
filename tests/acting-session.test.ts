// A dashboard action checks the session when the request starts (lib/session.ts) and again in
// its transaction, holding the user's row until it commits (lib/sessions.ts holdActingSession):
// a deactivation, a role change or a sign-out that lands while the action waits never leaves a
// key made or shown for a session that had ended.
import { randomUUID } from "node:crypto";

import { afterAll, describe, expect, it } from "vitest";

import { keyReport, parseKeyReportRange, recordReportView } from "@/lib/api-activity";
import { verifyApiKey } from "@/lib/api-keys";
import { prisma, sqlPool } from "@/lib/db";
import { rotatePartnerKey, viewPartnerKey } from "@/lib/partners";
import { signInIfSessionEnded } from "@/lib/session";
import { endSession, holdActingSession, isSessionEnded, SESSION_ENDED, SessionEndedError, type ActingSession } from "@/lib/sessions";
import { supportActor } from "@/lib/support";

import { partnerKey } from "./api/helpers";
import { backendPid, waitForLockWaiter } from "./support/locks";
import { createPracticeGroup, createUser } from "./support/records";

afterAll(() => prisma.$disconnect());

/** The user as a signed-in request would pass them to lib/: with the session it found valid. */
async function signedIn(userId: string) {
  const user = await prisma.user.findUniqueOrThrow({ where: { id: userId } });
  const session: ActingSession = { sid: randomUUID(), role: user.role, validFrom: user.sessionsValidFrom?.getTime() ?? null };
  return { id: user.id, name: user.name, session };
}

describe("a signed-out session", () => {
  it("stays listed for an hour past its end, for servers whose clocks run behind the one that prunes", async () => {
    const user = await createUser((await createPracticeGroup("clock")).id);
    const [justEnded, longEnded] = [randomUUID(), randomUUID()];
    await prisma.revokedSession.createMany({
      data: [
        { id: justEnded, userId: user.id, expiresAt: new Date(Date.now() - 30 * 60_000) },
        { id: longEnded, userId: user.id, expiresAt: new Date(Date.now() - 2 * 3_600_000) },
      ],
    });
    // Any sign-out prunes the list.
    await endSession(randomUUID(), user.id, Math.floor(Date.now() / 1000));
    expect(await isSessionEnded(justEnded)).toBe(true);
    expect(await isSessionEnded(longEnded)).toBe(false);
  });
});

describe("a dashboard action's session, checked again in its transaction", () => {
  it("a Rotate API key waiting on the connection when its user is deactivated is refused, and the old key still works", async () => {
    const { practice, partner, admin, key } = await partnerKey();
    const actor = await signedIn(admin.id);
    const connection = await prisma.partnerConnection.findFirstOrThrow({ where: { practiceGroupId: practice.id, partnerId: partner.id } });

    let holder = 0;
    let release!: () => void;
    let locked!: () => void;
    const held = new Promise<void>((resolve) => (locked = resolve));
    const releasing = new Promise<void>((resolve) => (release = resolve));
    // Another change to the connection (a rotation by support, say) holds it while the user is deactivated.
    const other = prisma.$transaction(
      async (tx) => {
        await tx.$executeRaw`SELECT 1 FROM partner_connections WHERE id = ${connection.id}::uuid FOR UPDATE`;
        holder = await backendPid(tx);
        locked();
        await releasing;
      },
      { timeout: 30_000 },
    );
    await held;
    const rotation = rotatePartnerKey({ practiceGroupId: practice.id, partnerId: partner.id, actor }).then(
      () => "rotated",
      (error: Error) => error.message,
    );
    await waitForLockWaiter(holder);
    await prisma.user.update({ where: { id: admin.id }, data: { active: false } });
    release();
    await other;

    expect(await rotation).toBe(SESSION_ENDED);
    expect((await verifyApiKey(key)).ok).toBe(true);
    expect(await prisma.apiKey.count({ where: { practiceGroupId: practice.id, partnerId: partner.id } })).toBe(1);
    expect(await prisma.auditEvent.count({ where: { practiceGroupId: practice.id, action: "partner_key.rotated" } })).toBe(0);
  });

  it("shows a key to the session as it stands; not once signed out, given another role and back, or given a new password", async () => {
    const { practice, partner, admin, key } = await partnerKey();
    const view = (actor: Awaited<ReturnType<typeof signedIn>>) =>
      viewPartnerKey({ practiceGroupId: practice.id, partnerId: partner.id, actor }).then(
        (shown) => shown.key,
        (error: Error) => error.message,
      );
    expect(await view(await signedIn(admin.id))).toBe(key);

    const signedOut = await signedIn(admin.id);
    await endSession(signedOut.session.sid, admin.id, Math.floor(Date.now() / 1000));
    expect(await view(signedOut)).toBe(SESSION_ENDED);

    const before = await signedIn(admin.id);
    await prisma.user.update({ where: { id: admin.id }, data: { role: "STAFF" } });
    await prisma.user.update({ where: { id: admin.id }, data: { role: "PRACTICE_ADMIN" } });
    expect(await view(before)).toBe(SESSION_ENDED);
    const beforeReset = await signedIn(admin.id);
    // A password reset (made in SQL today): whoever had the old password is out.
    await prisma.user.update({ where: { id: admin.id }, data: { passwordHash: "a-new-hash" } });
    expect(await view(beforeReset)).toBe(SESSION_ENDED);
    // Signed in again after the change: shown.
    expect(await view(await signedIn(admin.id))).toBe(key);
  });

  it("holds the user's row until the action commits: a deactivation waits for it", async () => {
    const { admin } = await partnerKey();
    const actor = await signedIn(admin.id);
    const other = await sqlPool().connect();
    try {
      await other.query("SET lock_timeout = '300ms'");
      const deactivate = () =>
        other.query(`UPDATE users SET active = false WHERE id = $1`, [admin.id]).then(
          () => "deactivated",
          (error: { code?: string }) => error.code,
        );
      await prisma.$transaction(async (tx) => {
        await holdActingSession(tx, actor.id, actor.session);
        // lock_not_available: it would have to wait for this transaction.
        expect(await deactivate()).toBe("55P03");
      });
      expect(await deactivate()).toBe("deactivated");
    } finally {
      other.release();
    }
  });

  it("Hero support's actions check the super admin's session too", async () => {
    const { practice, partner } = await partnerKey();
    const hero = await createPracticeGroup("hero");
    const superAdmin = await createUser(hero.id, "SUPER_ADMIN");
    const actor = supportActor(await signedIn(superAdmin.id));
    await prisma.user.update({ where: { id: superAdmin.id }, data: { role: "STAFF" } });
    await expect(rotatePartnerKey({ practiceGroupId: practice.id, partnerId: partner.id, actor, reason: "Ticket 40: asked" })).rejects.toThrow(SESSION_ENDED);
  });

  it("a super admin's key report whose session ended before its view was recorded: nothing recorded, and the page sends them to sign in", async () => {
    const { practice } = await partnerKey();
    const hero = await createPracticeGroup("hero");
    const superAdmin = await createUser(hero.id, "SUPER_ADMIN");
    const viewer = { ...(await signedIn(superAdmin.id)), role: superAdmin.role, practiceGroupId: hero.id };
    const key = await prisma.apiKey.findFirstOrThrow({ where: { practiceGroupId: practice.id } });
    const range = parseKeyReportRange({});
    const report = (await keyReport(viewer, key.id, range))!;
    await endSession(viewer.session.sid, superAdmin.id, Math.floor(Date.now() / 1000));

    const refused = await recordReportView(viewer, report, range, "page").catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(SessionEndedError);
    expect(() => signInIfSessionEnded(refused)).toThrow(expect.objectContaining({ digest: expect.stringContaining(";/sign-in;") }));
    expect(() => signInIfSessionEnded(new Error("database down"))).toThrow("database down");
    expect(await prisma.auditEvent.count({ where: { action: "api_key.report_viewed", targetId: key.id } })).toBe(0);
  });

  it("a super admin's key report whose session ends between two practices' records: neither practice's Activity says it was viewed", async () => {
    const { practice } = await partnerKey();
    const other = await createPracticeGroup("patients-of");
    const hero = await createPracticeGroup("hero");
    const superAdmin = await createUser(hero.id, "SUPER_ADMIN");
    const viewer = { ...(await signedIn(superAdmin.id)), role: superAdmin.role, practiceGroupId: hero.id };
    const key = await prisma.apiKey.findFirstOrThrow({ where: { practiceGroupId: practice.id } });
    const range = parseKeyReportRange({});
    const report = { ...(await keyReport(viewer, key.id, range))!, patientsByPractice: [{ practiceGroupId: other.id, patients: 1 }] };
    // The super admin signs out in another tab just as the first practice's record is written.
    const name = `end_session_${key.id.replaceAll("-", "")}`;
    await prisma.$executeRawUnsafe(`CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
      INSERT INTO revoked_sessions (id, "userId", "expiresAt") VALUES ('${viewer.session.sid}', '${superAdmin.id}', now() + interval '1 hour') ON CONFLICT DO NOTHING;
      RETURN NULL; END $$`);
    await prisma.$executeRawUnsafe(
      `CREATE TRIGGER ${name} AFTER INSERT ON audit_events FOR EACH ROW WHEN (NEW."targetId" = '${key.id}') EXECUTE FUNCTION ${name}()`,
    );
    try {
      await expect(recordReportView(viewer, report, range, "page")).rejects.toBeInstanceOf(SessionEndedError);
    } finally {
      await prisma.$executeRawUnsafe(`DROP TRIGGER ${name} ON audit_events`);
      await prisma.$executeRawUnsafe(`DROP FUNCTION ${name}()`);
    }
    expect(await prisma.auditEvent.count({ where: { action: "api_key.report_viewed", targetId: key.id } })).toBe(0);
  });

  it("a user moved to another practice (done in SQL today) is out of the sessions signed in before: no key made for the practice they left", async () => {
    const { practice, partner, admin, key } = await partnerKey();
    const actor = await signedIn(admin.id);
    const elsewhere = await createPracticeGroup("moved-to");
    await prisma.user.update({ where: { id: admin.id }, data: { practiceGroupId: elsewhere.id } });
    await expect(rotatePartnerKey({ practiceGroupId: practice.id, partnerId: partner.id, actor })).rejects.toThrow(SESSION_ENDED);
    expect((await verifyApiKey(key)).ok).toBe(true);
    await expect(holdActingSession(prisma, actor.id, actor.session)).rejects.toBeInstanceOf(SessionEndedError);
  });
});
