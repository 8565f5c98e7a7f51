-- AlterTable
ALTER TABLE "partners" ADD COLUMN     "suspendedAt" TIMESTAMP(3);

