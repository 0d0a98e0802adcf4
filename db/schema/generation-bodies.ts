import { boolean, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { teams } from './teams';

/**
 * The request and response of a generation, for teams that opted in (never under zero data
 * retention), redacted before they were written and deleted after the team's retention period.
 * Apart from usage_logs so that table's rows stay small; one row per generation at most.
 */
export const generationBodies = pgTable(
  'generation_bodies',
  {
    generationId: text('generation_id').primaryKey(),
    teamId: text('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    /** The client's request as JSON text, redacted; cut at the capture limit (then `truncated`). */
    request: text('request').notNull(),
    /** What the client got: the JSON answer, or for a stream the text and tool calls it carried, as JSON text. */
    response: text('response'),
    truncated: boolean('truncated').notNull().default(false),
    /** How many values redaction replaced. */
    redactions: integer('redactions').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('generation_bodies_team_created_idx').on(table.teamId, table.createdAt)],
);
