import { createBookingLinkBody, listQuery } from "@/lib/api/schemas";
import { parseQuery, readJson } from "@/lib/api/validation";
import { methodsNotAllowed, withApiKey } from "@/lib/api/with-api-key";
import { createBookingLink, listBookingLinks, toBookingLinkDto } from "@/lib/booking-links";

// POST /api/v1/booking-links – invite a patient to book an appointment type
export const POST = withApiKey(
  async ({ request, key, practiceGroup }) => {
    const input = await readJson(request, createBookingLinkBody);
    const link = await createBookingLink({ actingPracticeGroupId: practiceGroup.id, keyPracticeGroupId: key.practiceGroupId, keyId: key.id }, input);
    return Response.json({ data: toBookingLinkDto(link, request.url) }, { status: 201 });
  },
  { scope: "booking_links" },
);

// GET /api/v1/booking-links – the practice group's booking links, newest first
export const GET = withApiKey(
  async ({ request, practiceGroup }) => {
    const { items, nextCursor } = await listBookingLinks(practiceGroup.id, parseQuery(request, listQuery));
    return Response.json({ data: items.map((link) => toBookingLinkDto(link, request.url)), next_cursor: nextCursor });
  },
  { scope: "booking_links" },
);

export const { PUT, PATCH, DELETE } = methodsNotAllowed("GET, POST");
