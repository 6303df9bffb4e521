-- DropIndex
DROP INDEX "feedback_results_session_id_status_idx";

-- AlterTable
ALTER TABLE "feedback_results" ADD COLUMN     "queued_at" TIMESTAMPTZ(3);

-- CreateIndex
CREATE INDEX "feedback_results_session_id_status_dispatched_at_idx" ON "feedback_results"("session_id", "status", "dispatched_at");

-- CreateIndex
CREATE INDEX "feedback_results_session_id_queued_at_id_idx" ON "feedback_results"("session_id", "queued_at", "id");
