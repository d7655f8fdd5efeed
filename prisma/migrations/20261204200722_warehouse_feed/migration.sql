-- CreateTable
CREATE TABLE "WarehouseChange" (
    "seq" BIGSERIAL NOT NULL,
    "txid" BIGINT NOT NULL DEFAULT (pg_current_xact_id())::text::bigint,
    "source" TEXT NOT NULL,
    "op" TEXT NOT NULL,
    "rowId" TEXT NOT NULL,
    "leadId" TEXT,
    "data" JSONB,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WarehouseChange_pkey" PRIMARY KEY ("seq")
);

-- CreateIndex
CREATE INDEX "WarehouseChange_txid_idx" ON "WarehouseChange"("txid");

-- CreateIndex
CREATE INDEX "WarehouseChange_leadId_idx" ON "WarehouseChange"("leadId");

-- Written by hand below (Prisma's schema has no triggers and its diff never sees them).
-- The warehouse feed's change log: every insert, update and delete of an exported table adds
-- one row per changed row, stamped with the writing transaction's id. Triggers rather than
-- application code, so that no write path (a cascade, a future command) can bypass the feed.
-- Statement-level with transition tables: a bulk insert costs one INSERT ... SELECT.
CREATE FUNCTION "warehouse_log_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "WarehouseChange" ("txid", "source", "op", "rowId", "leadId", "data", "at")
  SELECT pg_current_xact_id()::text::bigint, TG_TABLE_NAME, 'insert', n."id", to_jsonb(n)->>'leadId', to_jsonb(n) - 'txid', now() AT TIME ZONE 'UTC'
  FROM new_rows n;
  RETURN NULL;
END $$;

CREATE FUNCTION "warehouse_log_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Rows an UPDATE matched but left as they were are no change. The tables' own "txid" column
  -- (the 看板's change feed, stamped on every update) is left out of the log: it is no content.
  INSERT INTO "WarehouseChange" ("txid", "source", "op", "rowId", "leadId", "data", "at")
  SELECT pg_current_xact_id()::text::bigint, TG_TABLE_NAME, 'update', n."id", to_jsonb(n)->>'leadId', to_jsonb(n) - 'txid', now() AT TIME ZONE 'UTC'
  FROM new_rows n JOIN old_rows o ON o."id" = n."id"
  WHERE to_jsonb(n) - 'txid' IS DISTINCT FROM to_jsonb(o) - 'txid';
  RETURN NULL;
END $$;

CREATE FUNCTION "warehouse_log_delete"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- A deleted row's content is not kept: the feed only says it is gone.
  INSERT INTO "WarehouseChange" ("txid", "source", "op", "rowId", "leadId", "data", "at")
  SELECT pg_current_xact_id()::text::bigint, TG_TABLE_NAME, 'delete', o."id", to_jsonb(o)->>'leadId', NULL, now() AT TIME ZONE 'UTC'
  FROM old_rows o;
  RETURN NULL;
END $$;

-- A PIPL erasure (a history row of kind 'erase') scrubs the customer's words from every version
-- the log still holds, as eraseCustomer scrubs them from the tables: the log must not outlive
-- the erasure. Batches cut again after it differ from the first cut in exactly these fields.
CREATE FUNCTION "warehouse_scrub_erased"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "WarehouseChange" SET "data" = CASE "source"
      WHEN 'LeadHistory' THEN jsonb_set("data", '{note}', 'null'::jsonb)
      WHEN 'FollowUp' THEN jsonb_set("data", '{content}', '""'::jsonb)
      ELSE "data" END
  WHERE "leadId" = NEW."leadId" AND "data" IS NOT NULL;
  RETURN NULL;
END $$;

CREATE TRIGGER "LeadHistory_warehouse_insert" AFTER INSERT ON "LeadHistory"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "warehouse_log_insert"();
CREATE TRIGGER "LeadHistory_warehouse_update" AFTER UPDATE ON "LeadHistory"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "warehouse_log_update"();
CREATE TRIGGER "LeadHistory_warehouse_delete" AFTER DELETE ON "LeadHistory"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "warehouse_log_delete"();
CREATE TRIGGER "LeadHistory_warehouse_scrub" AFTER INSERT ON "LeadHistory"
  FOR EACH ROW WHEN (NEW."changeKind" = 'erase') EXECUTE FUNCTION "warehouse_scrub_erased"();

CREATE TRIGGER "FollowUp_warehouse_insert" AFTER INSERT ON "FollowUp"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "warehouse_log_insert"();
CREATE TRIGGER "FollowUp_warehouse_update" AFTER UPDATE ON "FollowUp"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "warehouse_log_update"();
CREATE TRIGGER "FollowUp_warehouse_delete" AFTER DELETE ON "FollowUp"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "warehouse_log_delete"();

-- What the tables already hold enters the log as inserts of this transaction: the first batch.
INSERT INTO "WarehouseChange" ("txid", "source", "op", "rowId", "leadId", "data", "at")
SELECT pg_current_xact_id()::text::bigint, 'LeadHistory', 'insert', h."id", h."leadId", to_jsonb(h) - 'txid', now() AT TIME ZONE 'UTC'
FROM "LeadHistory" h ORDER BY h."recordedAt", h."id";
INSERT INTO "WarehouseChange" ("txid", "source", "op", "rowId", "leadId", "data", "at")
SELECT pg_current_xact_id()::text::bigint, 'FollowUp', 'insert', f."id", f."leadId", to_jsonb(f) - 'txid', now() AT TIME ZONE 'UTC'
FROM "FollowUp" f ORDER BY f."createdAt", f."id";
