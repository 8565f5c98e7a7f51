import { toSlotDto } from "@/lib/api/dto";
import { endpoints } from "@/lib/api/endpoints";
import { methodsNotAllowed, withApiKey } from "@/lib/api/with-api-key";
import { listFreeSlots } from "@/lib/booking";

export const GET = withApiKey(endpoints.listSlots, async ({ practiceGroup, query }) => {
  const { items, nextCursor } = await listFreeSlots(practiceGroup.id, query);
  return Response.json({ data: items.map(toSlotDto), next_cursor: nextCursor });
});

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed(endpoints.listSlots.path);
