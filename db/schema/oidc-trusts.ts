import { boolean, index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { teams } from './teams';
import { users } from './users';

/**
 * A team's trust in an OIDC issuer: a JWT from `issuer` for `audience` whose claims match every
 * glob in `claimConditions` authenticates as the team, with no stored key.
 */
export const oidcTrusts = pgTable(
  'oidc_trusts',
  {
    id: text('id').primaryKey(),
    teamId: text('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    /** As tokens carry it in `iss`, without a trailing slash. */
    issuer: text('issuer').notNull(),
    audience: text('audience').notNull(),
    /** Claim name → glob (`*` any run of characters), e.g. `sub: repo:acme/*:ref:refs/heads/main`. */
    claimConditions: jsonb('claim_conditions').$type<Record<string, string>>().notNull().default({}),
    label: text('label').notNull(),
    enabled: boolean('enabled').notNull().default(true),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('oidc_trusts_issuer_idx').on(table.issuer), index('oidc_trusts_team_idx').on(table.teamId)],
);
