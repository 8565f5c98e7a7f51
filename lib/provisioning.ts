// Setting up a deployment: practices and the people who sign in, from `npm run admin`
// (scripts/admin.ts). Staging and production are never seeded, so this is how the first super
// admin, each practice and its users get in, and how a user is deactivated, given another role,
// moved or given a new password (each ends their sessions: the users trigger, lib/session.ts).
// Every change writes an audit event; a password is hashed here and never printed or recorded.
import { z } from "zod";

import { ActionError } from "@/lib/action-error";
import { recordAudit } from "@/lib/audit";
import { prisma, type Tx } from "@/lib/db";
import { isUniqueViolation } from "@/lib/db-errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { hashPassword, newPasswordField } from "@/lib/passwords";
import { codeInAnyCase, practiceByCode } from "@/lib/practice-groups";
import { emailField, practiceDetailsInput } from "@/lib/schemas";

/** Who the audit trail names for these changes: no one signed in made them. */
export const OPERATOR = { id: null, name: "Hero operator (npm run admin)" };

const ROLES = ["STAFF", "PRACTICE_ADMIN", "SUPER_ADMIN"] as const;
const roleField = z
  .string()
  .transform((text) => text.trim().toUpperCase())
  .pipe(z.enum(ROLES, `A role is one of ${ROLES.map((role) => role.toLowerCase()).join(", ")}`));
const practiceCodeField = z.string().trim().min(1, "Give the practice code").max(60, "A practice code has at most 60 characters");

export const addPracticeInput = z.object({
  name: z.string().trim().min(1, "Give the practice's name").max(200, "A practice name has at most 200 characters"),
  code: practiceCodeField,
  // As My Practice > Practice details takes them; empty: not given.
  address: practiceDetailsInput.shape.address,
  phone: practiceDetailsInput.shape.phone,
});

export const addUserInput = z.object({
  email: emailField,
  name: z.string().trim().min(1, "Give the user's name").max(200, "A name has at most 200 characters"),
  // The dashboard shows it as the user key's owner (Super admin > API keys, "User").
  username: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9][a-z0-9._-]{1,39}$/, "A username is 2 to 40 letters, digits, dots, hyphens or underscores"),
  role: roleField,
  practice: practiceCodeField,
  password: newPasswordField,
});

export const changeUserInput = z
  .object({
    email: emailField,
    active: z.boolean().optional(),
    role: roleField.optional(),
    practice: practiceCodeField.optional(),
    password: newPasswordField.optional(),
  })
  .refine((input) => input.active !== undefined || input.role || input.practice || input.password, "Nothing to change");

async function practiceOfCode(tx: Tx, code: string) {
  const practice = await practiceByCode(tx, code);
  if (!practice) throw new ActionError(`No practice has the code ${code}`, "practice");
  return practice;
}

export async function addPractice(input: z.infer<typeof addPracticeInput>) {
  try {
    return await prisma.$transaction(async (tx) => {
      // Support types codes as heard on the phone, in any case: a81001 beside A81001 would be found instead of it.
      // Adds of one code in any case wait for each other here, so two at once cannot both pass the check.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`practice-code:${input.code.toUpperCase()}`}))`;
      const sameCode = await tx.practiceGroup.findFirst({ where: { code: codeInAnyCase(input.code) }, select: { code: true } });
      if (sameCode) throw new ActionError(`Another practice already has the code ${sameCode.code}`, "code");
      const practice = await tx.practiceGroup.create({ data: input });
      await recordAudit(tx, {
        actor: OPERATOR,
        action: "practice.created",
        practiceGroupId: practice.id,
        target: { type: "practice_group", id: practice.id, label: practice.name },
        metadata: { code: practice.code },
      });
      return practice;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ActionError(`Another practice already has the code ${input.code}`, "code");
    throw error;
  }
}

export async function addUser({ practice: code, password, ...fields }: z.infer<typeof addUserInput>) {
  const passwordHash = await hashPassword(password);
  try {
    return await prisma.$transaction(async (tx) => {
      const practice = await practiceOfCode(tx, code);
      const user = await tx.user.create({
        data: { ...fields, passwordHash, practiceGroupId: practice.id },
        include: { practiceGroup: { select: { name: true } } },
      });
      await recordAudit(tx, {
        actor: OPERATOR,
        action: "user.created",
        practiceGroupId: practice.id,
        target: { type: "user", id: user.id, label: user.username },
        metadata: { role: user.role },
      });
      return user;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ActionError("Another user already has this email or username", "email");
    throw error;
  }
}

export async function changeUser({ email, active, role, practice: code, password }: z.infer<typeof changeUserInput>) {
  const passwordHash = password ? await hashPassword(password) : undefined;
  return prisma.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { email } });
    if (!user) throw new ActionError(`No user has the email ${email}`, "email");
    const practice = code ? await practiceOfCode(tx, code) : null;
    const data: Prisma.UserUncheckedUpdateInput = { active, role, practiceGroupId: practice?.id, passwordHash };
    // Held first, so no key is made or deleted for them between the count and the change.
    await tx.$executeRaw`SELECT 1 FROM users WHERE id = ${user.id}::uuid FOR UPDATE`;
    const liveKeys = () => tx.apiKey.count({ where: { ownerUserId: user.id, kind: "USER", revokedAt: null } });
    const keysBefore = await liveKeys();
    const updated = await tx.user.update({ where: { id: user.id }, data });
    // Deactivating or moving the owner revokes their user keys (triggers on users, which record it).
    const keysEnded = keysBefore - (await liveKeys());
    // The users trigger dates a change that ends sessions, which every change here is; a change to what was already so is none.
    const sessionsEnded = updated.sessionsValidFrom?.getTime() !== user.sessionsValidFrom?.getTime();
    if (!sessionsEnded) return { user: updated, sessionsEnded, keysEnded };
    // What changed, never the password itself; a move is recorded at both practices.
    const changes = Object.fromEntries(
      Object.entries({ active, role, practice: practice?.code, password: password && "set" }).filter(([, value]) => value !== undefined),
    ) as Prisma.InputJsonObject;
    for (const practiceGroupId of new Set([user.practiceGroupId, updated.practiceGroupId])) {
      await recordAudit(tx, {
        actor: OPERATOR,
        action: "user.changed",
        practiceGroupId,
        target: { type: "user", id: user.id, label: user.username },
        metadata: changes,
      });
    }
    return { user: updated, sessionsEnded, keysEnded };
  });
}
