import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { readAuditSearch } from '@/components/audit/audit-search';
import { AuditTable } from '@/components/audit/audit-table';
import { PageHeader } from '@/components/ui/page-header';
import { requireConsoleTeam } from '@/lib/auth/console-session';
import { GatewayError } from '@/lib/gateway/errors';
import { listAuditLog, type AuditPage } from '@/lib/services/audit/list-audit-log';
import { roleAtLeast } from '@/lib/services/context';

export const metadata: Metadata = { title: 'Audit log · Gatehouse' };

/** The team's admin changes, for its admins and owners; members and viewers are told there is no such page. */
export default async function TeamAuditPage({ params, searchParams }: { params: Promise<{ team: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { team: slug } = await params;
  const { user, team, role, ctx } = await requireConsoleTeam(slug, 'viewer');
  if (!roleAtLeast(role, 'admin')) notFound();
  const { filters, input, problem } = readAuditSearch(await searchParams);
  let page: AuditPage = { data: [], nextCursor: null };
  let failure = problem;
  if (input) {
    try {
      page = await listAuditLog({ ctx, input: { ...input, team: team.id } });
    } catch (error) {
      if (!(error instanceof GatewayError) || error.status !== 400) throw error;
      failure = error.message;
    }
  }
  return (
    <>
      <PageHeader
        title="Audit log"
        description="Who changed what in this team: keys, provider keys, OIDC trusts, members, credits and settings. Secrets are never recorded."
        actions={
          user.isInstanceAdmin ? (
            <Link className="button button-small" href="/audit">
              All teams
            </Link>
          ) : undefined
        }
      />
      {failure ? (
        <div className="alert alert-error" role="alert">
          The filters are not valid ({failure}).
        </div>
      ) : null}
      <AuditTable page={page} filters={filters} basePath={`/t/${team.slug}/audit`} />
    </>
  );
}
