"use server";

import { revalidatePath } from "next/cache";

import { bookThroughLink, type BookThroughLinkResult } from "@/lib/patient-booking";

// Public on purpose: the booking link's token is the patient's credential (lib/patient-booking.ts).
export async function bookThroughLinkAction(token: string, _previous: BookThroughLinkResult | null, form: FormData): Promise<BookThroughLinkResult> {
  const slotId = form instanceof FormData ? form.get("slotId") : null;
  const result = await bookThroughLink(token, typeof slotId === "string" ? slotId : "");
  if ("ok" in result) revalidatePath(`/book/${token}`);
  return result;
}
