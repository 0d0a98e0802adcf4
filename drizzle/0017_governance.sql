CREATE TABLE "budgets" (
	"id" text PRIMARY KEY NOT NULL,
	"team_id" text NOT NULL,
	"scope" text NOT NULL,
	"subject" text NOT NULL,
	"period" text NOT NULL,
	"limit_micros" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "team_settings" ADD COLUMN "model_allowlist" text[];--> statement-breakpoint
ALTER TABLE "team_settings" ADD COLUMN "model_denylist" text[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "model_allowlist" text[];--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "model_denylist" text[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "credit_holds" ADD COLUMN "budget_ids" text[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "budgets" ADD CONSTRAINT "budgets_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "budgets_scope_idx" ON "budgets" USING btree ("team_id","scope","subject","period");