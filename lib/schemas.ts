// Input schemas shared by forms and server actions.
import { z } from "zod";

export const partnerInput = z.object({ partnerId: z.uuid("Select a partner from the list") });
export const keyInput = z.object({ keyId: z.uuid("Unknown API key") });
