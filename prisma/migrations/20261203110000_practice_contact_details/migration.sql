-- AlterTable
ALTER TABLE "practice_groups" ADD COLUMN     "address" TEXT,
ADD COLUMN     "phone" TEXT;

