"use server";

import { headers } from "next/headers";

import { publicAction } from "@/lib/actions";
import { clientAddress } from "@/lib/client-address";
import { openKeyShare, type OpenedShare } from "@/lib/key-shares";
import { getCurrentUser } from "@/lib/session";

/**
 * No session needed: whoever holds the link may open it, once. The token arrives in the body,
 * never a URL. Someone signed in who opens it is named in the practice's Activity.
 */
export const openShareAction = publicAction(
  // The link was not looked at: its button stays.
  (error): OpenedShare => ({ ok: false, error, retry: true }),
  async (token: unknown): Promise<OpenedShare> => {
    const user = (await getCurrentUser()) ?? undefined;
    return openKeyShare(typeof token === "string" ? token : "", { user, address: clientAddress(await headers()) });
  },
);
