-- AlterTable
ALTER TABLE "Lead" ADD COLUMN     "txid" BIGINT NOT NULL DEFAULT txid_current();

-- AlterTable
ALTER TABLE "FollowUp" ADD COLUMN     "txid" BIGINT NOT NULL DEFAULT txid_current();

-- AlterTable
ALTER TABLE "LeadHistory" ADD COLUMN     "txid" BIGINT NOT NULL DEFAULT txid_current();

-- CreateTable
CREATE TABLE "ChangeWatermark" (
    "consumer" TEXT NOT NULL,
    "txid" BIGINT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ChangeWatermark_pkey" PRIMARY KEY ("consumer")
);

-- CreateTable
CREATE TABLE "LeadDeletion" (
    "leadId" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "deletedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "txid" BIGINT NOT NULL DEFAULT txid_current(),

    CONSTRAINT "LeadDeletion_pkey" PRIMARY KEY ("leadId")
);

-- CreateIndex
CREATE INDEX "LeadDeletion_txid_idx" ON "LeadDeletion"("txid");

-- CreateIndex
CREATE INDEX "Lead_txid_idx" ON "Lead"("txid");

-- CreateIndex
CREATE INDEX "FollowUp_txid_idx" ON "FollowUp"("txid");

-- CreateIndex
CREATE INDEX "LeadHistory_txid_idx" ON "LeadHistory"("txid");

-- Written by hand (Prisma's schema has no triggers): an update stamps the row with the
-- updating transaction's id, as the column default does for an insert, and a deleted lead
-- leaves a row in "LeadDeletion" for the feed's consumers.
CREATE FUNCTION "stamp_txid"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW."txid" := txid_current();
  RETURN NEW;
END
$$;

CREATE TRIGGER "Lead_stamp_txid" BEFORE UPDATE ON "Lead" FOR EACH ROW EXECUTE FUNCTION "stamp_txid"();
CREATE TRIGGER "FollowUp_stamp_txid" BEFORE UPDATE ON "FollowUp" FOR EACH ROW EXECUTE FUNCTION "stamp_txid"();
CREATE TRIGGER "LeadHistory_stamp_txid" BEFORE UPDATE ON "LeadHistory" FOR EACH ROW EXECUTE FUNCTION "stamp_txid"();

CREATE FUNCTION "record_lead_deletion"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "LeadDeletion"("leadId", "orgId") VALUES (OLD."id", OLD."orgId")
  ON CONFLICT ("leadId") DO UPDATE SET "deletedAt" = now(), "txid" = txid_current();
  RETURN OLD;
END
$$;

CREATE TRIGGER "Lead_record_deletion" AFTER DELETE ON "Lead" FOR EACH ROW EXECUTE FUNCTION "record_lead_deletion"();
