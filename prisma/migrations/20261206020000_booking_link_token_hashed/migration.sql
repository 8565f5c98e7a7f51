-- The token of a booking link is the credential of a patient: keep its SHA-256 for the lookup and
-- drop the token itself. Links made before this have no encrypted copy (SQL has no server secret), so the
-- API lists them with url null. Their patients book with them as before.
ALTER TABLE "booking_links" ADD COLUMN "tokenHash" TEXT,
ADD COLUMN "tokenEncrypted" TEXT;

UPDATE "booking_links" SET "tokenHash" = encode(sha256(convert_to("token", 'UTF8')), 'hex');

ALTER TABLE "booking_links" ALTER COLUMN "tokenHash" SET NOT NULL;

-- DropIndex
DROP INDEX "booking_links_token_key";

ALTER TABLE "booking_links" DROP COLUMN "token";

-- CreateIndex
CREATE UNIQUE INDEX "booking_links_tokenHash_key" ON "booking_links"("tokenHash");
