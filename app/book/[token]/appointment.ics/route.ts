import { bookedAppointmentIcs } from "@/lib/patient-booking";

// The token is the patient's credential and the file describes their appointment: never stored
// by a shared cache, never indexed.
const PRIVATE = { "Cache-Control": "private, no-store", "X-Robots-Tag": "noindex, nofollow" };

// GET /book/<token>/appointment.ics – the booked appointment as a calendar file, for the link that booked it
export async function GET(_request: Request, { params }: { params: Promise<{ token: string }> }) {
  const ics = await bookedAppointmentIcs((await params).token);
  if (!ics) return new Response("Not found", { status: 404, headers: { ...PRIVATE, "Content-Type": "text/plain; charset=utf-8" } });
  return new Response(ics, {
    headers: { ...PRIVATE, "Content-Type": "text/calendar; charset=utf-8", "Content-Disposition": 'attachment; filename="appointment.ics"' },
  });
}
