-- CreateEnum
CREATE TYPE "ModelCallKind" AS ENUM ('PERSONA', 'FEEDBACK', 'THEMES', 'PANEL_ANSWER', 'INTERVIEW', 'EMBEDDING');

-- AlterTable
ALTER TABLE "feedback_sessions" ADD COLUMN     "max_cost_usd" DECIMAL(14,6),
ADD COLUMN     "budget_reached_at" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "model_calls" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "session_id" UUID,
    "kind" "ModelCallKind" NOT NULL,
    "persona_id" UUID,
    "result_id" UUID,
    "question_id" UUID,
    "model" VARCHAR(200) NOT NULL,
    "input_tokens" INTEGER NOT NULL,
    "output_tokens" INTEGER NOT NULL,
    "cost_usd" DECIMAL(18,10),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "model_calls_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "model_calls_session_id_idx" ON "model_calls"("session_id");

-- CreateIndex
CREATE INDEX "model_calls_user_id_created_at_idx" ON "model_calls"("user_id", "created_at");

-- CreateIndex
CREATE INDEX "model_calls_kind_model_created_at_idx" ON "model_calls"("kind", "model", "created_at" DESC);
