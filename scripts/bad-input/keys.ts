// Keys for a bad-input run, made the way My Practice > Generate API Key makes them (hash only,
// so no encryption secret is needed): several keys so the 300-a-minute limit per key leaves
// most requests to reach the handlers, each for a partner of its own (one live key per partner).
// Two practices share a network, so a request naming the other practice group exercises the
// network check; every fifth key has the messaging scope only, so scope refusals happen too. Uses the e2e helpers, which refuse a non-local database.
import { generatePracticeKey } from "@/lib/practice-keys";
import { ALL_SCOPES } from "@/lib/scopes";

import { createPractice } from "../../tests/support/practices";
import { createNetwork, createPartner } from "../../tests/support/records";
import type { ApiKeyCredentials } from "./generate";

export async function createBadInputKeys(
  count: number,
  { databaseUrl = process.env.DATABASE_URL }: { databaseUrl?: string } = {},
): Promise<ApiKeyCredentials[]> {
  if (!databaseUrl) throw new Error("createBadInputKeys needs DATABASE_URL: the database of the app under test.");
  process.env.DATABASE_URL = databaseUrl;
  const home = await createPractice();
  const neighbour = await createPractice();
  await createNetwork([home.id, neighbour.id]);
  const keys: ApiKeyCredentials[] = [];
  for (let i = 0; i < count; i++) {
    const practice = i % 4 === 3 ? neighbour : home;
    // A partner has one live key per practice: a partner of its own for each key.
    const { id: partnerId } = await createPartner(i % 5 === 4 ? ["messaging"] : ALL_SCOPES);
    const { key } = await generatePracticeKey({ practiceGroupId: practice.id, partnerId, actor: { id: practice.admin.id, name: "Bad input run" } });
    keys.push({ key, practiceGroupId: practice.id });
  }
  return keys;
}
