import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { AlertRuleForm } from '@/components/alerts/alert-rule-form';
import { ActionButton } from '@/components/alerts/row-actions';
import { WebhookForm } from '@/components/alerts/webhook-form';
import { Badge, type BadgeTone } from '@/components/ui/badge';
import { Card, TableCard } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { EnableDeleteActions } from '@/components/ui/enable-delete-actions';
import { PageHeader } from '@/components/ui/page-header';
import { alertKinds } from '@/lib/alerts/evaluators';
import { requireConsoleTeam } from '@/lib/auth/console-session';
import { formatDateTime, formatDollars } from '@/lib/console/format';
import { roleAtLeast } from '@/lib/services/context';
import { listAlertEvents, listAlertRules } from '@/lib/services/alerts/manage-alert-rules';
import { listWebhookDeliveries, listWebhooks } from '@/lib/services/alerts/manage-webhooks';
import {
  acknowledgeAlertsAction,
  createAlertRuleAction,
  createWebhookAction,
  deleteAlertRuleAction,
  deleteWebhookAction,
  setAlertRuleEnabledAction,
  setWebhookEnabledAction,
  testWebhookAction,
} from './actions';

export const metadata: Metadata = { title: 'Alerts · Gatehouse' };

const kindLabels: Record<string, string> = {
  low_balance: 'Low credit balance',
  key_spend: 'API key spend limit',
  entity_quota: 'Quota entity spend',
  provider_error_rate: 'Provider error rate',
  budget: 'Budget',
};
const kindLabel = (kind: string) => kindLabels[kind] ?? kind;
const kinds = alertKinds.map((kind) => ({ kind, label: kindLabel(kind) }));

const thresholdText = (kind: string, value: number) => (kind === 'low_balance' ? formatDollars(value) : `${value}%`);

const deliveryTone: Record<string, BadgeTone> = { delivered: 'success', pending: 'warning', failed: 'danger' };

