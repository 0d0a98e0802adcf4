import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { readAuditSearch } from '@/components/audit/audit-search';
import { AuditTable } from '@/components/audit/audit-table';
import { PageHeader } from '@/components/ui/page-header';
import { consoleContext, requireConsoleUser } from '@/lib/auth/console-session';
import { GatewayError } from '@/lib/gateway/errors';
import { listAuditLog, type AuditPage } from '@/lib/services/audit/list-audit-log';

export const metadata: Metadata = { title: 'Audit log · Gatehouse' };

/** Every admin change of the install, for instance admins only; anyone else is told there is no such page. */
export default async function InstanceAuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireConsoleUser('/audit');
  if (!user.isInstanceAdmin) notFound();
  const ctx = await consoleContext(user);
  const { filters, input, problem } = readAuditSearch(await searchParams);
  let page: AuditPage = { data: [], nextCursor: null };
  let failure = problem;
  if (input) {
    try {
      page = await listAuditLog({ ctx, input });
    } catch (error) {
      if (!(error instanceof GatewayError) || error.status !== 400) throw error;
      failure = error.message;
    }
  }
  return (
    <main style={{ maxWidth: 1200 }}>
      <PageHeader
        title="Audit log"
        description="Admin changes across every team and the install itself (users, plans, providers, models). Secrets are never recorded."
        actions={
          <Link className="button button-small" href="/teams">
            Teams
          </Link>
        }
      />
      {failure ? (
        <div className="alert alert-error" role="alert">
          The filters are not valid ({failure}).
        </div>
      ) : null}
      <AuditTable page={page} filters={filters} basePath="/audit" showTeam />
    </main>
  );
}
