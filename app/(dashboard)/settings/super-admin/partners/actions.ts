"use server";

import { revalidatePath } from "next/cache";

import { superAdminAction } from "@/lib/actions";
import { createPartner, setConnectionScopes, setPartnerSuspended, updatePartner } from "@/lib/partner-admin";
import { connectionScopesInput, createPartnerInput, suspendPartnerInput, updatePartnerInput } from "@/lib/schemas";
import { supportActor } from "@/lib/support";

// superAdminAction answers "Not found" to everyone else, before any input is read.
const PATH = "/settings/super-admin/partners";

export const createPartnerAction = superAdminAction(createPartnerInput, async ({ reason, ...fields }, user) => {
  const partner = await createPartner({ fields, actor: supportActor(user), reason });
  revalidatePath(PATH, "layout");
  return { id: partner.id };
});

export const updatePartnerAction = superAdminAction(updatePartnerInput, async ({ partnerId, loadedAt, reason, ...fields }, user) => {
  await updatePartner({ partnerId, loadedAt, fields, actor: supportActor(user), reason });
  revalidatePath("/", "layout");
});

export const suspendPartnerAction = superAdminAction(suspendPartnerInput, async ({ partnerId, suspended, reason }, user) => {
  await setPartnerSuspended({ partnerId, suspended, actor: supportActor(user), reason });
  revalidatePath(PATH, "layout");
});

export const connectionScopesAction = superAdminAction(connectionScopesInput, async (input, user) => {
  await setConnectionScopes({ ...input, actor: supportActor(user) });
  revalidatePath("/", "layout");
});
