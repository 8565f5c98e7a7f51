// Signs each demo role in once and saves the session for the specs that reuse it.
import { test as setup } from "@playwright/test";

import { signIn } from "./helpers/session";
import { DEMO_PASSWORD, storageState, USERS, type DemoUser } from "./helpers/users";

for (const [user, email] of Object.entries(USERS) as [DemoUser, string][]) {
  setup(`sign in as ${user}`, async ({ page }) => {
    await signIn(page, email, DEMO_PASSWORD);
    await page.context().storageState({ path: storageState(user) });
  });
}
