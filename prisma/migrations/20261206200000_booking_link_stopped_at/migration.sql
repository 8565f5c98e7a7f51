-- AlterTable
ALTER TABLE "booking_links" ADD COLUMN     "stoppedAt" TIMESTAMP(3);

