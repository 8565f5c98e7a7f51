import { toAppointmentDto } from "@/lib/api/dto";
import { endpoints } from "@/lib/api/endpoints";
import { methodsNotAllowed, withApiKey } from "@/lib/api/with-api-key";
import { bookAppointment, getAppointmentOrThrow, listAppointments } from "@/lib/booking";

export const POST = withApiKey(endpoints.bookAppointment, async ({ actor, body, touched, replayOf }) => {
  const appointment = replayOf ? await getAppointmentOrThrow(replayOf, actor) : await bookAppointment(actor, body);
  touched(appointment.patientId);
  return Response.json({ data: toAppointmentDto(appointment) }, { status: 201 });
});

export const GET = withApiKey(endpoints.listAppointments, async ({ actor, query, touched }) => {
  const { items, nextCursor } = await listAppointments(actor, query);
  touched(...items.map((appointment) => appointment.patientId));
  return Response.json({ data: items.map(toAppointmentDto), next_cursor: nextCursor });
});

export const { PUT, PATCH, DELETE } = methodsNotAllowed(endpoints.listAppointments.path);
