ALTER TABLE "api_keys" ADD COLUMN "max_concurrent_requests" integer;--> statement-breakpoint
ALTER TABLE "plans" ADD COLUMN "max_concurrent_requests" integer;--> statement-breakpoint
-- Seeded plans on existing installs get the caps new installs seed (db/queries/plans.ts).
UPDATE "plans" SET "max_concurrent_requests" = 5 WHERE "id" = 'free' AND "max_concurrent_requests" IS NULL;--> statement-breakpoint
UPDATE "plans" SET "max_concurrent_requests" = 200 WHERE "id" = 'pro' AND "max_concurrent_requests" IS NULL;
