import { toBookingLinkDto } from "@/lib/api/dto";
import { endpoints } from "@/lib/api/endpoints";
import { methodsNotAllowed, withApiKey } from "@/lib/api/with-api-key";
import { createBookingLink, getBookingLinkOrThrow, linksMadeBy, listBookingLinks } from "@/lib/booking-links";

export const POST = withApiKey(endpoints.createBookingLink, async ({ actor, body, touched, replayOf }) => {
  // A replay answers the caller's own earlier link (Idempotency-Keys are the caller's).
  const link = replayOf ? await getBookingLinkOrThrow(replayOf, actor) : await createBookingLink(actor, body);
  touched(link.patientId);
  return Response.json({ data: toBookingLinkDto(link, true) }, { status: 201 });
});

export const GET = withApiKey(endpoints.listBookingLinks, async ({ actor, key, query, touched }) => {
  const { items, nextCursor } = await listBookingLinks(actor, query);
  touched(...items.map((link) => link.patientId));
  const mine = await linksMadeBy(key.callerId, items);
  return Response.json({ data: items.map((link) => toBookingLinkDto(link, mine.has(link.id))), next_cursor: nextCursor });
});

export const { PUT, PATCH, DELETE } = methodsNotAllowed(endpoints.listBookingLinks.path);
