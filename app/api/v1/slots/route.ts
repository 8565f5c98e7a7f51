import { slotsQuery } from "@/lib/api/schemas";
import { parseQuery } from "@/lib/api/validation";
import { methodsNotAllowed, withApiKey } from "@/lib/api/with-api-key";
import { listFreeSlots, toSlotDto } from "@/lib/booking";

// GET /api/v1/slots?from&to – free slots of the practice group, earliest first
export const GET = withApiKey(
  async ({ request, practiceGroup }) => {
    const { items, nextCursor } = await listFreeSlots(practiceGroup.id, parseQuery(request, slotsQuery));
    return Response.json({ data: items.map(toSlotDto), next_cursor: nextCursor });
  },
  { scope: "booking" },
);

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed("GET");
