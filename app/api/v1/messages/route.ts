import { createMessageBody, listQuery } from "@/lib/api/schemas";
import { parseQuery, readJson } from "@/lib/api/validation";
import { methodsNotAllowed, withApiKey } from "@/lib/api/with-api-key";
import { createMessage, listMessages, toMessageDto } from "@/lib/messages";

// POST /api/v1/messages – queue a message to a patient
export const POST = withApiKey(
  async ({ request, key, practiceGroup }) => {
    const input = await readJson(request, createMessageBody);
    const message = await createMessage({ actingPracticeGroupId: practiceGroup.id, keyPracticeGroupId: key.practiceGroupId, keyId: key.id }, input);
    return Response.json({ data: toMessageDto(message) }, { status: 201 });
  },
  { scope: "messaging" },
);

// GET /api/v1/messages – the practice group's messages, newest first
export const GET = withApiKey(
  async ({ request, practiceGroup }) => {
    const { items, nextCursor } = await listMessages(practiceGroup.id, parseQuery(request, listQuery));
    return Response.json({ data: items.map(toMessageDto), next_cursor: nextCursor });
  },
  { scope: "messaging" },
);

export const { PUT, PATCH, DELETE } = methodsNotAllowed("GET, POST");
