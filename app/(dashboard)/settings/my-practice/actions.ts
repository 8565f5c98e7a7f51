"use server";

import { revalidatePath } from "next/cache";

import { adminAction } from "@/lib/actions";
import { generatePracticeKey, revokePracticeKey } from "@/lib/practice-keys";
import { keyInput, partnerInput } from "@/lib/schemas";

// The practice group is the signed-in user's, never an argument: see lib/actions.ts.

export const generateApiKeyAction = adminAction(partnerInput, async ({ partnerId }, user) => {
  const { key, partnerName } = await generatePracticeKey({ practiceGroupId: user.practiceGroupId, partnerId, actor: user });
  revalidatePath("/settings/my-practice");
  return { key, partnerName };
});

export const revokeApiKeyAction = adminAction(keyInput, async ({ keyId }, user) => {
  await revokePracticeKey({ practiceGroupId: user.practiceGroupId, keyId, actor: user });
  revalidatePath("/settings/my-practice");
});
