// One Prisma client per process, over the pg driver adapter (the engine-free client).
import { PrismaPg } from "@prisma/adapter-pg";

import { databaseUrl } from "@/lib/env";
import { PrismaClient } from "@/lib/generated/prisma/client";

function createClient() {
  const adapter = new PrismaPg({ connectionString: databaseUrl(), max: 10 });
  // Secret columns stay out of every result unless a query asks for them by name.
  return new PrismaClient({
    adapter,
    omit: { apiKey: { keyHash: true, encryptedKey: true }, user: { passwordHash: true } },
  });
}

const globalForPrisma = globalThis as unknown as { prisma?: ReturnType<typeof createClient> };

// Reused across hot reloads in development so the pool is not recreated on every edit.
export const prisma = globalForPrisma.prisma ?? createClient();
if (process.env.NODE_ENV !== "production") globalForPrisma.prisma = prisma;

export type Db = typeof prisma;
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];
