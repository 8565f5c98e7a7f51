import { endpoints } from "@/lib/api/endpoints";
import { getPracticeGroupsDto } from "@/lib/api/practice-groups";
import { methodsNotAllowed, withApiKey } from "@/lib/api/with-api-key";

export const GET = withApiKey(endpoints.listPracticeGroups, async ({ practiceGroup, key }) =>
  Response.json({ data: await getPracticeGroupsDto(practiceGroup.id, key.practiceGroupId) }),
);

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed(endpoints.listPracticeGroups.path);
