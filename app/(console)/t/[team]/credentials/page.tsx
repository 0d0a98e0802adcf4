import type { Metadata } from 'next';
import { CredentialForm } from '@/components/credentials/credential-form';
import { EnableDeleteActions } from '@/components/ui/enable-delete-actions';
import { Badge } from '@/components/ui/badge';
import { Card, TableCard } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { requireConsoleTeam } from '@/lib/auth/console-session';
import { formatDate } from '@/lib/console/format';
import { providers } from '@/lib/providers/registry';
import { roleAtLeast } from '@/lib/services/context';
import { listCredentials } from '@/lib/services/credentials/list-credentials';
import { listPlans } from '@/lib/services/teams/list-plans';
import { addCredentialAction, deleteCredentialAction, setCredentialEnabledAction, testCredentialAction } from './actions';

export const metadata: Metadata = { title: 'Provider keys · Gatehouse' };

const providerName = new Map(providers.map((provider) => [provider.slug, provider.name]));

/** BYOK: the team's own provider keys, used before the system's and not billed to credits. */
export default async function CredentialsPage({ params }: { params: Promise<{ team: string }> }) {
  const { team: slug } = await params;
  const { team, role, ctx } = await requireConsoleTeam(slug, 'viewer');
  const [credentials, plans] = await Promise.all([listCredentials({ ctx, input: { team: team.id } }), listPlans({ ctx })]);
  const plan = plans.find((item) => item.id === team.plan);
  const canManage = roleAtLeast(role, 'admin');
  return (
    <>
      <PageHeader title="Provider keys" description="Bring your own keys (BYOK): requests to a provider use your key first. You pay the provider directly; credits are not charged." />
      <div className="stack">
        {plan && !plan.byokAllowed ? (
          <p className="alert alert-warning" role="status" style={{ margin: 0 }}>
            The team’s <strong>{plan.name}</strong> plan does not include bring-your-own-key, so requests do not use these keys. An instance admin can change the plan in Settings.
          </p>
        ) : null}
        <TableCard title="Keys">
          {credentials.length === 0 ? (
            <EmptyState title="No provider keys yet">
              {canManage ? 'Add one below to route requests through your own OpenAI, Anthropic, Google or other account.' : 'A team admin can add your own provider accounts here.'}
            </EmptyState>
          ) : (
            <table>
              <thead>
                <tr>
                  <th scope="col">Provider</th>
                  <th scope="col">Label</th>
                  <th scope="col">Key</th>
                  <th scope="col">Base URL</th>
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
                {credentials.map((credential) => {
                  const mappings = Object.keys(credential.modelMappings).length;
                  return (
                    <tr key={credential.id}>
                      <td>{providerName.get(credential.provider) ?? credential.provider}</td>
                      <td>
                        {credential.label}
                        <div className="row" style={{ marginTop: 2 }}>
                          {credential.zeroDataRetention ? <span className="badge badge-accent">ZDR</span> : null}
                          {mappings ? <span className="badge badge-muted">{mappings} model mapping{mappings === 1 ? '' : 's'}</span> : null}
                        </div>
                      </td>
                      <td className="mono">{credential.hint}</td>
                      <td className="mono muted">{credential.baseUrl ?? 'default'}</td>
                      <td className="nowrap">{formatDate(credential.createdAt)}</td>
                      <td>{credential.enabled ? <Badge tone="success">enabled</Badge> : <Badge tone="muted">disabled</Badge>}</td>
                      {canManage ? (
                        <td>
                          <EnableDeleteActions
                            label={credential.label}
                            enabled={credential.enabled}
                            setEnabled={setCredentialEnabledAction.bind(null, team.slug, credential.id)}
                            remove={deleteCredentialAction.bind(null, team.slug, credential.id)}
                            confirmLabel="Delete key"
                          >
                            Gatehouse forgets this provider key. Requests fall back to the system’s own key for this provider, if there is one, and are billed to credits.
                          </EnableDeleteActions>
                        </td>
                      ) : null}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </TableCard>
        {canManage ? (
          <Card title="Add a provider key" description="Test the connection first: Gatehouse makes one authenticated request to the provider's model list.">
            <CredentialForm
              providers={providers.map((provider) => ({ slug: provider.slug, name: provider.name, defaultBaseURL: provider.defaultBaseURL, keyOptional: Boolean(provider.keyOptional) }))}
              save={addCredentialAction.bind(null, team.slug)}
              test={testCredentialAction.bind(null, team.slug)}
            />
          </Card>
        ) : null}
      </div>
    </>
  );
}
