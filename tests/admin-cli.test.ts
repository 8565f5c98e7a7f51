// npm run admin: how a deployment, which is never seeded, gets its practices and the people who
// sign in. Run as an operator runs it (a process of its own, the password piped to stdin),
// against the test database.
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";

import { describe, expect, it } from "vitest";

import { issueKey, verifyApiKey } from "@/lib/api-keys";
import { authorize } from "@/lib/auth";
import { prisma } from "@/lib/db";
import { OPERATOR } from "@/lib/provisioning";

type Run = { code: number; stdout: string; stderr: string };

function admin(args: string[], stdin = ""): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile("node_modules/.bin/tsx", ["scripts/admin.ts", ...args], { env: process.env }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    );
    child.stdin!.end(stdin);
  });
}

const unique = () => randomBytes(4).toString("hex");
const signIn = (email: string, password: string) => authorize({ email, password }, { headers: {} });

async function addPractice() {
  const code = `T${unique()}`.toUpperCase();
  const run = await admin(["add-practice", "--name", `Admin CLI Practice ${code}`, "--code", code, "--phone", "01632 960999"]);
  expect(run).toMatchObject({ code: 0, stdout: `Added practice Admin CLI Practice ${code} (${code}).\n` });
  return code;
}

async function addUser(practice: string, role = "practice_admin") {
  const username = `u${unique()}`;
  const email = `${username}@cli.test`;
  const password = `pw-${randomBytes(12).toString("base64url")}`;
  const run = await admin(
    ["add-user", "--email", email, "--name", "Ada Lovelace", "--username", username, "--role", role, "--practice", practice],
    `${password}\n`,
  );
  return { run, email, username, password };
}

