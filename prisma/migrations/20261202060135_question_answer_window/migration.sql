-- CreateIndex
CREATE INDEX "panel_answers_waiting_idx" ON "panel_answers"("question_id", "id") WHERE (dispatched_at IS NULL AND completed_at IS NULL);

-- CreateIndex
CREATE INDEX "panel_answers_in_flight_idx" ON "panel_answers"("question_id", "dispatched_at") WHERE (dispatched_at IS NOT NULL AND completed_at IS NULL);
