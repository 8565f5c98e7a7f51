import { toBookingLinkDto } from "@/lib/api/dto";
import { endpoints } from "@/lib/api/endpoints";
import { methodsNotAllowed, withApiKey } from "@/lib/api/with-api-key";
import { createBookingLink, getBookingLinkOrThrow, listBookingLinks } from "@/lib/booking-links";

export const POST = withApiKey(endpoints.createBookingLink, async ({ actor, body, touched, replayOf }) => {
  const link = replayOf ? await getBookingLinkOrThrow(replayOf, actor) : await createBookingLink(actor, body);
  touched(link.patientId);
  return Response.json({ data: toBookingLinkDto(link) }, { status: 201 });
});

export const GET = withApiKey(endpoints.listBookingLinks, async ({ actor, query, touched }) => {
  const { items, nextCursor } = await listBookingLinks(actor, query);
  touched(...items.map((link) => link.patientId));
  return Response.json({ data: items.map(toBookingLinkDto), next_cursor: nextCursor });
});

export const { PUT, PATCH, DELETE } = methodsNotAllowed(endpoints.listBookingLinks.path);
