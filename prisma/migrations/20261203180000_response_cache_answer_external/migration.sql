-- The response cache's answers are stored out of line without compression when they are large. A
-- statement's embedding is stored as packed 64-bit floats in base64 (16 KiB for a 1,536-dimension
-- vector), which pglz cannot shrink: trying cost ~0.2 ms of the database's CPU per vector
-- (2,000 such rows: 555-650 ms with compression, 165-173 ms without, issue #17). Chat answers are
-- mostly under the 2 KiB where PostgreSQL would begin to compress anything.
ALTER TABLE "ai_response_cache" ALTER COLUMN "answer" SET STORAGE EXTERNAL;
