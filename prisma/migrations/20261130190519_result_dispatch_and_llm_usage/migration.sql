-- AlterTable
ALTER TABLE "feedback_results" ADD COLUMN     "dispatched_at" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "llm_usage_daily" (
    "user_id" UUID NOT NULL,
    "day" DATE NOT NULL,
    "calls" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "llm_usage_daily_pkey" PRIMARY KEY ("user_id","day")
);

-- AddForeignKey
ALTER TABLE "llm_usage_daily" ADD CONSTRAINT "llm_usage_daily_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Results already under way, or whose persona is ready, were published before this column existed:
-- mark them so a persona event after the upgrade does not publish them a second time.
UPDATE "feedback_results" AS r SET "dispatched_at" = r."created_at"
FROM "personas" AS p
WHERE p."id" = r."persona_id" AND (r."status" <> 'PENDING' OR p."status" = 'ACTIVE');
