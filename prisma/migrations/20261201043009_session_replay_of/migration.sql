-- AlterTable
ALTER TABLE "feedback_sessions" ADD COLUMN     "replay_of_id" UUID;
