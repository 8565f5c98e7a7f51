-- AlterTable
ALTER TABLE "booking_links" ADD COLUMN     "appointmentId" UUID;

-- CreateIndex
CREATE UNIQUE INDEX "booking_links_appointmentId_key" ON "booking_links"("appointmentId");

-- AddForeignKey
ALTER TABLE "booking_links" ADD CONSTRAINT "booking_links_appointmentId_fkey" FOREIGN KEY ("appointmentId") REFERENCES "appointments"("id") ON DELETE SET NULL ON UPDATE CASCADE;

