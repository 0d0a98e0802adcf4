import { boolean, index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { teams } from './teams';
import { users } from './users';

/** A team's own provider key (BYOK). The secret is AES-256-GCM ciphertext; only `hint` is ever shown. */
export const providerCredentials = pgTable(
  'provider_credentials',
  {
    id: text('id').primaryKey(),
    teamId: text('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    provider: text('provider').notNull(),
    label: text('label').notNull(),
    encryptedSecret: text('encrypted_secret').notNull(),
    hint: text('hint').notNull(),
    baseUrl: text('base_url'),
    enabled: boolean('enabled').notNull().default(true),
    zeroDataRetention: boolean('zero_data_retention').notNull().default(false),
    /** Gatehouse model id → upstream model id or deployment name. */
    modelMappings: jsonb('model_mappings').$type<Record<string, string>>().notNull().default({}),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('provider_credentials_team_idx').on(table.teamId, table.provider)],
);
