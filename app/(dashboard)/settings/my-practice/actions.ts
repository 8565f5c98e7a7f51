"use server";

import { revalidatePath } from "next/cache";

import { adminAction } from "@/lib/actions";
import { stopPatientBookingLink } from "@/lib/booking-links";
import { updatePracticeDetails } from "@/lib/practice-groups";
import { generatePracticeKey, revokePracticeKey } from "@/lib/practice-keys";
import { bookingLinkInput, keyInput, partnerKeyInput, practiceDetailsInput } from "@/lib/schemas";

// The practice group is the signed-in user's, never an argument: see lib/actions.ts.

export const generateApiKeyAction = adminAction(partnerKeyInput, async ({ partnerId, replacing, shownScopes, options }, user) => {
  const { key, partnerName, replacedKey } = await generatePracticeKey({
    practiceGroupId: user.practiceGroupId,
    partnerId,
    actor: user,
    options,
    replacing,
    shownScopes,
  });
  revalidatePath("/", "layout");
  return { key, partnerName, replacedKey };
});

export const revokeApiKeyAction = adminAction(keyInput, async ({ keyId }, user) => {
  await revokePracticeKey({ practiceGroupId: user.practiceGroupId, keyId, actor: user });
  revalidatePath("/", "layout");
});

export const updatePracticeDetailsAction = adminAction(practiceDetailsInput, async ({ address, phone }, user) => {
  await updatePracticeDetails({ practiceGroupId: user.practiceGroupId, actor: user, address, phone });
  revalidatePath("/settings/my-practice");
});

export const stopBookingLinkAction = adminAction(bookingLinkInput, async ({ linkId }, user) => {
  const stopped = await stopPatientBookingLink({ practiceGroupId: user.practiceGroupId, linkId, actor: user });
  revalidatePath("/settings/my-practice");
  return stopped;
});
