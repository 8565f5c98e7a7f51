import { parseId } from "@/lib/api/validation";
import { methodsNotAllowed, withApiKey } from "@/lib/api/with-api-key";
import { getBookingLinkOrThrow, toBookingLinkDto } from "@/lib/booking-links";

// GET /api/v1/booking-links/{id} – one booking link of the practice group
export const GET = withApiKey<{ id: string }>(
  async ({ request, params, practiceGroup }) => {
    const link = await getBookingLinkOrThrow(parseId(params.id, "Booking link"), practiceGroup.id);
    return Response.json({ data: toBookingLinkDto(link, request.url) });
  },
  { scope: "booking_links" },
);

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed("GET");
