"use server";

import { headers } from "next/headers";

import { clientAddress } from "@/lib/client-address";
import { openKeyShare } from "@/lib/key-shares";
import { getCurrentUser } from "@/lib/session";

/**
 * No session needed: whoever holds the link may open it, once. The token arrives in the body,
 * never a URL. Someone signed in who opens it is named in the practice's Activity.
 */
export async function openShareAction(token: unknown) {
  const user = (await getCurrentUser()) ?? undefined;
  return openKeyShare(typeof token === "string" ? token : "", { user, address: clientAddress(await headers()) });
}
