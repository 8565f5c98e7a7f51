// A call that fails because the database does not answer (nothing listens on the port it is
// pointed at) is no invalid key: it must not use up its address's failure budget, or every
// partner behind that address is refused for a minute after a short outage ends.
import { expect, it, vi } from "vitest";

import { PEER_HEADER } from "@/lib/client-address";
import { generateKey } from "@/lib/key-format";

import { NOTHING_LISTENS, withOwnDatabaseClients } from "../support/own-database-clients";
import { apiRequest } from "./helpers";

withOwnDatabaseClients({ DATABASE_URL: NOTHING_LISTENS, API_AUTH_FAILURE_LIMIT: "3" });

it("does not count calls that failed on the database against the address", async () => {
  const { GET } = await import("@/app/api/v1/practice-groups/route");
  const { startAuthAttempt } = await import("@/lib/api/auth-failures");
  const error = vi.spyOn(console, "error").mockImplementation(() => {});
  const request = () => {
    const request = apiRequest("/practice-groups", { key: generateKey("test"), practiceGroupId: "any" });
    request.headers.set(PEER_HEADER, "203.0.113.50");
    return request;
  };
  const statuses = [];
  for (let i = 0; i < 5; i++) statuses.push((await GET(request(), { params: Promise.resolve({}) })).status);
  error.mockRestore();
  // Refused by the database every time, never by the failure limit.
  expect(statuses.every((status) => status >= 500)).toBe(true);
  expect((await startAuthAttempt(request(), null)).blocked).toBe(false);
});
