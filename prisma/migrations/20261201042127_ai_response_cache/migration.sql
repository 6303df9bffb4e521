-- CreateTable
CREATE TABLE "ai_response_cache" (
    "key" VARCHAR(64) NOT NULL,
    "operation" VARCHAR(32) NOT NULL,
    "provider" VARCHAR(32) NOT NULL,
    "model" VARCHAR(200) NOT NULL,
    "answer" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ai_response_cache_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "ai_response_cache_created_at_idx" ON "ai_response_cache"("created_at");
