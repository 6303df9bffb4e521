-- DropIndex
DROP INDEX "feedback_results_session_id_status_dispatched_at_idx";

-- DropIndex
DROP INDEX "feedback_results_session_id_queued_at_id_idx";

-- DropIndex
DROP INDEX "feedback_results_session_id_persona_id_product_id_idx";

-- DropIndex
DROP INDEX "feedback_results_session_id_product_id_persona_id_key";

-- CreateIndex
CREATE INDEX "feedback_results_unfinished_idx" ON "feedback_results"("session_id", "dispatched_at") WHERE (status IN ('PENDING', 'IN_PROGRESS'));

-- CreateIndex
CREATE INDEX "feedback_results_queue_idx" ON "feedback_results"("session_id", "queued_at", "id") WHERE (queued_at IS NOT NULL);

-- CreateIndex
CREATE UNIQUE INDEX "feedback_results_session_id_persona_id_product_id_key" ON "feedback_results"("session_id", "persona_id", "product_id");
