"use server";

import { revalidatePath } from "next/cache";

import { superAdminAction } from "@/lib/actions";
import { createKeyShare } from "@/lib/key-shares";
import { connectPartner, disconnectPartner, rotatePartnerKey } from "@/lib/partners";
import { revokePracticeKey } from "@/lib/practice-keys";
import { setConnectionRateLimit } from "@/lib/rate-limit-overrides";
import { findKeyInput, supportConnectInput, supportKeyInput, supportLiveKeyInput, supportRateLimitInput } from "@/lib/schemas";
import { supportActor } from "@/lib/support";
import { findKeyForSupport } from "@/lib/support-practices";

// superAdminAction answers "Not found" to everyone else, before any input is read. The lib
// functions are the practice's own: only the actor ("Hero support") and the reason differ.

export const supportConnectAction = superAdminAction(supportConnectInput, async ({ practiceGroupId, partnerId, scopes, reason }, user) => {
  // As the practice's Connect, with the scopes the partner asked for; the key is sent with Share key.
  await connectPartner({ practiceGroupId, partnerId, actor: supportActor(user), reason, options: { scopes } });
  revalidatePath("/", "layout");
});

export const supportRotateAction = superAdminAction(supportLiveKeyInput, async ({ practiceGroupId, partnerId, reason, replacing }, user) => {
  // The new key is stored encrypted and not shown here: support sends it with Share key.
  await rotatePartnerKey({ practiceGroupId, partnerId, actor: supportActor(user), reason, replacing });
  revalidatePath("/", "layout");
});

export const supportDisconnectAction = superAdminAction(supportLiveKeyInput, async ({ practiceGroupId, partnerId, reason, replacing }, user) => {
  await disconnectPartner({ practiceGroupId, partnerId, actor: supportActor(user), reason, replacing });
  revalidatePath("/", "layout");
});

export const supportRevokeAction = superAdminAction(supportKeyInput, async ({ practiceGroupId, keyId, reason }, user) => {
  await revokePracticeKey({ practiceGroupId, keyId, actor: supportActor(user), reason });
  revalidatePath("/", "layout");
});

export const supportShareAction = superAdminAction(supportKeyInput, async ({ practiceGroupId, keyId, reason }, user) => {
  const { url, expiresAt } = await createKeyShare({ practiceGroupId, keyId, actor: supportActor(user), reason });
  return { url, expiresAt: expiresAt.toISOString() };
});

export const supportRateLimitAction = superAdminAction(supportRateLimitInput, async (input, user) => {
  await setConnectionRateLimit({ ...input, actor: supportActor(user) });
  revalidatePath("/", "layout");
});

export const findKeyAction = superAdminAction(findKeyInput, ({ key }) => findKeyForSupport(key));
