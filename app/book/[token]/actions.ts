"use server";

import { revalidatePath } from "next/cache";

import { bookThroughLink, type BookThroughLinkResult } from "@/lib/patient-booking";

// Public on purpose: the booking link's token is the patient's credential (lib/patient-booking.ts).
export async function bookThroughLinkAction(token: string, _previous: BookThroughLinkResult | null, form: FormData): Promise<BookThroughLinkResult> {
  const slotId = form instanceof FormData ? form.get("slotId") : null;
  const result = await bookThroughLink(token, typeof slotId === "string" ? slotId : "");
  // Also on a refusal: the page then shows the link as it is now (the booking another tab made, or
  // the slots still free).
  if (typeof token === "string") revalidatePath(`/book/${token}`);
  return result;
}
