CREATE TABLE "usage_dead_letters" (
	"generation_id" text PRIMARY KEY NOT NULL,
	"team_id" text NOT NULL,
	"row_base64" text NOT NULL,
	"billed_micros" bigint DEFAULT 0 NOT NULL,
	"error_code" text,
	"error" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "usage_dead_letters_created_idx" ON "usage_dead_letters" USING btree ("created_at");