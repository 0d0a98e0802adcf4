CREATE TABLE "usage_dimension_rollups" (
	"team_id" text NOT NULL,
	"period_start" timestamp with time zone NOT NULL,
	"dimension" text NOT NULL,
	"value" text NOT NULL,
	"requests" bigint DEFAULT 0 NOT NULL,
	"cost_micros" bigint DEFAULT 0 NOT NULL,
	"billed_micros" bigint DEFAULT 0 NOT NULL,
	"input_tokens" bigint DEFAULT 0 NOT NULL,
	"output_tokens" bigint DEFAULT 0 NOT NULL,
	"cached_input_tokens" bigint DEFAULT 0 NOT NULL,
	"cache_write_tokens" bigint DEFAULT 0 NOT NULL,
	"reasoning_tokens" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "usage_dimension_rollups_group_key" UNIQUE("team_id","dimension","period_start","value")
);
--> statement-breakpoint
CREATE TABLE "usage_hourly_rollups" (
	"team_id" text NOT NULL,
	"period_start" timestamp with time zone NOT NULL,
	"requested_model" text NOT NULL,
	"provider" text,
	"status" text NOT NULL,
	"requests" bigint DEFAULT 0 NOT NULL,
	"cost_micros" bigint DEFAULT 0 NOT NULL,
	"billed_micros" bigint DEFAULT 0 NOT NULL,
	"input_tokens" bigint DEFAULT 0 NOT NULL,
	"output_tokens" bigint DEFAULT 0 NOT NULL,
	"cached_input_tokens" bigint DEFAULT 0 NOT NULL,
	"cache_write_tokens" bigint DEFAULT 0 NOT NULL,
	"reasoning_tokens" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "usage_hourly_rollups_group_key" UNIQUE NULLS NOT DISTINCT("team_id","period_start","requested_model","provider","status")
);
--> statement-breakpoint
CREATE TABLE "usage_rollups" (
	"team_id" text NOT NULL,
	"period_start" timestamp with time zone NOT NULL,
	"api_key_id" text,
	"requested_model" text NOT NULL,
	"served_model" text,
	"provider" text,
	"credential_type" text,
	"status" text NOT NULL,
	"requests" bigint DEFAULT 0 NOT NULL,
	"cost_micros" bigint DEFAULT 0 NOT NULL,
	"billed_micros" bigint DEFAULT 0 NOT NULL,
	"input_tokens" bigint DEFAULT 0 NOT NULL,
	"output_tokens" bigint DEFAULT 0 NOT NULL,
	"cached_input_tokens" bigint DEFAULT 0 NOT NULL,
	"cache_write_tokens" bigint DEFAULT 0 NOT NULL,
	"reasoning_tokens" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "usage_rollups_group_key" UNIQUE NULLS NOT DISTINCT("team_id","period_start","api_key_id","requested_model","served_model","provider","credential_type","status")
);
--> statement-breakpoint
DROP INDEX "usage_logs_team_model_idx";--> statement-breakpoint
DROP INDEX "usage_logs_team_provider_idx";--> statement-breakpoint
DROP INDEX "usage_logs_team_key_idx";--> statement-breakpoint
DROP INDEX "usage_logs_tags_idx";--> statement-breakpoint
DROP INDEX "usage_logs_team_quota_entity_idx";--> statement-breakpoint
ALTER TABLE "usage_dimension_rollups" ADD CONSTRAINT "usage_dimension_rollups_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_hourly_rollups" ADD CONSTRAINT "usage_hourly_rollups_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_rollups" ADD CONSTRAINT "usage_rollups_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "usage_logs_tags_idx" ON "usage_logs" USING gin ("tags") WHERE cardinality("usage_logs"."tags") > 0;--> statement-breakpoint
CREATE INDEX "usage_logs_team_quota_entity_idx" ON "usage_logs" USING btree ("team_id","quota_entity_id","created_at") WHERE "usage_logs"."quota_entity_id" is not null;--> statement-breakpoint
ALTER TABLE "usage_logs" DROP COLUMN "reserved_micros";--> statement-breakpoint
-- Hand-written, self-contained (keep together when renumbering): backfill the new rollups from the
-- raw rows an existing installation already has, with the same grouping the meter uses
-- (db/queries/usage-rollups.ts). Old per-request debit rows in credit_ledger stay as they are.
INSERT INTO "usage_rollups" ("team_id", "period_start", "api_key_id", "requested_model", "served_model", "provider", "credential_type", "status", "requests", "cost_micros", "billed_micros", "input_tokens", "output_tokens", "cached_input_tokens", "cache_write_tokens", "reasoning_tokens")
SELECT u."team_id", date_trunc('day', u."created_at", 'UTC'), u."api_key_id", u."requested_model", u."served_model", u."provider", u."credential_type", u."status",
  count(*), sum(u."cost_micros"), sum(u."billed_micros"), sum(u."input_tokens"), sum(u."output_tokens"), sum(u."cached_input_tokens"), sum(u."cache_write_tokens"), sum(u."reasoning_tokens")
FROM "usage_logs" u
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;--> statement-breakpoint
INSERT INTO "usage_hourly_rollups" ("team_id", "period_start", "requested_model", "provider", "status", "requests", "cost_micros", "billed_micros", "input_tokens", "output_tokens", "cached_input_tokens", "cache_write_tokens", "reasoning_tokens")
SELECT u."team_id", date_trunc('hour', u."created_at", 'UTC'), u."requested_model", u."provider", u."status",
  count(*), sum(u."cost_micros"), sum(u."billed_micros"), sum(u."input_tokens"), sum(u."output_tokens"), sum(u."cached_input_tokens"), sum(u."cache_write_tokens"), sum(u."reasoning_tokens")
FROM "usage_logs" u
GROUP BY 1, 2, 3, 4, 5;--> statement-breakpoint
INSERT INTO "usage_dimension_rollups" ("team_id", "period_start", "dimension", "value", "requests", "cost_micros", "billed_micros", "input_tokens", "output_tokens", "cached_input_tokens", "cache_write_tokens", "reasoning_tokens")
SELECT u."team_id", date_trunc('day', u."created_at", 'UTC'), d.dimension, d.value,
  count(*), sum(u."cost_micros"), sum(u."billed_micros"), sum(u."input_tokens"), sum(u."output_tokens"), sum(u."cached_input_tokens"), sum(u."cache_write_tokens"), sum(u."reasoning_tokens")
FROM "usage_logs" u
CROSS JOIN LATERAL (SELECT 'user', u."end_user" WHERE u."end_user" IS NOT NULL UNION ALL SELECT 'tag', tag FROM unnest(u."tags") AS tag) AS d(dimension, value)
GROUP BY 1, 2, 3, 4;
