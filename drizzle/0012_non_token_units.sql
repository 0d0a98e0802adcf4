ALTER TABLE "usage_logs" ADD COLUMN "unit" text;--> statement-breakpoint
ALTER TABLE "usage_logs" ADD COLUMN "quantity" bigint;--> statement-breakpoint
ALTER TABLE "model_offerings" ADD COLUMN "unit_price" bigint;--> statement-breakpoint
ALTER TABLE "model_offerings" ADD COLUMN "price_unit" text;