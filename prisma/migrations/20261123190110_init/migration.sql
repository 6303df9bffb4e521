-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "PersonaStatus" AS ENUM ('GENERATING', 'ACTIVE', 'FAILED');

-- CreateEnum
CREATE TYPE "Gender" AS ENUM ('MALE', 'FEMALE');

-- CreateEnum
CREATE TYPE "SessionStatus" AS ENUM ('PENDING', 'IN_PROGRESS', 'COMPLETED', 'FAILED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "ResultStatus" AS ENUM ('PENDING', 'IN_PROGRESS', 'COMPLETED', 'FAILED', 'CANCELLED');

-- CreateTable
CREATE TABLE "users" (
    "id" UUID NOT NULL,
    "email" VARCHAR(254) NOT NULL,
    "password_hash" VARCHAR(255) NOT NULL,
    "is_active" BOOLEAN NOT NULL DEFAULT true,
    "deleted_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "products" (
    "id" UUID NOT NULL,
    "owner_id" UUID NOT NULL,
    "name" VARCHAR(200) NOT NULL,
    "description" VARCHAR(5000) NOT NULL,
    "price" DECIMAL(12,2) NOT NULL,
    "category" VARCHAR(100) NOT NULL,
    "key_features" TEXT[],
    "deleted_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "products_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "personas" (
    "id" UUID NOT NULL,
    "owner_id" UUID NOT NULL,
    "status" "PersonaStatus" NOT NULL DEFAULT 'GENERATING',
    "name" VARCHAR(200),
    "detailed_bio" TEXT,
    "product_attitudes" TEXT,
    "gender" VARCHAR(32),
    "age_group" VARCHAR(32),
    "age" INTEGER,
    "race" VARCHAR(100),
    "country" VARCHAR(2),
    "region" VARCHAR(100),
    "income_level" VARCHAR(50),
    "interests" TEXT[],
    "values" TEXT[],
    "traits" TEXT[],
    "psychographics_notes" VARCHAR(2000),
    "generation_strategy" VARCHAR(32),
    "variant_number" INTEGER,
    "failure_reason" TEXT,
    "claim_token" UUID,
    "claim_expires_at" TIMESTAMPTZ(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "deleted_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "personas_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "names" (
    "id" SERIAL NOT NULL,
    "value" VARCHAR(100) NOT NULL,
    "gender" "Gender" NOT NULL,
    "country" VARCHAR(2) NOT NULL,

    CONSTRAINT "names_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "feedback_sessions" (
    "id" UUID NOT NULL,
    "owner_id" UUID NOT NULL,
    "status" "SessionStatus" NOT NULL DEFAULT 'PENDING',
    "language" VARCHAR(8) NOT NULL,
    "target_audience" JSONB,
    "total_results" INTEGER NOT NULL DEFAULT 0,
    "insights" JSONB,
    "failure_reason" TEXT,
    "request_id" VARCHAR(128),
    "completed_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "feedback_sessions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "feedback_session_products" (
    "session_id" UUID NOT NULL,
    "product_id" UUID NOT NULL,
    "position" INTEGER NOT NULL,

    CONSTRAINT "feedback_session_products_pkey" PRIMARY KEY ("session_id","product_id")
);

-- CreateTable
CREATE TABLE "feedback_results" (
    "id" UUID NOT NULL,
    "session_id" UUID NOT NULL,
    "product_id" UUID NOT NULL,
    "persona_id" UUID NOT NULL,
    "status" "ResultStatus" NOT NULL DEFAULT 'PENDING',
    "feedback" TEXT,
    "purchase_intent" SMALLINT,
    "key_concerns" TEXT[],
    "failure_reason" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "started_at" TIMESTAMPTZ(3),
    "completed_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "feedback_results_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");

-- CreateIndex
CREATE INDEX "products_owner_id_deleted_at_created_at_id_idx" ON "products"("owner_id", "deleted_at", "created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "personas_owner_id_deleted_at_created_at_id_idx" ON "personas"("owner_id", "deleted_at", "created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "personas_owner_id_status_gender_age_region_income_level_idx" ON "personas"("owner_id", "status", "gender", "age", "region", "income_level");

-- CreateIndex
CREATE INDEX "names_gender_idx" ON "names"("gender");

-- CreateIndex
CREATE UNIQUE INDEX "names_country_gender_value_key" ON "names"("country", "gender", "value");

-- CreateIndex
CREATE INDEX "feedback_sessions_owner_id_created_at_id_idx" ON "feedback_sessions"("owner_id", "created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "feedback_sessions_status_idx" ON "feedback_sessions"("status");

-- CreateIndex
CREATE INDEX "feedback_session_products_product_id_idx" ON "feedback_session_products"("product_id");

-- CreateIndex
CREATE UNIQUE INDEX "feedback_session_products_session_id_position_key" ON "feedback_session_products"("session_id", "position");

-- CreateIndex
CREATE INDEX "feedback_results_session_id_status_idx" ON "feedback_results"("session_id", "status");

-- CreateIndex
CREATE INDEX "feedback_results_persona_id_status_idx" ON "feedback_results"("persona_id", "status");

-- CreateIndex
CREATE INDEX "feedback_results_product_id_idx" ON "feedback_results"("product_id");

-- CreateIndex
CREATE UNIQUE INDEX "feedback_results_session_id_product_id_persona_id_key" ON "feedback_results"("session_id", "product_id", "persona_id");

-- AddForeignKey
ALTER TABLE "products" ADD CONSTRAINT "products_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "personas" ADD CONSTRAINT "personas_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "feedback_sessions" ADD CONSTRAINT "feedback_sessions_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "feedback_session_products" ADD CONSTRAINT "feedback_session_products_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "feedback_sessions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "feedback_session_products" ADD CONSTRAINT "feedback_session_products_product_id_fkey" FOREIGN KEY ("product_id") REFERENCES "products"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "feedback_results" ADD CONSTRAINT "feedback_results_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "feedback_sessions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "feedback_results" ADD CONSTRAINT "feedback_results_product_id_fkey" FOREIGN KEY ("product_id") REFERENCES "products"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "feedback_results" ADD CONSTRAINT "feedback_results_persona_id_fkey" FOREIGN KEY ("persona_id") REFERENCES "personas"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
