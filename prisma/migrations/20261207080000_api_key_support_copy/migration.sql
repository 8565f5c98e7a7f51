-- AlterTable
ALTER TABLE "api_keys" ADD COLUMN     "supportCopy" TEXT;


-- Generate API Key copies move out of encryptedKey, which releases before shownOnce show to the
-- practice: from here on only Share key reads them.
UPDATE "api_keys" SET "supportCopy" = "encryptedKey", "encryptedKey" = NULL WHERE "shownOnce" AND "encryptedKey" IS NOT NULL;
