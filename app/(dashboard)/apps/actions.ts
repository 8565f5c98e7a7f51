"use server";

import { revalidatePath } from "next/cache";

import { adminAction } from "@/lib/actions";
import { connectPartner, disconnectPartner, rotatePartnerKey, viewPartnerKey } from "@/lib/partners";
import { disconnectInput, partnerInput, partnerKeyInput } from "@/lib/schemas";

// The practice group is the signed-in user's, never an argument: see lib/actions.ts.

export const connectPartnerAction = adminAction(partnerKeyInput, async ({ partnerId, replacing, options }, user) => {
  const { key } = await connectPartner({ practiceGroupId: user.practiceGroupId, partnerId, actor: user, options, replacing });
  revalidatePath("/", "layout");
  return { key };
});

export const rotatePartnerKeyAction = adminAction(partnerKeyInput, async ({ partnerId, replacing, shownScopes, options }, user) => {
  const { key } = await rotatePartnerKey({ practiceGroupId: user.practiceGroupId, partnerId, actor: user, options, replacing, shownScopes });
  revalidatePath("/", "layout");
  return { key };
});

export const disconnectPartnerAction = adminAction(disconnectInput, async ({ partnerId, replacing }, user) => {
  await disconnectPartner({ practiceGroupId: user.practiceGroupId, partnerId, actor: user, replacing });
  revalidatePath("/", "layout");
});

export const viewPartnerKeyAction = adminAction(partnerInput, async ({ partnerId }, user) => {
  return viewPartnerKey({ practiceGroupId: user.practiceGroupId, partnerId, actor: user });
});
