import { parseId } from "@/lib/api/validation";
import { methodsNotAllowed, withApiKey } from "@/lib/api/with-api-key";
import { cancelAppointment, getAppointmentOrThrow, toAppointmentDto } from "@/lib/booking";

// GET /api/v1/appointments/{id} – one appointment of the practice group
export const GET = withApiKey<{ id: string }>(
  async ({ params, practiceGroup }) => {
    const appointment = await getAppointmentOrThrow(parseId(params.id, "Appointment"), practiceGroup.id);
    return Response.json({ data: toAppointmentDto(appointment) });
  },
  { scope: "booking" },
);

// DELETE /api/v1/appointments/{id} – cancel an appointment and free its slot
export const DELETE = withApiKey<{ id: string }>(
  async ({ params, practiceGroup }) => {
    const appointment = await cancelAppointment(parseId(params.id, "Appointment"), practiceGroup.id);
    return Response.json({ data: toAppointmentDto(appointment) });
  },
  { scope: "booking" },
);

export const { POST, PUT, PATCH } = methodsNotAllowed("GET, DELETE");
