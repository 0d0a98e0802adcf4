import { z } from 'zod';
import { findApiKeyDetail, findApiKeyTeam } from '@/db/queries/api-keys';
import { findUserEmails } from '@/db/queries/users';
import type { ServiceContext } from '../context';
import { requireObjectTeam } from '../object-team';
import { keyNotFound } from './key-not-found';
import { keyStatus } from './list-api-keys';

export const getApiKeyInput = z.object({ keyId: z.string().min(1).max(100), team: z.string().min(1).optional() });

/** One key as its page shows it: settings, spend, last use and rotation; never a hash. Viewers read. */
export async function getApiKey({ ctx, input }: { ctx: ServiceContext; input: z.input<typeof getApiKeyInput> }) {
  const { keyId, team: expectedTeam } = getApiKeyInput.parse(input);
  const team = await requireObjectTeam(ctx, { ownerTeamId: await findApiKeyTeam(ctx.db, keyId), minimum: 'viewer', expectedTeam, notFound: keyNotFound });
  const row = await findApiKeyDetail(ctx.db, team.id, keyId);
  if (!row) throw keyNotFound();
  const emails = row.createdBy ? await findUserEmails(ctx.db, [row.createdBy]) : new Map<string, string>();
  const now = Date.now();
  // A grace that has ended is history, not a second working secret.
  const previousValidUntil = row.previousHashValidUntil && row.previousHashValidUntil.getTime() > now && !row.revokedAt ? row.previousHashValidUntil : null;
  const { previousHashValidUntil: _ended, ...rest } = row;
  return { ...rest, teamSlug: team.slug, previousValidUntil, createdByEmail: row.createdBy ? (emails.get(row.createdBy) ?? null) : null, status: keyStatus(row, now) };
}

export type ApiKeyDetail = Awaited<ReturnType<typeof getApiKey>>;
