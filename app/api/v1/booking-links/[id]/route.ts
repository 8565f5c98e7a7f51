import { toBookingLinkDto } from "@/lib/api/dto";
import { endpoints } from "@/lib/api/endpoints";
import { parseId } from "@/lib/api/validation";
import { methodsNotAllowed, withApiKey } from "@/lib/api/with-api-key";
import { getBookingLinkOrThrow, madeByCaller, stopBookingLink } from "@/lib/booking-links";

export const GET = withApiKey(endpoints.getBookingLink, async ({ params, actor, key, touched }) => {
  const link = await getBookingLinkOrThrow(parseId(params.id, "Booking link"), actor);
  touched(link.patientId);
  return Response.json({ data: toBookingLinkDto(link, await madeByCaller(key.callerId, link)) });
});

export const DELETE = withApiKey(endpoints.stopBookingLink, async ({ params, actor, key, touched }) => {
  const { link, mine } = await stopBookingLink(parseId(params.id, "Booking link"), actor, key.callerId);
  touched(link.patientId);
  return Response.json({ data: toBookingLinkDto(link, mine) });
});

export const { POST, PUT, PATCH } = methodsNotAllowed(endpoints.getBookingLink.path);
