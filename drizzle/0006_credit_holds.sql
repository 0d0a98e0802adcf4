CREATE TABLE "credit_holds" (
	"generation_id" text PRIMARY KEY NOT NULL,
	"team_id" text NOT NULL,
	"credit_micros" bigint DEFAULT 0 NOT NULL,
	"spend_micros" bigint DEFAULT 0 NOT NULL,
	"api_key_id" text,
	"quota_entity_id" text,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "credit_holds" ADD CONSTRAINT "credit_holds_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "credit_holds_team_idx" ON "credit_holds" USING btree ("team_id","expires_at");--> statement-breakpoint
CREATE INDEX "credit_holds_key_idx" ON "credit_holds" USING btree ("api_key_id","expires_at");--> statement-breakpoint
CREATE INDEX "credit_holds_entity_idx" ON "credit_holds" USING btree ("team_id","quota_entity_id","expires_at");--> statement-breakpoint
CREATE INDEX "credit_holds_expiry_idx" ON "credit_holds" USING btree ("expires_at");--> statement-breakpoint
ALTER TABLE "credit_balances" DROP COLUMN "reserved_micros";