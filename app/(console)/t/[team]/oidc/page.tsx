import type { Metadata } from 'next';
import { OidcTrustForm } from '@/components/oidc/oidc-trust-form';
import { EnableDeleteActions } from '@/components/ui/enable-delete-actions';
import { Badge } from '@/components/ui/badge';
import { Card, TableCard } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { requireConsoleTeam } from '@/lib/auth/console-session';
import { publicBaseUrl } from '@/lib/console/base-url';
import { formatDate } from '@/lib/console/format';
import { roleAtLeast } from '@/lib/services/context';
import { listOidcTrusts } from '@/lib/services/oidc/list-oidc-trusts';
import { addOidcTrustAction, removeOidcTrustAction, setOidcTrustEnabledAction } from './actions';

export const metadata: Metadata = { title: 'OIDC trusts · Gatehouse' };

/** Keyless auth: issuers whose JWTs act as this team. Everyone in the team reads them (nothing here is secret); admins change them. */
export default async function OidcTrustsPage({ params }: { params: Promise<{ team: string }> }) {
  const { team: slug } = await params;
  const { team, role, ctx } = await requireConsoleTeam(slug, 'viewer');
  const [trusts, baseUrl] = await Promise.all([listOidcTrusts({ ctx, input: { team: team.id } }), publicBaseUrl()]);
  const canManage = roleAtLeast(role, 'admin');
  return (
    <>
      <PageHeader
        title="OIDC trusts"
        description="Keyless auth: a workload (a CI job, a Kubernetes pod) that sends a JWT from a trusted issuer as its bearer token calls the gateway as this team. No key is stored, so none can leak."
      />
      <div className="stack">
        <TableCard title="Trusted issuers" description="A token must come from the issuer, carry the audience and match every claim condition. Oldest trust first.">
          {trusts.length === 0 ? (
            <EmptyState title="No OIDC trusts yet">
              {canManage ? 'Add one below to let GitHub Actions, GitLab CI or a Kubernetes service account call Gatehouse without an API key.' : 'A team admin can add trusted issuers here.'}
            </EmptyState>
          ) : (
            <table>
              <thead>
                <tr>
                  <th scope="col">Label</th>
                  <th scope="col">Issuer</th>
                  <th scope="col">Audience</th>
                  <th scope="col">Claim conditions</th>
                  <th scope="col">Added</th>
                  <th scope="col">Status</th>
                  {canManage ? (
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  ) : null}
                </tr>
              </thead>
              <tbody>
                {trusts.map((trust) => (
                  <tr key={trust.id}>
                    <td>
                      {trust.label}
                      <div className="mono muted">{trust.id}</div>
                    </td>
                    <td className="mono">{trust.issuer}</td>
                    <td className="mono">{trust.audience}</td>
                    <td>
                      {Object.entries(trust.claimConditions).map(([claim, pattern]) => (
                        <div key={claim} className="mono">
                          {claim} = {pattern}
                        </div>
                      ))}
                    </td>
                    <td className="nowrap">{formatDate(trust.createdAt)}</td>
                    <td>{trust.enabled ? <Badge tone="success">enabled</Badge> : <Badge tone="muted">disabled</Badge>}</td>
                    {canManage ? (
                      <td>
                        <EnableDeleteActions
                          label={trust.label}
                          enabled={trust.enabled}
                          setEnabled={setOidcTrustEnabledAction.bind(null, team.slug, trust.id)}
                          remove={removeOidcTrustAction.bind(null, team.slug, trust.id)}
                          confirmLabel="Delete trust"
                        >
                          Tokens from this issuer that only this trust admits are refused from the next request. To stop them for a while instead, disable the trust.
                        </EnableDeleteActions>
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </TableCard>
        {canManage ? (
          <Card title="Trust an issuer" description={<>Workloads send their token where a key would go: <code>Authorization: Bearer &lt;jwt&gt;</code> to <code>{baseUrl}/v1</code>.</>}>
            <OidcTrustForm action={addOidcTrustAction.bind(null, team.slug)} audiencePlaceholder={baseUrl} />
          </Card>
        ) : (
          <p className="muted" style={{ margin: 0 }}>
            Team admins add, disable and delete trusts.
          </p>
        )}
      </div>
    </>
  );
}
