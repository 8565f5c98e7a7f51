// Keys, patients and slots for API tests, made through the same lib functions the dashboard
// uses, and requests shaped like a partner's. Every test works on fresh practices.
import { issueKey } from "@/lib/api-keys";
import { prisma } from "@/lib/db";
import type { Scope } from "@/lib/generated/prisma/client";
import { connectPartner } from "@/lib/partners";
import { ALL_SCOPES } from "@/lib/scopes";

import { actorOf, createPartner, createPracticeGroup, createUser } from "../support/records";

/** A practice (new unless given) connected to a new partner with these scopes, and its key. */
export async function partnerKey(scopes: readonly Scope[] = ALL_SCOPES, practice?: { id: string }) {
  const group = practice ? await prisma.practiceGroup.findUniqueOrThrow({ where: { id: practice.id } }) : await createPracticeGroup();
  const admin = await createUser(group.id);
  const partner = await createPartner(scopes);
  const { key } = await connectPartner({ practiceGroupId: group.id, partnerId: partner.id, actor: actorOf(admin) });
  return { practice: group, admin, partner, key };
}

/** A user-owned key (issue 4's kind) for a new staff member of the practice. */
export async function userKey(practiceGroupId: string, scopes: Scope[] = []) {
  const owner = await createUser(practiceGroupId, "STAFF");
  const { plaintext } = await prisma.$transaction((tx) =>
    issueKey(tx, { kind: "USER", practiceGroupId, ownerUserId: owner.id, name: "Automation", scopes, createdById: null }),
  );
  return { owner, key: plaintext };
}

type RequestOptions = { key?: string; token?: string; practiceGroupId?: string; username?: string; method?: string; body?: unknown; query?: string };

export function apiRequest(path: string, { key, token, practiceGroupId, username, method = "GET", body, query = "" }: RequestOptions = {}) {
  const headers = new Headers();
  if (key !== undefined) headers.set("x-api-key", key);
  if (token !== undefined) headers.set("authorization", `Bearer ${token}`);
  if (practiceGroupId !== undefined) headers.set("x-practice-group-id", practiceGroupId);
  if (username !== undefined) headers.set("x-username", username);
  if (body !== undefined) headers.set("content-type", "application/json");
  return new Request(`http://localhost/api/v1${path}${query}`, {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
}

type Handler<P> = (request: Request, context: { params: Promise<P> }) => Promise<Response>;

/** Calls a route handler as Next would; returns the status and parsed JSON body. */
export async function call<P>(handler: Handler<P>, request: Request, params: P = {} as P) {
  const response = await handler(request, { params: Promise.resolve(params) });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null, text, headers: response.headers };
}
