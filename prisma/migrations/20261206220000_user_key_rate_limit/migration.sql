-- Hero support's higher limit for a user key (a partner key has its connection's), in the range
-- of partner_connections_rate_limit_range.
ALTER TABLE "api_keys" ADD COLUMN     "rateLimit" INTEGER;
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_rate_limit_range" CHECK ("rateLimit" IS NULL OR ("kind" = 'USER' AND "rateLimit" BETWEEN 301 AND 6000));
