-- CreateEnum
CREATE TYPE "ReceptionKind" AS ENUM ('walk_in', 'phone_in');

-- CreateEnum
CREATE TYPE "CareKind" AS ENUM ('care', 'win_back');

-- AlterEnum
ALTER TYPE "Role" ADD VALUE 'group_manager';

-- AlterTable
ALTER TABLE "Org" ADD COLUMN     "groupDigestAt" TEXT NOT NULL DEFAULT '20:00';

-- CreateTable
CREATE TABLE "Reception" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "kind" "ReceptionKind" NOT NULL,
    "inAt" TIMESTAMP(3) NOT NULL,
    "outAt" TIMESTAMP(3),
    "groupSize" INTEGER,
    "receivedById" TEXT NOT NULL,
    "loggedById" TEXT NOT NULL,
    "loggedAt" TIMESTAMP(3) NOT NULL,
    "name" TEXT,
    "gender" TEXT,
    "phone" TEXT,
    "product" TEXT,
    "levelAfter" TEXT,
    "contactLeft" BOOLEAN NOT NULL,
    "ordered" BOOLEAN NOT NULL DEFAULT false,
    "note" TEXT,
    "leadId" TEXT,
    "sourceKey" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Reception_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CustomerCare" (
    "leadId" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "kind" "CareKind" NOT NULL,
    "memberId" TEXT,
    "since" TIMESTAMP(3) NOT NULL,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "remindedAt" TIMESTAMP(3),
    "lastContactAt" TIMESTAMP(3),
    "contacts" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CustomerCare_pkey" PRIMARY KEY ("leadId")
);

-- CreateTable
CREATE TABLE "CareContact" (
    "id" TEXT NOT NULL,
    "leadId" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "kind" "CareKind" NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "method" TEXT,
    "content" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CareContact_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Target" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "memberId" TEXT,
    "subject" TEXT NOT NULL,
    "month" TEXT NOT NULL,
    "newLeads" INTEGER,
    "receptions" INTEGER,
    "deposits" INTEGER,
    "wins" INTEGER,
    "setById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Target_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Reception_sourceKey_key" ON "Reception"("sourceKey");

-- CreateIndex
CREATE INDEX "Reception_teamId_inAt_idx" ON "Reception"("teamId", "inAt");

-- CreateIndex
CREATE INDEX "Reception_orgId_inAt_idx" ON "Reception"("orgId", "inAt");

-- CreateIndex
CREATE INDEX "Reception_receivedById_inAt_idx" ON "Reception"("receivedById", "inAt");

-- CreateIndex
CREATE INDEX "Reception_orgId_phone_idx" ON "Reception"("orgId", "phone");

-- CreateIndex
CREATE INDEX "Reception_leadId_idx" ON "Reception"("leadId");

-- CreateIndex
CREATE INDEX "CustomerCare_remindedAt_dueAt_idx" ON "CustomerCare"("remindedAt", "dueAt");

-- CreateIndex
CREATE INDEX "CustomerCare_memberId_dueAt_idx" ON "CustomerCare"("memberId", "dueAt");

-- CreateIndex
CREATE INDEX "CustomerCare_teamId_dueAt_idx" ON "CustomerCare"("teamId", "dueAt");

-- CreateIndex
CREATE INDEX "CareContact_leadId_at_idx" ON "CareContact"("leadId", "at");

-- CreateIndex
CREATE INDEX "CareContact_teamId_at_idx" ON "CareContact"("teamId", "at");

-- CreateIndex
CREATE INDEX "CareContact_memberId_at_idx" ON "CareContact"("memberId", "at");

-- CreateIndex
CREATE INDEX "Target_orgId_month_idx" ON "Target"("orgId", "month");

-- CreateIndex
CREATE UNIQUE INDEX "Target_teamId_month_subject_key" ON "Target"("teamId", "month", "subject");

-- AddForeignKey
ALTER TABLE "Reception" ADD CONSTRAINT "Reception_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Org"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Reception" ADD CONSTRAINT "Reception_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Reception" ADD CONSTRAINT "Reception_receivedById_fkey" FOREIGN KEY ("receivedById") REFERENCES "Member"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Reception" ADD CONSTRAINT "Reception_leadId_fkey" FOREIGN KEY ("leadId") REFERENCES "Lead"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CustomerCare" ADD CONSTRAINT "CustomerCare_leadId_fkey" FOREIGN KEY ("leadId") REFERENCES "Lead"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Target" ADD CONSTRAINT "Target_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Org"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Target" ADD CONSTRAINT "Target_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Target" ADD CONSTRAINT "Target_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE SET NULL ON UPDATE CASCADE;
