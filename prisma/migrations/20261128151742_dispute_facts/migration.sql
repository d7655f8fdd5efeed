-- AlterTable
ALTER TABLE "Dispute" ADD COLUMN     "extensionTarget" TEXT,
ADD COLUMN     "facts" JSONB NOT NULL DEFAULT '{}';
