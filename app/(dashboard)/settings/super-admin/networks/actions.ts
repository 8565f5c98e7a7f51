"use server";

import { revalidatePath } from "next/cache";

import { superAdminAction } from "@/lib/actions";
import { addNetworkMember, createNetwork, removeNetworkMember } from "@/lib/networks";
import { addNetworkMemberInput, createNetworkInput, removeNetworkMemberInput } from "@/lib/schemas";
import { supportActor } from "@/lib/support";

// superAdminAction answers "Not found" to everyone else, before any input is read.
const PATH = "/settings/super-admin/networks";

export const createNetworkAction = superAdminAction(createNetworkInput, async ({ name, code, reason }, user) => {
  const network = await createNetwork({ name, code, actor: supportActor(user), reason });
  revalidatePath(PATH, "layout");
  return { id: network.id };
});

export const addNetworkMemberAction = superAdminAction(addNetworkMemberInput, async (input, user) => {
  const practice = await addNetworkMember({ ...input, actor: supportActor(user) });
  revalidatePath(PATH, "layout");
  // Named back: a mistyped code of another practice would otherwise be added unnoticed.
  return { practice: `${practice.name} (${practice.code})` };
});

export const removeNetworkMemberAction = superAdminAction(removeNetworkMemberInput, async (input, user) => {
  await removeNetworkMember({ ...input, actor: supportActor(user) });
  revalidatePath(PATH, "layout");
});
