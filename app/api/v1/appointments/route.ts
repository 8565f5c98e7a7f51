import { appointmentsQuery, createAppointmentBody } from "@/lib/api/schemas";
import { parseQuery, readJson } from "@/lib/api/validation";
import { methodsNotAllowed, withApiKey } from "@/lib/api/with-api-key";
import { bookAppointment, listAppointments, toAppointmentDto } from "@/lib/booking";

// POST /api/v1/appointments – book a free slot for a patient
export const POST = withApiKey(
  async ({ request, key, practiceGroup }) => {
    const input = await readJson(request, createAppointmentBody);
    const appointment = await bookAppointment({ actingPracticeGroupId: practiceGroup.id, keyPracticeGroupId: key.practiceGroupId, keyId: key.id }, input);
    return Response.json({ data: toAppointmentDto(appointment) }, { status: 201 });
  },
  { scope: "booking" },
);

// GET /api/v1/appointments – the practice group's appointments, newest first
export const GET = withApiKey(
  async ({ request, practiceGroup }) => {
    const { items, nextCursor } = await listAppointments(practiceGroup.id, parseQuery(request, appointmentsQuery));
    return Response.json({ data: items.map(toAppointmentDto), next_cursor: nextCursor });
  },
  { scope: "booking" },
);

export const { PUT, PATCH, DELETE } = methodsNotAllowed("GET, POST");
