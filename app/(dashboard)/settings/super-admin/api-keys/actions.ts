"use server";

import { revalidatePath } from "next/cache";

import { superAdminAction } from "@/lib/actions";
import { createUserKeyInput, keyInput, updateUserKeyInput, userSearchInput } from "@/lib/schemas";
import { supportActor } from "@/lib/support";
import { createUserKey, deleteUserKey, updateUserKey, viewUserKey } from "@/lib/user-keys";
import { searchUsers } from "@/lib/users";

// superAdminAction answers "Not found" to everyone else, before any input is read. The owner's
// practice sees these in its Activity as done by "Hero support", as every other support action.
const LIST_PATH = "/settings/super-admin/api-keys";

export const searchUsersAction = superAdminAction(userSearchInput, async ({ query }) => {
  return { users: await searchUsers(query) };
});

export const createUserKeyAction = superAdminAction(createUserKeyInput, async (input, user) => {
  const created = await createUserKey({ ...input, actor: supportActor(user) });
  revalidatePath(LIST_PATH);
  return created;
});

export const viewUserKeyAction = superAdminAction(keyInput, async ({ keyId }, user) => {
  return viewUserKey({ keyId, actor: supportActor(user) });
});

export const updateUserKeyAction = superAdminAction(updateUserKeyInput, async (input, user) => {
  await updateUserKey({ ...input, actor: supportActor(user) });
  revalidatePath(LIST_PATH);
});

export const deleteUserKeyAction = superAdminAction(keyInput, async ({ keyId }, user) => {
  await deleteUserKey({ keyId, actor: supportActor(user) });
  revalidatePath(LIST_PATH);
});
