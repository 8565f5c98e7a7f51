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

type Client = ReturnType<typeof createClient>;
const globalForPrisma = globalThis as unknown as { prisma?: Client };

function client(): Client {
  // Kept on globalThis so hot reloads in development reuse the pool instead of opening another.
  globalForPrisma.prisma ??= createClient();
  return globalForPrisma.prisma;
}

// Created on first use, not on import: `next build` imports route modules with no database.
export const prisma = new Proxy({} as Client, {
  get(_, property) {
    const target = client();
    const value = Reflect.get(target, property, target);
    return typeof value === "function" ? value.bind(target) : value;
  },
});

export type Db = Client;
export type Tx = Parameters<Parameters<Client["$transaction"]>[0]>[0];
