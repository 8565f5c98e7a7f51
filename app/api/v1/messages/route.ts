import { toMessageDto } from "@/lib/api/dto";
import { endpoints } from "@/lib/api/endpoints";
import { methodsNotAllowed, withApiKey } from "@/lib/api/with-api-key";
import { createMessage, getMessageOrThrow, listMessages } from "@/lib/messages";

export const POST = withApiKey(endpoints.createMessage, async ({ actor, body, touched, replayOf }) => {
  const message = replayOf ? await getMessageOrThrow(replayOf, actor) : await createMessage(actor, body);
  touched(message.patientId);
  return Response.json({ data: toMessageDto(message) }, { status: 201 });
});

export const GET = withApiKey(endpoints.listMessages, async ({ actor, query, touched }) => {
  const { items, nextCursor } = await listMessages(actor, query);
  touched(...items.map((message) => message.patientId));
  return Response.json({ data: items.map(toMessageDto), next_cursor: nextCursor });
});

export const { PUT, PATCH, DELETE } = methodsNotAllowed(endpoints.listMessages.path);
