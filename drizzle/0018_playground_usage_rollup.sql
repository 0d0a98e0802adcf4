-- Custom SQL migration file, put your code below! ---- hand-written:
-- Backfill the 'playground' dimension (keyless console playground calls, subject user:<id>) from
-- the raw rows still stored, with the grouping the meter now uses (db/queries/usage-rollups.ts).
INSERT INTO "usage_dimension_rollups" ("team_id", "period_start", "dimension", "value", "requests", "cost_micros", "billed_micros", "input_tokens", "output_tokens", "cached_input_tokens", "cache_write_tokens", "reasoning_tokens")
SELECT u."team_id", date_trunc('day', u."created_at", 'UTC'), 'playground', substr(u."subject", 6),
  count(*), sum(u."cost_micros"), sum(u."billed_micros"), sum(u."input_tokens"), sum(u."output_tokens"), sum(u."cached_input_tokens"), sum(u."cache_write_tokens"), sum(u."reasoning_tokens")
FROM "usage_logs" u
WHERE u."api_key_id" IS NULL AND u."subject" LIKE 'user:%'
GROUP BY 1, 2, 3, 4
ON CONFLICT ON CONSTRAINT "usage_dimension_rollups_group_key" DO UPDATE SET
  "requests" = "usage_dimension_rollups"."requests" + excluded."requests",
  "cost_micros" = "usage_dimension_rollups"."cost_micros" + excluded."cost_micros",
  "billed_micros" = "usage_dimension_rollups"."billed_micros" + excluded."billed_micros",
  "input_tokens" = "usage_dimension_rollups"."input_tokens" + excluded."input_tokens",
  "output_tokens" = "usage_dimension_rollups"."output_tokens" + excluded."output_tokens",
  "cached_input_tokens" = "usage_dimension_rollups"."cached_input_tokens" + excluded."cached_input_tokens",
  "cache_write_tokens" = "usage_dimension_rollups"."cache_write_tokens" + excluded."cache_write_tokens",
  "reasoning_tokens" = "usage_dimension_rollups"."reasoning_tokens" + excluded."reasoning_tokens";
