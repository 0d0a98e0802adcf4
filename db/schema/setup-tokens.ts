import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * One-time links that let the operator create the first instance admin. Only the token's
 * SHA-256 is stored; all are deleted once the first account exists.
 */
export const setupTokens = pgTable('setup_tokens', {
  id: text('id').primaryKey(),
  tokenHash: text('token_hash').notNull().unique(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
