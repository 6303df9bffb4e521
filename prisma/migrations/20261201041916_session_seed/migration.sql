-- AlterTable
ALTER TABLE "feedback_sessions" ADD COLUMN     "seed" INTEGER;
