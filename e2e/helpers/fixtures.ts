// Every test gets a fresh practice whose admin is signed in (no page opened yet), and clipboard
// access. Every page is watched for Content-Security-Policy violations: a test that caused one fails.
import { test as base, expect } from "@playwright/test";

import { startApp, type AppServer } from "../../scripts/e2e-environment";
import { createPractice, type TestPractice } from "../../tests/support/practices";
import { signInWithCookie } from "./session";

export const test = base.extend<{ practice: TestPractice; startApp: typeof startApp }>({
  // A server of the test's own, stopped in the fixture's teardown: that runs even when the test
  // times out, where a finally in the test body would not.
  startApp: async ({}, provide) => {
    const servers: AppServer[] = [];
    await provide(async (...args) => {
      const server = await startApp(...args);
      servers.push(server);
      return server;
    });
    await Promise.all(servers.map((server) => server.stop()));
  },
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
