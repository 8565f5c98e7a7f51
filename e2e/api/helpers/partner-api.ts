// Fresh practices, partners, keys, patients and slots for the API specs. Keys are issued,
// rotated and disconnected through the same lib functions the dashboard's actions call; the
// rest is plain SQL. Every spec makes its own, so specs run in parallel and twice in a row.
import { issueKey } from "@/lib/api-keys";
import { prisma } from "@/lib/db";
import type { Scope } from "@/lib/generated/prisma/client";
import { connectPartner, disconnectPartner, rotatePartnerKey } from "@/lib/partners";
import { generatePracticeKey, revokePracticeKey } from "@/lib/practice-keys";
import { ALL_SCOPES } from "@/lib/scopes";

import { createPractice, db, type TestPractice } from "../../../tests/support/practices";
import { createPartner } from "../../../tests/support/records";

/** The two instances of the app: in-process rate limiter, and Upstash over real Redis. */
export const BACKENDS = {
  memory: process.env.E2E_BASE_URL!,
  upstash: process.env.E2E_UPSTASH_BASE_URL!,
};

export type Connection = { practice: TestPractice; partnerId: string; key: string };

const actor = (practice: TestPractice) => ({ id: practice.admin.id, name: `E2E ${practice.admin.username}` });

/** A new practice (unless given) connected to a new partner with these scopes: Apps > Connect. */
export async function connect(scopes: readonly Scope[] = ALL_SCOPES, practice?: TestPractice): Promise<Connection> {
  const owner = practice ?? (await createPractice());
  const { id: partnerId } = await createPartner(scopes);
  const { key } = await connectPartner({ practiceGroupId: owner.id, partnerId, actor: actor(owner) });
  return { practice: owner, partnerId, key };
}

export async function rotate({ practice, partnerId }: Connection): Promise<string> {
  return (await rotatePartnerKey({ practiceGroupId: practice.id, partnerId, actor: actor(practice) })).key;
}

export async function disconnect({ practice, partnerId }: Connection) {
  await disconnectPartner({ practiceGroupId: practice.id, partnerId, actor: actor(practice) });
}

/** My Practice > Generate API Key for the connection's partner: replaces its key (shown once; Hero support can share it again). */
export async function generateKey({ practice, partnerId }: Connection): Promise<{ key: string; revoke: () => Promise<void> }> {
  const { key } = await generatePracticeKey({ practiceGroupId: practice.id, partnerId, actor: actor(practice) });
  const { rows } = await db().query(`SELECT id FROM api_keys WHERE "practiceGroupId" = $1 AND "partnerId" = $2 AND "revokedAt" IS NULL`, [
    practice.id,
    partnerId,
  ]);
  return { key, revoke: () => revokePracticeKey({ practiceGroupId: practice.id, keyId: rows[0].id, actor: actor(practice) }) };
}

export async function expireKeys(practiceGroupId: string) {
  await db().query(`UPDATE api_keys SET "expiresAt" = now() - interval '1 second' WHERE "practiceGroupId" = $1`, [practiceGroupId]);
}

/** A user-owned key for the practice's staff member (issue 4's Super admin > API keys). */
export async function createUserKey(practice: TestPractice): Promise<{ key: string; username: string }> {
  const { plaintext } = await prisma.$transaction((tx) =>
    issueKey(tx, {
      kind: "USER",
      practiceGroupId: practice.id,
      ownerUserId: practice.staff.id,
      name: "E2E automation",
      scopes: [],
      createdById: null,
    }),
  );
  return { key: plaintext, username: practice.staff.username };
}

type Credentials = { key?: string; token?: string; practiceGroupId?: string; username?: string };

/** The headers a partner sends: x-api-key or a bearer token, x-practice-group-id, x-username. */
export function apiHeaders({ key, token, practiceGroupId, username }: Credentials): Record<string, string> {
  return {
    ...(key !== undefined ? { "x-api-key": key } : {}),
    ...(token !== undefined ? { authorization: `Bearer ${token}` } : {}),
    ...(practiceGroupId !== undefined ? { "x-practice-group-id": practiceGroupId } : {}),
    ...(username !== undefined ? { "x-username": username } : {}),
  };
}
