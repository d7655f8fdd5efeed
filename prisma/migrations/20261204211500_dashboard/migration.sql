-- CreateTable
CREATE TABLE "DashboardLink" (
    "id" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DashboardLink_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DashboardSession" (
    "id" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DashboardSession_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ChannelClass" (
    "orgId" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "online" BOOLEAN NOT NULL,

    CONSTRAINT "ChannelClass_pkey" PRIMARY KEY ("orgId","channel")
);

-- CreateTable
CREATE TABLE "DashLead" (
    "leadId" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "ownerId" TEXT,
    "registeredAt" TIMESTAMP(3) NOT NULL,
    "day" DATE NOT NULL,
    "hour" SMALLINT NOT NULL,
    "store" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "returning" BOOLEAN NOT NULL,
    "level" TEXT NOT NULL,
    "status" "LeadStatus" NOT NULL,
    "product" TEXT NOT NULL,
    "city" TEXT NOT NULL,
    "district" TEXT NOT NULL,
    "stage" SMALLINT NOT NULL,
    "lostReason" TEXT,
    "dueAt" TIMESTAMP(3),
    "lapseAt" TIMESTAMP(3),

    CONSTRAINT "DashLead_pkey" PRIMARY KEY ("leadId")
);

-- CreateTable
CREATE TABLE "DashFollow" (
    "followUpId" TEXT NOT NULL,
    "leadId" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "day" DATE NOT NULL,

    CONSTRAINT "DashFollow_pkey" PRIMARY KEY ("followUpId")
);

-- CreateTable
CREATE TABLE "DashCube" (
    "orgId" TEXT NOT NULL,
    "fkind" TEXT NOT NULL,
    "fval" TEXT NOT NULL,
    "dkind" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "dval" TEXT NOT NULL,
    "n" INTEGER NOT NULL,
    "milestone" INTEGER NOT NULL,
    "won" INTEGER NOT NULL,

    CONSTRAINT "DashCube_pkey" PRIMARY KEY ("orgId","fkind","fval","dkind","day","dval")
);

-- CreateIndex
CREATE UNIQUE INDEX "DashboardLink_tokenHash_key" ON "DashboardLink"("tokenHash");

-- CreateIndex
CREATE INDEX "DashboardLink_memberId_idx" ON "DashboardLink"("memberId");

-- CreateIndex
CREATE UNIQUE INDEX "DashboardSession_tokenHash_key" ON "DashboardSession"("tokenHash");

-- CreateIndex
CREATE INDEX "DashboardSession_memberId_idx" ON "DashboardSession"("memberId");

-- CreateIndex
CREATE INDEX "DashLead_orgId_day_idx" ON "DashLead"("orgId", "day");

-- CreateIndex
CREATE INDEX "DashLead_orgId_registeredAt_idx" ON "DashLead"("orgId", "registeredAt");

-- CreateIndex
CREATE INDEX "DashLead_teamId_day_idx" ON "DashLead"("teamId", "day");

-- CreateIndex
CREATE INDEX "DashLead_ownerId_day_idx" ON "DashLead"("ownerId", "day");

-- CreateIndex
CREATE INDEX "DashLead_orgId_store_day_idx" ON "DashLead"("orgId", "store", "day");

-- CreateIndex
CREATE INDEX "DashLead_orgId_channel_day_idx" ON "DashLead"("orgId", "channel", "day");

-- CreateIndex
CREATE INDEX "DashLead_orgId_dueAt_idx" ON "DashLead"("orgId", "dueAt");

-- CreateIndex
CREATE INDEX "DashLead_orgId_lapseAt_idx" ON "DashLead"("orgId", "lapseAt");

-- CreateIndex
CREATE INDEX "DashFollow_leadId_idx" ON "DashFollow"("leadId");

-- CreateIndex
CREATE INDEX "DashFollow_teamId_day_idx" ON "DashFollow"("teamId", "day");

-- AddForeignKey
ALTER TABLE "DashboardLink" ADD CONSTRAINT "DashboardLink_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DashboardSession" ADD CONSTRAINT "DashboardSession_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE CASCADE ON UPDATE CASCADE;
