import { bigint, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { teams } from './teams';
import { users } from './users';

export const apiKeys = pgTable(
  'api_keys',
  {
    id: text('id').primaryKey(),
    teamId: text('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** The first characters of the key, safe to show (`gh_3fA9c1`). */
    prefix: text('prefix').notNull(),
    /** SHA-256 of the whole key, hex. The key itself is never stored. */
    hash: text('hash').notNull().unique(),
    /**
     * SHA-256 of the secret this key had before its last rotation, accepted until
     * `previousHashValidUntil` (the grace period). Unique, so authentication stays one indexed
     * lookup on `hash = $1 or previous_hash = $1`. A second rotation replaces it.
     */
    previousHash: text('previous_hash').unique(),
    previousHashValidUntil: timestamp('previous_hash_valid_until', { withTimezone: true }),
    rotatedAt: timestamp('rotated_at', { withTimezone: true }),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    spendLimitMicros: bigint('spend_limit_micros', { mode: 'number' }),
    /** 'total' | 'day' | 'month' */
    spendLimitPeriod: text('spend_limit_period').notNull().default('total'),
    spentMicros: bigint('spent_micros', { mode: 'number' }).notNull().default(0),
    requestsPerMinute: integer('requests_per_minute'),
    tokensPerMinute: integer('tokens_per_minute'),
    /** Model calls this key may have in flight at once on each instance, under the team's cap; null: only the team's. */
    maxConcurrentRequests: integer('max_concurrent_requests'),
    /** The key's own model allowlist (ids or `provider/*`), under the team's; null: whatever the team allows. */
    modelAllowlist: text('model_allowlist').array(),
    modelDenylist: text('model_denylist').array().notNull().default([]),
  },
  (table) => [index('api_keys_team_idx').on(table.teamId)],
);
