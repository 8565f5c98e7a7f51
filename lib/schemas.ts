// Input schemas shared by forms and server actions.
import { z } from "zod";

export const partnerInput = z.object({ partnerId: z.uuid("Select a partner from the list") });
export const keyInput = z.object({ keyId: z.uuid("Unknown API key") });

// Super admin > API keys. Bounds match what the table and the View modal can show.
export const KEY_NAME_MAX = 100;
export const KEY_DESCRIPTION_MAX = 500;

const userKeyFields = {
  name: z.string().trim().min(1, "Enter a key name").max(KEY_NAME_MAX, `Key name must be ${KEY_NAME_MAX} characters or fewer`),
  description: z.string().trim().max(KEY_DESCRIPTION_MAX, `Key description must be ${KEY_DESCRIPTION_MAX} characters or fewer`),
};

export const createUserKeyInput = z.object({ ...userKeyFields, ownerUserId: z.uuid("Choose the user who will own this key") });
export const updateUserKeyInput = z.object({ keyId: z.uuid("Unknown API key"), ...userKeyFields });
export const userSearchInput = z.object({ query: z.string().trim().max(100) });
