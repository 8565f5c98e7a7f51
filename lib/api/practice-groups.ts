// GET /api/v1/practice-groups: the acting practice group and the practice groups of the networks it shares with the key's.
import { z } from "zod";

import type { practiceGroupsResponse } from "@/lib/api/schemas";
import { getPracticeGroupWithNetworks } from "@/lib/practice-groups";

/**
 * The networks are those the key's own practice group is in: acting for a hub, a key sees the
 * networks it shares with the hub, not the hub's other networks and their practices.
 */
export async function getPracticeGroupsDto(practiceGroupId: string, keyPracticeGroupId: string): Promise<z.infer<typeof practiceGroupsResponse>["data"]> {
  const group = await getPracticeGroupWithNetworks(practiceGroupId);
  return {
    id: group.id,
    name: group.name,
    code: group.code,
    networks: group.networks
      .filter(({ members }) => members.some((member) => member.id === keyPracticeGroupId))
      .map(({ members, ...network }) => ({ ...network, practice_groups: members })),
  };
}
