// Every test gets a fresh practice whose admin is signed in (no page opened yet), and clipboard
// access. Every page is watched for Content-Security-Policy violations: a test that caused one fails.
import { test as base, expect } from "@playwright/test";

import { createPractice, type TestPractice } from "../../tests/support/practices";
import { signInWithCookie } from "./session";

export const test = base.extend<{ practice: TestPractice }>({
  page: async ({ page }, provide) => {
    const violations: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error" && /Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    await provide(page);
    expect(violations, "Content-Security-Policy violations").toEqual([]);
  },
  practice: [
    async ({ page }, provide) => {
      const practice = await createPractice();
      await signInWithCookie(page.context(), practice.admin.id);
      await provide(practice);
    },
    { auto: true },
  ],
  permissions: ["clipboard-read", "clipboard-write"],
});

export { expect } from "@playwright/test";
