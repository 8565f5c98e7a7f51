-- AlterTable
ALTER TABLE "api_keys" ADD COLUMN     "shownOnce" BOOLEAN NOT NULL DEFAULT false;

