import path from "node:path";

import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    include: ["tests/**/*.test.ts"],
    globalSetup: ["tests/global-setup.ts"],
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Vitest runs cores − 1 files at once: one on a 2-core machine. The files mostly wait on
    // PostgreSQL and Redis, and each makes its own practices, users and keys (global-setup.ts).
    maxWorkers: 3,
  },
});
