import { sql } from 'drizzle-orm';
import { boolean, doublePrecision, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { teams } from './teams';
import { users } from './users';

/**
 * Where a team's alerts are POSTed. The signing secret is AES-256-GCM ciphertext (as BYOK keys
 * are) and is shown once, at creation; `secretHint` is all that is ever shown again.
 */
export const webhookEndpoints = pgTable(
  'webhook_endpoints',
  {
    id: text('id').primaryKey(),
    teamId: text('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    url: text('url').notNull(),
    description: text('description').notNull().default(''),
    encryptedSecret: text('encrypted_secret').notNull(),
    secretHint: text('secret_hint').notNull(),
    /** Alert kinds sent here; empty: every kind. */
    events: text('events').array().notNull().default([]),
    enabled: boolean('enabled').notNull().default(true),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('webhook_endpoints_team_idx').on(table.teamId)],
);

/** What a team wants to be told about: one kind, its thresholds (percent, or micro-dollars for a balance). */
export const alertRules = pgTable(
  'alert_rules',
  {
    id: text('id').primaryKey(),
    teamId: text('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    /** 'low_balance' | 'key_spend' | 'entity_quota' | 'provider_error_rate' (and 'budget' once its evaluator exists). */
    kind: text('kind').notNull(),
    thresholds: jsonb('thresholds').$type<number[]>().notNull(),
    /** provider_error_rate: the window read, in hours of rollups. */
    windowHours: integer('window_hours'),
    /** provider_error_rate: fewer requests than this in the window never alert. */
    minRequests: integer('min_requests'),
    enabled: boolean('enabled').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('alert_rules_enabled_idx').on(table.enabled, table.teamId)],
);

/**
 * A threshold crossed. The unique key (rule, subject, threshold, period) is what makes an alert
 * fire once per threshold and period however many instances evaluate the rule at once.
 */
export const alertEvents = pgTable(
  'alert_events',
  {
    id: text('id').primaryKey(),
    teamId: text('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    ruleId: text('rule_id')
      .notNull()
      .references(() => alertRules.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    /** What crossed it: the team, a key id, a quota entity, a provider. */
    subject: text('subject').notNull(),
    threshold: doublePrecision('threshold').notNull(),
    value: doublePrecision('value').notNull(),
    periodKey: text('period_key').notNull(),
    message: text('message').notNull(),
    acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('alert_events_dedupe_idx').on(table.ruleId, table.subject, table.threshold, table.periodKey),
    index('alert_events_team_idx').on(table.teamId, table.createdAt),
  ],
);

/**
 * One event sent to one endpoint: the same delivery id on every attempt (receivers dedupe on it),
 * `attempt` counting them. 'pending' rows are claimed by `next_attempt_at`.
 */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: text('id').primaryKey(),
    teamId: text('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    endpointId: text('endpoint_id')
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
    eventId: text('event_id').references(() => alertEvents.id, { onDelete: 'cascade' }),
    eventType: text('event_type').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    /** 'pending' | 'delivered' | 'failed' */
    status: text('status').notNull().default('pending'),
    attempt: integer('attempt').notNull().default(0),
    statusCode: integer('status_code'),
    error: text('error'),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index('webhook_deliveries_due_idx').on(table.nextAttemptAt).where(sql`${table.status} = 'pending'`),
    index('webhook_deliveries_endpoint_idx').on(table.endpointId, table.createdAt),
    index('webhook_deliveries_team_idx').on(table.teamId, table.createdAt),
  ],
);
