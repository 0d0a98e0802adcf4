import { boolean, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export const users = pgTable('users', {
  id: text('id').primaryKey(),
  email: text('email').notNull().unique(),
  name: text('name'),
  /** scrypt hash (`scrypt$N$r$p$salt$hash`); null for accounts that only sign in through OAuth/OIDC. */
  passwordHash: text('password_hash'),
  /** Instance admins manage every team, grant credits and edit the catalog. */
  isInstanceAdmin: boolean('is_instance_admin').notNull().default(false),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  /** Set by an instance admin: the user cannot sign in and their console sessions are over. */
  disabledAt: timestamp('disabled_at', { withTimezone: true }),
});
