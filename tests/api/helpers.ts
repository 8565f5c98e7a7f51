// Keys, patients and slots for API tests, made through the same lib functions the dashboard
// uses, and requests shaped like a partner's. Every test works on fresh practices.
import { randomInt } from "node:crypto";

import { issueKey } from "@/lib/api-keys";
import { prisma } from "@/lib/db";
import type { Scope } from "@/lib/generated/prisma/client";
import { connectPartner } from "@/lib/partners";

import { actorOf, createPartner, createPracticeGroup, createUser } from "../fixtures";

export const ALL: Scope[] = ["booking_links", "messaging", "booking"];

/** A practice (new unless given) connected to a new partner with these scopes, and its key. */
export async function partnerKey(scopes: Scope[] = ALL, practice?: { id: string }) {
  const group = practice ? await prisma.practiceGroup.findUniqueOrThrow({ where: { id: practice.id } }) : await createPracticeGroup();
  const admin = await createUser(group.id);
  const partner = await createPartner(scopes);
  const { key } = await connectPartner({ practiceGroupId: group.id, partnerId: partner.id, actor: actorOf(admin) });
  return { practice: group, admin, partner, key };
}

/** A user-owned key (issue 4's kind) for a new staff member of the practice. */
export async function userKey(practiceGroupId: string) {
  const owner = await createUser(practiceGroupId, "STAFF");
  const { plaintext } = await prisma.$transaction((tx) =>
    issueKey(tx, { kind: "USER", practiceGroupId, ownerUserId: owner.id, name: "Automation", scopes: [], createdById: null, viewable: false }),
  );
  return { owner, key: plaintext };
}

export async function createPatient(practiceGroupId: string) {
  const nhsNumber = String(randomInt(1_000_000_000, 9_999_999_999));
  return prisma.patient.create({ data: { practiceGroupId, nhsNumber, firstName: "Test", lastName: "Patient", dateOfBirth: new Date("1980-01-01") } });
}

export async function createSlot(practiceGroupId: string, startsInMs = 86_400_000) {
  const startsAt = new Date(Date.now() + startsInMs);
  return prisma.appointmentSlot.create({
    data: { practiceGroupId, startsAt, endsAt: new Date(startsAt.getTime() + 15 * 60_000), appointmentType: "GP consultation", clinician: "Dr Test" },
  });
}

type RequestOptions = { key?: string; token?: string; practiceGroupId?: string; username?: string; method?: string; body?: unknown; query?: string };

export function apiRequest(path: string, { key, token, practiceGroupId, username, method = "GET", body, query = "" }: RequestOptions = {}) {
  const headers = new Headers();
  if (key !== undefined) headers.set("x-api-key", key);
  if (token !== undefined) headers.set("authorization", `Bearer ${token}`);
  if (practiceGroupId !== undefined) headers.set("x-practice-group-id", practiceGroupId);
  if (username !== undefined) headers.set("x-username", username);
  if (body !== undefined) headers.set("content-type", "application/json");
  return new Request(`http://localhost/api/v1${path}${query}`, { method, headers, body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body) });
}

type Handler<P> = (request: Request, context: { params: Promise<P> }) => Promise<Response>;

/** Calls a route handler as Next would; returns the status and parsed JSON body. */
export async function call<P>(handler: Handler<P>, request: Request, params: P = {} as P) {
  const response = await handler(request, { params: Promise.resolve(params) });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null, text, headers: response.headers };
}
