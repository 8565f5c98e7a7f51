// GET /api/v1/practice-groups: the acting practice group and the practice groups of its networks.
import { z } from "zod";

import type { practiceGroupsResponse } from "@/lib/api/schemas";
import { getPracticeGroupWithNetworks } from "@/lib/practice-groups";

export async function getPracticeGroupsDto(practiceGroupId: string): Promise<z.infer<typeof practiceGroupsResponse>["data"]> {
  const group = await getPracticeGroupWithNetworks(practiceGroupId);
  return {
    id: group.id,
    name: group.name,
    code: group.code,
    networks: group.networks.map(({ members, ...network }) => ({ ...network, practice_groups: members })),
  };
}
