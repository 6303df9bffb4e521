-- CreateIndex
CREATE INDEX "feedback_results_session_id_persona_id_product_id_idx" ON "feedback_results"("session_id", "persona_id", "product_id");
