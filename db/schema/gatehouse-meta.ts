import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** Facts about the installation itself, by key (e.g. which build last seeded the catalog). */
export const gatehouseMeta = pgTable('gatehouse_meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
