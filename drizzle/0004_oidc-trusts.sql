CREATE TABLE "oidc_trusts" (
	"id" text PRIMARY KEY NOT NULL,
	"team_id" text NOT NULL,
	"issuer" text NOT NULL,
	"audience" text NOT NULL,
	"claim_conditions" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"label" text NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "oidc_trusts" ADD CONSTRAINT "oidc_trusts_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "oidc_trusts" ADD CONSTRAINT "oidc_trusts_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "oidc_trusts_issuer_idx" ON "oidc_trusts" USING btree ("issuer");--> statement-breakpoint
CREATE INDEX "oidc_trusts_team_idx" ON "oidc_trusts" USING btree ("team_id");