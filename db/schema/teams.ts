import { bigint, boolean, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export const teams = pgTable('teams', {
  id: text('id').primaryKey(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  plan: text('plan').notNull().default('free'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Routing policy that applies underneath every request's own options, and always wins where it restricts. */
export const teamSettings = pgTable('team_settings', {
  teamId: text('team_id')
    .primaryKey()
    .references(() => teams.id, { onDelete: 'cascade' }),
  /** null: every provider allowed. */
  providerAllowlist: text('provider_allowlist').array(),
  providerDenylist: text('provider_denylist').array().notNull().default([]),
  /** Model ids or `provider/*` prefixes the team may call; null: every model. */
  modelAllowlist: text('model_allowlist').array(),
  /** Model ids or `provider/*` prefixes the team may never call; wins over the allowlist. */
  modelDenylist: text('model_denylist').array().notNull().default([]),
  defaultProviderOrder: text('default_provider_order').array().notNull().default([]),
  zeroDataRetention: boolean('zero_data_retention').notNull().default(false),
  disallowPromptTraining: boolean('disallow_prompt_training').notNull().default(false),
  /** When a BYOK credential fails with an auth/quota error, retry on system credentials and bill it. */
  byokFallbackToSystem: boolean('byok_fallback_to_system').notNull().default(true),
  /** Requests that do not say otherwise get `caching: 'auto'` (Anthropic cache breakpoints placed by Gatehouse). */
  promptCachingAuto: boolean('prompt_caching_auto').notNull().default(false),
  /** Keep request and response bodies (redacted) for the viewer; never while zero data retention is on. */
  storeBodies: boolean('store_bodies').notNull().default(false),
  bodyRetentionDays: integer('body_retention_days').notNull().default(30),
  /** The team's own redaction regexes, applied after the built-in ones (validated in lib/privacy/redact.ts). */
  redactionPatterns: text('redaction_patterns').array().notNull().default([]),
  lowBalanceThresholdMicros: bigint('low_balance_threshold_micros', { mode: 'number' }).notNull().default(1_000_000),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
