CREATE TABLE "plans" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"requests_per_minute" integer,
	"tokens_per_minute" integer,
	"monthly_credits_micros" bigint DEFAULT 0 NOT NULL,
	"byok_allowed" boolean DEFAULT true NOT NULL,
	"request_zero_data_retention_allowed" boolean DEFAULT true NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "entity_quotas" (
	"team_id" text NOT NULL,
	"entity_id" text NOT NULL,
	"period" text DEFAULT 'month' NOT NULL,
	"spend_limit_micros" bigint,
	"request_limit" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "entity_quotas_team_id_entity_id_pk" PRIMARY KEY("team_id","entity_id")
);
--> statement-breakpoint
ALTER TABLE "credit_balances" ADD COLUMN "reserved_micros" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_logs" ADD COLUMN "reserved_micros" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "entity_quotas" ADD CONSTRAINT "entity_quotas_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "usage_logs_team_quota_entity_idx" ON "usage_logs" USING btree ("team_id","quota_entity_id","created_at");