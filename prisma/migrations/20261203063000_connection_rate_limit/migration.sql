-- AlterTable
ALTER TABLE "partner_connections" ADD COLUMN     "rateLimit" INTEGER;


-- An override is only ever higher than the default and at most RATE_LIMIT_OVERRIDE_MAX (lib/ratelimit.ts)
ALTER TABLE "partner_connections" ADD CONSTRAINT "partner_connections_rate_limit_range" CHECK ("rateLimit" IS NULL OR "rateLimit" BETWEEN 301 AND 6000);
