DROP INDEX "usage_logs_team_created_idx";--> statement-breakpoint
CREATE INDEX "usage_logs_team_failed_idx" ON "usage_logs" USING btree ("team_id","status","created_at") WHERE "usage_logs"."status" <> 'success';--> statement-breakpoint
CREATE INDEX "usage_logs_team_end_user_idx" ON "usage_logs" USING btree ("team_id","end_user","created_at") WHERE "usage_logs"."end_user" is not null;--> statement-breakpoint
CREATE INDEX "usage_logs_tags_idx" ON "usage_logs" USING gin ("tags");--> statement-breakpoint
CREATE INDEX "usage_logs_team_created_idx" ON "usage_logs" USING btree ("team_id","created_at","generation_id");