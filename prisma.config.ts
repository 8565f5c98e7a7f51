// Prisma CLI configuration. The CLI runs on the JS engine with the pg driver adapter:
// Prisma's native schema engine cannot be downloaded on our build machines.
import { PrismaPg } from "@prisma/adapter-pg";
import { defineConfig } from "prisma/config";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  // A server that accepts and never answers would hold migrate deploy, and a release, for ever.
  adapter: async () => new PrismaPg({ connectionString: process.env.DATABASE_URL, connectionTimeoutMillis: 10_000 }),
});
