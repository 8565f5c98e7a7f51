// Every test gets a fresh practice whose admin is signed in, and clipboard access.
import { test as base } from "@playwright/test";

import { createPractice, type TestPractice } from "./db";
import { signIn } from "./session";

export const test = base.extend<{ practice: TestPractice }>({
  practice: [
    async ({ page }, provide) => {
      const practice = await createPractice();
      await signIn(page, practice.admin.email, practice.admin.password);
      await provide(practice);
    },
    { auto: true },
  ],
  permissions: ["clipboard-read", "clipboard-write"],
});

export { expect } from "@playwright/test";
