-- AlterTable
ALTER TABLE "products" ADD COLUMN     "currency" VARCHAR(3) NOT NULL DEFAULT 'USD';

-- AlterTable
ALTER TABLE "feedback_results" ADD COLUMN     "purchase_statement" TEXT,
ADD COLUMN     "ssr_distribution" DOUBLE PRECISION[],
ADD COLUMN     "ssr_rating" DOUBLE PRECISION;
