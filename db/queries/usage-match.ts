import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';

/**
 * How the usage filters match text. A value without `*` matches exactly (what a click on a
 * suggestion or a top-list row sets, and what the export and the CLI have always meant); `*`
 * stands for any run of characters and makes the match case-insensitive: `claude*` is a prefix,
 * `*claude*` a contains match. The rest of the value is literal: `%`, `_` and `\` are escaped
 * before it reaches ILIKE, so a user's text is never a LIKE pattern of its own.
 */

export const isPattern = (value: string) => value.includes('*');

/** The ILIKE pattern of a `*` pattern, with LIKE's own wildcards and escape character escaped. */
export function likePattern(value: string): string {
  return value.replace(/[\\%_]/g, (character) => `\\${character}`).replace(/\*+/g, '%');
}

/** `column = value`, or `column ilike pattern` for a `*` pattern. */
export function textMatch(column: SQLWrapper, value: string): SQL {
  return isPattern(value) ? sql`${column} ilike ${likePattern(value)}` : sql`${column} = ${value}`;
}

/** A tags column holding `value`, or a tag matching the pattern. */
export function tagMatch(tags: SQLWrapper, value: string): SQL {
  return isPattern(value) ? sql`exists (select 1 from unnest(${tags}) as tag where tag ilike ${likePattern(value)})` : sql`${tags} @> array[${value}]::text[]`;
}

/** The pattern a typed search becomes in a suggestion query: contains, case-insensitive. */
export const containsPattern = (text: string) => `%${likePattern(text)}%`;
