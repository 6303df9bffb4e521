-- CreateEnum
CREATE TYPE "QuestionStatus" AS ENUM ('IN_PROGRESS', 'COMPLETED', 'FAILED');

-- CreateEnum
CREATE TYPE "QuestionKind" AS ENUM ('OPEN', 'SCALE', 'CHOICE');

-- CreateTable
CREATE TABLE "panel_questions" (
    "id" UUID NOT NULL,
    "session_id" UUID NOT NULL,
    "product_id" UUID,
    "text" VARCHAR(1000) NOT NULL,
    "kind" "QuestionKind" NOT NULL DEFAULT 'OPEN',
    "scale_min" SMALLINT,
    "scale_max" SMALLINT,
    "min_label" VARCHAR(100),
    "max_label" VARCHAR(100),
    "options" TEXT[],
    "status" "QuestionStatus" NOT NULL DEFAULT 'IN_PROGRESS',
    "total_answers" INTEGER NOT NULL,
    "insights" JSONB,
    "failure_reason" TEXT,
    "request_id" VARCHAR(128),
    "completed_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "panel_questions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "panel_answers" (
    "id" UUID NOT NULL,
    "question_id" UUID NOT NULL,
    "persona_id" UUID NOT NULL,
    "status" "ResultStatus" NOT NULL DEFAULT 'PENDING',
    "answer" TEXT,
    "scale_value" SMALLINT,
    "choice" VARCHAR(200),
    "key_points" TEXT[],
    "failure_reason" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "started_at" TIMESTAMPTZ(3),
    "completed_at" TIMESTAMPTZ(3),
    "dispatched_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "panel_answers_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "panel_questions_session_id_created_at_id_idx" ON "panel_questions"("session_id", "created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "panel_questions_status_idx" ON "panel_questions"("status");

-- CreateIndex
CREATE INDEX "panel_questions_product_id_idx" ON "panel_questions"("product_id");

-- CreateIndex
CREATE INDEX "panel_answers_question_id_status_idx" ON "panel_answers"("question_id", "status");

-- CreateIndex
CREATE INDEX "panel_answers_persona_id_idx" ON "panel_answers"("persona_id");

-- CreateIndex
CREATE UNIQUE INDEX "panel_answers_question_id_persona_id_key" ON "panel_answers"("question_id", "persona_id");

-- AddForeignKey
ALTER TABLE "panel_questions" ADD CONSTRAINT "panel_questions_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "feedback_sessions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "panel_questions" ADD CONSTRAINT "panel_questions_product_id_fkey" FOREIGN KEY ("product_id") REFERENCES "products"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "panel_answers" ADD CONSTRAINT "panel_answers_question_id_fkey" FOREIGN KEY ("question_id") REFERENCES "panel_questions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "panel_answers" ADD CONSTRAINT "panel_answers_persona_id_fkey" FOREIGN KEY ("persona_id") REFERENCES "personas"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
