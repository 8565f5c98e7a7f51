// A sign-in that fails because the database does not answer (here: nothing listens on the port
// it is pointed at) is not a wrong password: it must not use up the account's failure budget, or
// a clinician retrying through a short outage is locked out for 15 minutes after it ends.
import { expect, it, vi } from "vitest";

import { SIGN_IN_ACCOUNT_LIMIT } from "@/lib/ratelimit";
import { SIGN_IN_UNAVAILABLE } from "@/lib/sign-in-errors";

import { NOTHING_LISTENS, withOwnDatabaseClients } from "./support/own-database-clients";

withOwnDatabaseClients({ DATABASE_URL: NOTHING_LISTENS });

it("does not count sign-ins that failed on the database against the account", async () => {
  const { authorize } = await import("@/lib/auth");
  const { startSignInAttempt } = await import("@/lib/sign-in-throttle");
  const credentials = { email: "clinician@example.test", password: "the-right-one" };
  const error = vi.spyOn(console, "error").mockImplementation(() => {});
  // A code for the browser (next-auth puts the message in a URL), never the driver's message.
  for (let i = 0; i < SIGN_IN_ACCOUNT_LIMIT + 2; i++) await expect(authorize(credentials, { headers: {} })).rejects.toThrow(new Error(SIGN_IN_UNAVAILABLE));
  expect(String(error.mock.calls[0][0])).toMatch(/^Sign-in failed: /);
  error.mockRestore();
  const attempt = await startSignInAttempt(credentials.email, new Headers());
  expect(attempt.blocked).toBe(false);
});
