CREATE TABLE "generation_bodies" (
	"generation_id" text PRIMARY KEY NOT NULL,
	"team_id" text NOT NULL,
	"request" text NOT NULL,
	"response" text,
	"truncated" boolean DEFAULT false NOT NULL,
	"redactions" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "team_settings" ADD COLUMN "store_bodies" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "team_settings" ADD COLUMN "body_retention_days" integer DEFAULT 30 NOT NULL;--> statement-breakpoint
ALTER TABLE "team_settings" ADD COLUMN "redaction_patterns" text[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "generation_bodies" ADD CONSTRAINT "generation_bodies_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "generation_bodies_team_created_idx" ON "generation_bodies" USING btree ("team_id","created_at");