// Each call starts a process of its own (tsx, Prisma, argon2): a dozen of them outlast vitest's
// default 30 s on a loaded two-core machine (CI at 39c4118).
describe("npm run admin", { timeout: 180_000 }, () => {
  it("adds a practice and its first super admin, who can sign in; the password is stored only as its hash", async () => {
    const code = await addPractice();
    // The code in another case, as the dashboard's filters take it.
    const { run, email, username, password } = await addUser(code.toLowerCase(), "super_admin");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Added ${username} (Ada Lovelace, super_admin) at Admin CLI Practice ${code}: they sign in with ${email}`);
    expect(run.stdout + run.stderr).not.toContain(password);

    expect(await signIn(email, password)).toMatchObject({ email, role: "SUPER_ADMIN" });
    const practice = await prisma.practiceGroup.findUniqueOrThrow({ where: { code } });
    expect(practice.phone).toBe("01632 960999");
    const user = await prisma.user.findUniqueOrThrow({ where: { email }, omit: { passwordHash: false } });
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    const events = await prisma.auditEvent.findMany({ where: { practiceGroupId: practice.id }, orderBy: { createdAt: "asc" } });
    expect(events.map((event) => [event.action, event.actorName, event.actorUserId, event.targetLabel])).toEqual([
      ["practice.created", OPERATOR.name, null, practice.name],
      ["user.created", OPERATOR.name, null, username],
    ]);
    expect(JSON.stringify(events)).not.toContain(password);
  });

  it("refuses bad input with a clear message and changes nothing", async () => {
    const code = await addPractice();
    const attempts: [string[], string, number, string][] = [
      [
        ["add-user", "--email", "a@cli.test", "--name", "A", "--username", "a-cli", "--role", "doctor", "--practice", code],
        "long-enough-password",
        2,
        "--role: A role is one of staff, practice_admin, super_admin",
      ],
      [
        ["add-user", "--email", "not-an-email", "--name", "A", "--username", "a-cli", "--role", "staff", "--practice", code],
        "long-enough-password",
        2,
        "--email: Enter an email address",
      ],
      [
        ["add-user", "--email", "a@cli.test", "--name", "A", "--username", "a-cli", "--role", "staff", "--practice", code],
        "short",
        2,
        "--password: A password has at least 12 characters",
      ],
      [
        ["add-user", "--email", "a@cli.test", "--name", "A", "--username", "a-cli", "--role", "staff", "--practice", "NOSUCHCODE"],
        "long-enough-password",
        1,
        "No practice has the code NOSUCHCODE",
      ],
      // A password on the command line is not taken, nor repeated in the error.
      [["change-user", "--email", "a@cli.test", "--password", "hunter2hunter2"], "", 2, "An argument without an option before it (not repeated here)."],
      [["change-user", "--email", "a@cli.test", "--password=hunter2hunter2"], "", 2, "Option '--password' does not take an argument"],
      [["change-user", "--email", "a@cli.test", "--password", "--hunter2hunter2"], "", 2, "An option this command does not take (not repeated here)."],
      [["change-user", "--email", "a@cli.test", "-hunter2hunter2"], "", 2, "An option this command does not take (not repeated here)."],
      [["add-practice", "--name", "Twice", "--code", code], "", 1, `Another practice already has the code ${code}`],
      // Support types codes in any case: t1234 beside T1234 would be found in its place.
      [["add-practice", "--name", "Twice", "--code", code.toLowerCase()], "", 1, `Another practice already has the code ${code}`],
      [["remove-everything"], "", 2, "Unknown command: remove-everything"],
    ];
    for (const [args, stdin, exitCode, message] of attempts) {
      const run = await admin(args, stdin);
      expect({ code: run.code, stderr: run.stderr.split("\n")[0] }).toEqual({ code: exitCode, stderr: expect.stringContaining(message) });
      expect(run.stderr).not.toContain("hunter2");
    }
    // Other test files add users meanwhile: these attempts' own are what must not exist.
    expect(await prisma.user.count({ where: { OR: [{ email: "a@cli.test" }, { username: "a-cli" }] } })).toBe(0);
    expect(await prisma.practiceGroup.count({ where: { name: "Twice" } })).toBe(0);

    const taken = await addUser(code);
    const again = await admin(
      ["add-user", "--email", taken.email.toUpperCase(), "--name", "B", "--username", `other${unique()}`, "--role", "staff", "--practice", code],
      "long-enough-password",
    );
    expect(again).toMatchObject({ code: 1, stderr: "Another user already has this email or username\n" });
  });

  it("changes a user: a new password, a move, deactivation; each ends their sessions, and a change to what already holds does not", async () => {
    const code = await addPractice();
    const other = await addPractice();
    const { email, username, password } = await addUser(code);
    const newPassword = `new-${randomBytes(12).toString("base64url")}`;

    const reset = await admin(["change-user", "--email", email, "--password"], newPassword);
    expect(reset).toMatchObject({ code: 0, stdout: `Changed ${username}: active, practice_admin. Every session they had has ended.\n` });
    expect(await signIn(email, password)).toBeNull();
    expect(await signIn(email, newPassword)).toMatchObject({ email });

    const moved = await admin(["change-user", "--email", email, "--practice", other, "--role", "staff"]);
    expect(moved.code).toBe(0);
    const user = await prisma.user.findUniqueOrThrow({ where: { email }, include: { practiceGroup: true } });
    expect([user.practiceGroup.code, user.role, user.sessionsValidFrom]).toEqual([other, "STAFF", expect.any(Date)]);
    // Recorded at both practices, naming what changed and never the password.
    const changes = await prisma.auditEvent.findMany({
      where: { action: "user.changed", targetId: user.id },
      select: { practiceGroupId: true, metadata: true },
    });
    expect(changes).toHaveLength(3);
    expect(changes.map((event) => event.metadata)).toContainEqual({ password: "set" });
    expect(changes.filter((event) => JSON.stringify(event.metadata) === JSON.stringify({ role: "STAFF", practice: other }))).toHaveLength(2);

    // A user key of theirs ends with the deactivation, and says so.
    const { plaintext } = await prisma.$transaction((tx) =>
      issueKey(tx, { kind: "USER", practiceGroupId: user.practiceGroupId, ownerUserId: user.id, name: "Recalls", scopes: [], createdById: null }),
    );
    expect(await admin(["change-user", "--email", email, "--active", "no"])).toMatchObject({
      code: 0,
      stdout: `Changed ${username}: deactivated, staff. Every session they had has ended. Their user API key was revoked, for good.\n`,
    });
    expect(await signIn(email, newPassword)).toBeNull();
    expect(await verifyApiKey(plaintext)).toEqual({ ok: false, reason: "revoked" });
    const recorded = () => prisma.auditEvent.count({ where: { action: "user.changed", targetId: user.id } });
    const before = await recorded();
    expect(await admin(["change-user", "--email", email, "--active", "no"])).toMatchObject({
      code: 0,
      stdout: `Nothing changed for ${username}: deactivated, staff.\n`,
    });
    expect(await recorded()).toBe(before);
    expect(await admin(["change-user", "--email", email])).toMatchObject({ code: 2, stderr: expect.stringContaining("Nothing to change") });
  });
});