/** Alert rules, the webhooks they are sent to, the delivery log and recent alerts: admins and owners only. */
export default async function AlertsPage({ params }: { params: Promise<{ team: string }> }) {
  const { team: slug } = await params;
  const { team, role, ctx } = await requireConsoleTeam(slug, 'viewer');
  if (!roleAtLeast(role, 'admin')) notFound();
  const input = { team: team.id };
  const [events, rules, webhooks, deliveries] = await Promise.all([
    listAlertEvents({ ctx, input: { ...input, limit: 50 } }),
    listAlertRules({ ctx, input }),
    listWebhooks({ ctx, input }),
    listWebhookDeliveries({ ctx, input: { ...input, limit: 50 } }),
  ]);
  const webhookUrl = new Map(webhooks.map((webhook) => [webhook.id, webhook.url]));
  const unacknowledged = events.filter((event) => !event.acknowledgedAt).length;
  return (
    <>
      <PageHeader title="Alerts" description="Thresholds on credit, spend limits, quotas and provider errors, sent to your webhooks signed with HMAC-SHA256 and retried for about an hour." />
      <div className="stack">
        <TableCard
          title="Recent alerts"
          actions={unacknowledged > 0 ? <ActionButton run={acknowledgeAlertsAction.bind(null, team.slug)} pendingText="Acknowledging…">Acknowledge all ({unacknowledged})</ActionButton> : undefined}
        >
          {events.length === 0 ? (
            <EmptyState title="No alerts yet">Alerts appear here (and are sent to your webhooks) when a rule’s threshold is crossed.</EmptyState>
          ) : (
            <div className="table-scroll" style={{ overflowX: 'auto' }}>
              <table>
                <thead>
                  <tr>
                    <th scope="col">When</th>
                    <th scope="col">Kind</th>
                    <th scope="col">Threshold</th>
                    <th scope="col">Message</th>
                    <th scope="col">Status</th>
                  </tr>
                </thead>
                <tbody>
                  {events.map((event) => (
                    <tr key={event.id}>
                      <td className="nowrap">{formatDateTime(event.createdAt)}</td>
                      <td>{kindLabel(event.kind)}</td>
                      <td className="nowrap">{thresholdText(event.kind, event.threshold)}</td>
                      <td>{event.message}</td>
                      <td>{event.acknowledgedAt ? <Badge tone="muted">acknowledged</Badge> : <Badge tone="warning">new</Badge>}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </TableCard>

        <TableCard title="Rules">
          {rules.length === 0 ? (
            <EmptyState title="No alert rules">Add one below, e.g. 50, 80 and 100 % of each key’s spend limit.</EmptyState>
          ) : (
            <div className="table-scroll" style={{ overflowX: 'auto' }}>
              <table>
                <thead>
                  <tr>
                    <th scope="col">Alert when</th>
                    <th scope="col">Thresholds</th>
                    <th scope="col">Status</th>
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {rules.map((rule) => (
                    <tr key={rule.id}>
                      <td>
                        {kindLabel(rule.kind)}
                        {rule.kind === 'provider_error_rate' ? (
                          <div className="muted">
                            over {rule.windowHours} h, at least {rule.minRequests} requests
                          </div>
                        ) : null}
                      </td>
                      <td className="nowrap">{rule.thresholds.map((value) => thresholdText(rule.kind, value)).join(', ')}</td>
                      <td>{rule.enabled ? <Badge tone="success">enabled</Badge> : <Badge tone="muted">disabled</Badge>}</td>
                      <td>
                        <EnableDeleteActions
                          label={kindLabel(rule.kind)}
                          enabled={rule.enabled}
                          setEnabled={setAlertRuleEnabledAction.bind(null, team.slug, rule.id)}
                          remove={deleteAlertRuleAction.bind(null, team.slug, rule.id)}
                          confirmLabel="Delete rule"
                        >
                          The rule and the alerts it raised are deleted.
                        </EnableDeleteActions>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </TableCard>
        <Card title="Add a rule">
          <AlertRuleForm action={createAlertRuleAction.bind(null, team.slug)} kinds={kinds} />
        </Card>

        <TableCard title="Webhooks">
          {webhooks.length === 0 ? (
            <EmptyState title="No webhooks">Alerts are shown here either way; add a webhook to have them POSTed to your systems.</EmptyState>
          ) : (
            <div className="table-scroll" style={{ overflowX: 'auto' }}>
              <table>
                <thead>
                  <tr>
                    <th scope="col">URL</th>
                    <th scope="col">Kinds</th>
                    <th scope="col">Secret</th>
                    <th scope="col">Status</th>
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {webhooks.map((webhook) => (
                    <tr key={webhook.id}>
                      <td>
                        <span className="mono">{webhook.url}</span>
                        {webhook.description ? <div className="muted">{webhook.description}</div> : null}
                      </td>
                      <td>{webhook.events.length === 0 ? 'all' : webhook.events.map(kindLabel).join(', ')}</td>
                      <td className="mono">{webhook.secretHint}</td>
                      <td>{webhook.enabled ? <Badge tone="success">enabled</Badge> : <Badge tone="muted">disabled</Badge>}</td>
                      <td>
                        <div className="stack" style={{ gap: 8, alignItems: 'flex-end' }}>
                          {webhook.enabled ? (
                            <ActionButton run={testWebhookAction.bind(null, team.slug, webhook.id)} pendingText="Sending…">
                              Send test event
                            </ActionButton>
                          ) : null}
                          <EnableDeleteActions
                            label={webhook.url}
                            enabled={webhook.enabled}
                            setEnabled={setWebhookEnabledAction.bind(null, team.slug, webhook.id)}
                            remove={deleteWebhookAction.bind(null, team.slug, webhook.id)}
                            confirmLabel="Delete webhook"
                          >
                            Gatehouse stops sending to this URL and forgets its secret and delivery log.
                          </EnableDeleteActions>
                        </div>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </TableCard>
        <Card title="Add a webhook">
          <WebhookForm action={createWebhookAction.bind(null, team.slug)} kinds={kinds} />
        </Card>

        <TableCard title="Delivery log" description="The last 50 deliveries. Failed attempts are retried about 2, 4, 8, 16 and 32 minutes later.">
          {deliveries.length === 0 ? (
            <EmptyState title="No deliveries yet">Send a test event to a webhook to see one here.</EmptyState>
          ) : (
            <div className="table-scroll" style={{ overflowX: 'auto' }}>
              <table data-testid="delivery-log">
                <thead>
                  <tr>
                    <th scope="col">When</th>
                    <th scope="col">Event</th>
                    <th scope="col">Webhook</th>
                    <th scope="col">Status</th>
                    <th scope="col">Attempts</th>
                    <th scope="col">HTTP</th>
                    <th scope="col">Problem / next try</th>
                  </tr>
                </thead>
                <tbody>
                  {deliveries.map((delivery) => (
                    <tr key={delivery.id}>
                      <td className="nowrap">{formatDateTime(delivery.createdAt)}</td>
                      <td className="mono">{delivery.eventType}</td>
                      <td className="mono muted">{webhookUrl.get(delivery.endpointId) ?? delivery.endpointId}</td>
                      <td>
                        <Badge tone={deliveryTone[delivery.status] ?? 'muted'}>{delivery.status}</Badge>
                      </td>
                      <td>{delivery.attempt}</td>
                      <td>{delivery.statusCode ?? '—'}</td>
                      <td>
                        {delivery.error ?? ''}
                        {delivery.status === 'pending' && delivery.nextAttemptAt ? <div className="muted">next try {formatDateTime(delivery.nextAttemptAt)}</div> : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </TableCard>
      </div>
    </>
  );
}
