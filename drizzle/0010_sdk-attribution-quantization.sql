ALTER TABLE "usage_logs" ADD COLUMN "app_referer" text;--> statement-breakpoint
ALTER TABLE "usage_logs" ADD COLUMN "app_title" text;--> statement-breakpoint
ALTER TABLE "usage_logs" ADD COLUMN "o11y" jsonb;--> statement-breakpoint
ALTER TABLE "model_offerings" ADD COLUMN "quantization" text;