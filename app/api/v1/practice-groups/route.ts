import { getPracticeGroupsDto } from "@/lib/api/practice-groups";
import { methodsNotAllowed, withApiKey } from "@/lib/api/with-api-key";

// GET /api/v1/practice-groups – the practice group this call acts for, and its networks
export const GET = withApiKey(async ({ practiceGroup }) => Response.json({ data: await getPracticeGroupsDto(practiceGroup.id) }), { scope: null });

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed("GET");
