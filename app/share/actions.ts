"use server";

import { openKeyShare } from "@/lib/key-shares";

/** No session: whoever holds the link may open it, once. The token arrives in the body, never a URL. */
export async function openShareAction(token: unknown) {
  return openKeyShare(typeof token === "string" ? token : "");
}
