-- The token of a booking link is the credential of a patient: keep its SHA-256 for the lookup and
-- drop the token itself. Links made before this have no encrypted copy (SQL has no server secret), so the
-- API lists them with url null. Their patients book with them as before.
ALTER TABLE "booking_links" ADD COLUMN "tokenHash" TEXT,
ADD COLUMN "tokenEncrypted" TEXT,
ALTER COLUMN "token" DROP NOT NULL;

-- Cleared, not only dropped: a dropped column keeps its values in every row until the row is rewritten.
UPDATE "booking_links" SET "tokenHash" = encode(sha256(convert_to("token", 'UTF8')), 'hex'), "token" = NULL;

ALTER TABLE "booking_links" ALTER COLUMN "tokenHash" SET NOT NULL;

-- DropIndex
DROP INDEX "booking_links_token_key";

ALTER TABLE "booking_links" DROP COLUMN "token";

-- CreateIndex
CREATE UNIQUE INDEX "booking_links_tokenHash_key" ON "booking_links"("tokenHash");

-- The old row versions, which still hold the tokens, out of the data files: the runner sends each
-- statement on its own, outside a transaction, so VACUUM may run here.
VACUUM FULL "booking_links";
