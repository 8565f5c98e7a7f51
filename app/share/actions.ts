"use server";

import { headers } from "next/headers";

import { clientAddress } from "@/lib/client-address";
import { openKeyShare } from "@/lib/key-shares";
import { getCurrentUser, isSuperAdmin } from "@/lib/session";
import { supportActor } from "@/lib/support";

/**
 * No session needed: whoever holds the link may open it, once. The token arrives in the body,
 * never a URL. Someone signed in who opens it is named in the practice's Activity.
 */
export async function openShareAction(token: unknown) {
  const user = await getCurrentUser();
  const actor = user && (isSuperAdmin(user) ? supportActor(user) : { id: user.id, name: user.name, session: user.session });
  return openKeyShare(typeof token === "string" ? token : "", { actor: actor ?? undefined, address: clientAddress(await headers()) });
}
