import { toAppointmentDto } from "@/lib/api/dto";
import { endpoints } from "@/lib/api/endpoints";
import { parseId } from "@/lib/api/validation";
import { methodsNotAllowed, withApiKey } from "@/lib/api/with-api-key";
import { cancelAppointment, getAppointmentOrThrow } from "@/lib/booking";

export const GET = withApiKey(endpoints.getAppointment, async ({ params, actor, touched }) => {
  const appointment = await getAppointmentOrThrow(parseId(params.id, "Appointment"), actor);
  touched(appointment.patientId);
  return Response.json({ data: toAppointmentDto(appointment) });
});

export const DELETE = withApiKey(endpoints.cancelAppointment, async ({ params, actor, touched }) => {
  const appointment = await cancelAppointment(parseId(params.id, "Appointment"), actor);
  touched(appointment.patientId);
  return Response.json({ data: toAppointmentDto(appointment) });
});

export const { POST, PUT, PATCH } = methodsNotAllowed(endpoints.getAppointment.path);
