"use server";

import { headers } from "next/headers";

import { clientAddress } from "@/lib/client-address";
import { openKeyShare, type OpenedShare } from "@/lib/key-shares";
import { publicPageRefusal } from "@/lib/public-pages";
import { getCurrentUser } from "@/lib/session";

/**
 * No session needed: whoever holds the link may open it, once. The token arrives in the body,
 * never a URL. Someone signed in who opens it is named in the practice's Activity.
 */
export async function openShareAction(token: unknown): Promise<OpenedShare> {
  const requestHeaders = await headers();
  const refusal = publicPageRefusal(requestHeaders);
  if (refusal) return { ok: false, error: refusal, retry: true };
  const user = (await getCurrentUser()) ?? undefined;
  return openKeyShare(typeof token === "string" ? token : "", { user, address: clientAddress(requestHeaders) });
}
