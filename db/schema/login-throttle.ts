import { integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Sign-in attempt counters shared by every instance when there is no Redis: one row per
 * `email|address` pair and per address (keys are hashed, so no email is stored here).
 */
export const loginThrottle = pgTable('login_throttle', {
  key: text('key').primaryKey(),
  attempts: integer('attempts').notNull(),
  lastAttemptAt: timestamp('last_attempt_at', { withTimezone: true }).notNull(),
  /** No attempt under this key is checked before this time. */
  nextAllowedAt: timestamp('next_allowed_at', { withTimezone: true }),
});
