import { toMessageDto } from "@/lib/api/dto";
import { endpoints } from "@/lib/api/endpoints";
import { parseId } from "@/lib/api/validation";
import { methodsNotAllowed, withApiKey } from "@/lib/api/with-api-key";
import { getMessageOrThrow } from "@/lib/messages";

export const GET = withApiKey(endpoints.getMessage, async ({ params, actor, touched }) => {
  const message = await getMessageOrThrow(parseId(params.id, "Message"), actor);
  touched(message.patientId);
  return Response.json({ data: toMessageDto(message) });
});

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed(endpoints.getMessage.path);
