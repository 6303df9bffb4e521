-- CreateEnum
CREATE TYPE "InterviewRole" AS ENUM ('RESEARCHER', 'PERSONA');

-- CreateTable
CREATE TABLE "interview_turns" (
    "id" UUID NOT NULL,
    "session_id" UUID NOT NULL,
    "persona_id" UUID NOT NULL,
    "role" "InterviewRole" NOT NULL,
    "text" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "interview_turns_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "interview_turns_session_id_persona_id_created_at_id_idx" ON "interview_turns"("session_id", "persona_id", "created_at", "id");

-- CreateIndex
CREATE INDEX "interview_turns_persona_id_idx" ON "interview_turns"("persona_id");

-- AddForeignKey
ALTER TABLE "interview_turns" ADD CONSTRAINT "interview_turns_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "feedback_sessions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "interview_turns" ADD CONSTRAINT "interview_turns_persona_id_fkey" FOREIGN KEY ("persona_id") REFERENCES "personas"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
