import { parseId } from "@/lib/api/validation";
import { methodsNotAllowed, withApiKey } from "@/lib/api/with-api-key";
import { getMessageOrThrow, toMessageDto } from "@/lib/messages";

// GET /api/v1/messages/{id} – one message of the practice group, with its status
export const GET = withApiKey<{ id: string }>(
  async ({ params, practiceGroup }) => {
    const message = await getMessageOrThrow(parseId(params.id, "Message"), practiceGroup.id);
    return Response.json({ data: toMessageDto(message) });
  },
  { scope: "messaging" },
);

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed("GET");
