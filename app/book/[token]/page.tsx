import type { Metadata } from "next";
import { cache } from "react";

import { ArrivalHeading } from "@/components/booking/arrival-heading";
import { BookingConfirmation } from "@/components/booking/booking-confirmation";
import { ForgetSearchParam } from "@/components/booking/forget-search-param";
import { PhoneLink } from "@/components/booking/phone-link";
import { SlotPicker } from "@/components/booking/slot-picker";
import { formatLongDateTime, formatLongDay, formatLongUntil, formatTime } from "@/lib/format";
import { BOOKED_ELSEWHERE, groupByUkDay, viewBookingLink, type BookingLinkView, type PracticeContact } from "@/lib/patient-booking";

import { bookThroughLinkAction } from "./actions";

type Props = { params: Promise<{ token: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

// Once per request (React cache): the page and its title read the link once.
const view = cache((token: string) => viewBookingLink(token));

/** The title says where the patient stands, in tabs, history and as a screen reader arrives. */
function titleOf(link: BookingLinkView) {
  if (link.state === "open") return "Book an appointment";
  if (link.state === "booked") {
    const { cancelled, past } = link.appointment;
    return cancelled ? "Appointment cancelled" : past ? "Appointment passed" : "Appointment booked";
  }
  return { invalid: "Booking link not valid", expired: "Booking link expired", stopped: "Booking link no longer works" }[link.state];
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  // A link's preview in a messaging app shows the description: the patient's, not the dashboard's.
  return { title: titleOf(await view((await params).token)), description: "Book an appointment at your GP practice.", robots: { index: false, follow: false } };
}

export default async function BookPage({ params, searchParams }: Props) {
  const { token } = await params;
  const link = await view(token);
  const bookedElsewhere = (await searchParams)[BOOKED_ELSEWHERE] !== undefined;

  return (
    <main className="mx-auto max-w-xl space-y-6 p-4 sm:p-8">
      <p className="text-sm font-semibold tracking-wide text-brand-600 uppercase">{"practice" in link && link.practice ? link.practice.name : "Hero"}</p>
      {link.state === "invalid" && (
        <Notice title="This booking link is not valid">Check that you opened the whole link from your message, or contact your practice.</Notice>
      )}
      {link.state === "expired" && (
        <Notice title="This booking link has expired">
          <ContactPractice practice={link.practice} /> to book an appointment.
        </Notice>
      )}
      {link.state === "stopped" && (
        <Notice title="This booking link no longer works">Contact your practice about booking, or about an appointment made with this link.</Notice>
      )}
      {link.state === "booked" && (
        <BookingConfirmation
          appointment={link.appointment}
          practice={link.practice}
          calendarHref={`/book/${token}/appointment.ics`}
          bookedElsewhere={bookedElsewhere}
        />
      )}
      {bookedElsewhere && <ForgetSearchParam name={BOOKED_ELSEWHERE} />}
      {link.state === "open" && (
        <>
          <div className="space-y-1">
            <h1 className="text-2xl font-semibold">Book your {link.appointmentType}</h1>
            <p className="text-slate-700">
              Hello {link.firstName}. Choose a time below. This link can be used once, until {formatLongUntil(link.expiresAt)} (UK time).
            </p>
          </div>
          {link.slots.length === 0 ? (
            // Below the page's h1, and focused only when it replaces the times after Book.
            <Notice title="No appointments are free" level={2} afterBook>
              There are no free appointments of this type in the next two weeks. <ContactPractice practice={link.practice} />.
            </Notice>
          ) : (
            <SlotPicker
              action={bookThroughLinkAction.bind(null, token)}
              days={groupByUkDay(link.slots).map((day) => ({
                date: day.date,
                heading: formatLongDay(day.slots[0].startsAt),
                slots: day.slots.map((slot) => ({
                  id: slot.id,
                  time: formatTime(slot.startsAt),
                  clinician: slot.clinician,
                  label: `${formatLongDateTime(slot.startsAt)} with ${slot.clinician}`,
                })),
              }))}
            />
          )}
          {link.moreSlots && (
            <p className="text-sm text-slate-700" data-testid="more-slots">
              These are the earliest {link.slots.length} free times. For a later one, <ContactPractice practice={link.practice} lower />.
            </p>
          )}
        </>
      )}
    </main>
  );
}

/** "Contact <the practice> on <its phone>": named, as a network's link may book with a practice other than the patient's own. */
function ContactPractice({ practice, lower = false }: { practice: PracticeContact; lower?: boolean }) {
  return (
    <>
      {lower ? "contact" : "Contact"} {practice.name}
      {practice.phone && (
        <>
          {" "}
          on <PhoneLink phone={practice.phone} />
        </>
      )}
    </>
  );
}

function Notice({ title, level, afterBook, children }: { title: string; level?: 1 | 2; afterBook?: boolean; children: React.ReactNode }) {
  return (
    <section className="space-y-2 rounded-lg border border-slate-200 bg-white p-6 shadow-sm" aria-labelledby="notice-title">
      <ArrivalHeading id="notice-title" className="text-xl" level={level} afterBook={afterBook}>
        {title}
      </ArrivalHeading>
      <p className="text-slate-700">{children}</p>
    </section>
  );
}
