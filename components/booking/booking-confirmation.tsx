import { ArrivalHeading } from "@/components/booking/arrival-heading";
import { PhoneLink } from "@/components/booking/phone-link";
import { buttonClass } from "@/components/ui/button";
import { formatLongDateTime } from "@/lib/format";
import type { BookedAppointment, PracticeContact } from "@/lib/patient-booking";

/** `bookedElsewhere`: the patient's Book was refused because the link had made this booking before, elsewhere. */
type Props = { appointment: BookedAppointment; practice: PracticeContact; calendarHref: string; bookedElsewhere?: boolean };

/** "Your appointment is booked": when, what, and how to reach the practice, with a calendar file. */
export function BookingConfirmation({ appointment, practice, calendarHref, bookedElsewhere = false }: Props) {
  const { cancelled, past } = appointment;
  // Read with the heading as it takes the focus: a note that appears beside it is not reliably announced.
  const elsewhere = bookedElsewhere && !cancelled && !past;
  return (
    <section aria-labelledby="confirmation-title" className="space-y-5 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
      <ArrivalHeading id="confirmation-title" describedBy={elsewhere ? "booked-elsewhere" : undefined}>
        {cancelled ? "Your appointment was cancelled" : past ? "Your appointment has passed" : "Your appointment is booked"}
      </ArrivalHeading>
      {elsewhere && (
        <p id="booked-elsewhere" className="rounded-md bg-amber-50 p-3 font-medium text-amber-900" data-testid="booked-elsewhere">
          The time you chose was not booked: this link had already booked the appointment below, in another tab or on another device.
        </p>
      )}
      <dl className="grid gap-x-6 gap-y-2 sm:grid-cols-[auto_1fr]">
        <dt className="text-sm text-slate-600">When</dt>
        <dd className="font-semibold">{formatLongDateTime(appointment.startsAt)} (UK time)</dd>
        <dt className="text-sm text-slate-600">Appointment</dt>
        <dd>
          {appointment.appointmentType} with {appointment.clinician}
        </dd>
        <dt className="text-sm text-slate-600">Practice</dt>
        <dd>{practice.name}</dd>
        {(practice.address || practice.phone) && (
          <>
            <dt className="text-sm text-slate-600">Address</dt>
            <dd className="whitespace-pre-line">{practice.address ?? "Not given"}</dd>
            <dt className="text-sm text-slate-600">Phone</dt>
            <dd>{practice.phone ? <PhoneLink phone={practice.phone} /> : "Not given"}</dd>
          </>
        )}
      </dl>
      {!practice.address && !practice.phone && (
        <p className="text-slate-700">{practice.name} has not given its address or phone number here. Contact the practice the way you usually do.</p>
      )}
      <p className="text-slate-700">
        {cancelled
          ? "Contact your practice to book again. If you added it to your calendar, delete it there."
          : past
            ? `To book another, contact ${practice.name}.`
            : `To change or cancel it, contact ${practice.name}.`}
      </p>
      {!cancelled && !past && (
        <a href={calendarHref} download="appointment.ics" className={buttonClass("secondary")}>
          Add to calendar (.ics)
        </a>
      )}
    </section>
  );
}
