-- CreateIndex
CREATE INDEX "Lead_status_protectionUntil_idx" ON "Lead"("status", "protectionUntil");

-- CreateIndex
CREATE INDEX "Lead_status_milestoneDeadline_idx" ON "Lead"("status", "milestoneDeadline");

-- CreateIndex
CREATE INDEX "LeadHistory_ownerId_changeKind_validFrom_idx" ON "LeadHistory"("ownerId", "changeKind", "validFrom");
