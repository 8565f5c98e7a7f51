"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";

import { publicAction } from "@/lib/actions";
import { BOOKED_ELSEWHERE, bookThroughLink, type BookThroughLinkResult } from "@/lib/patient-booking";

// Public on purpose: the booking link's token is the patient's credential (lib/patient-booking.ts).
export const bookThroughLinkAction = publicAction(
  (error): BookThroughLinkResult => ({ error }),
  async (token: string, _previous: BookThroughLinkResult | null, form: FormData): Promise<BookThroughLinkResult> => {
    const slotId = form instanceof FormData ? form.get("slotId") : null;
    const result = await bookThroughLink(token, typeof slotId === "string" ? slotId : "");
    // Also when the link changed under the patient: the page then shows it as it is now (the booking
    // another tab made, the slots still free). Never for a token that is no link: this action is public.
    if ("ok" in result || result.stale) revalidatePath(`/book/${token}`);
    // The page will show the booking another tab or device made: it says this Book did not make it (a query, not a cookie, so only this tab).
    if ("error" in result && result.bookedElsewhere) redirect(`/book/${token}?${BOOKED_ELSEWHERE}`);
    return result;
  },
);
