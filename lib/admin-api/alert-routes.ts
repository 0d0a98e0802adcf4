import { acknowledgeAlerts, createAlertRule, listAlertEvents, listAlertRules, removeAlertRule, updateAlertRule } from '../services/alerts/manage-alert-rules';
import { createWebhook, deleteWebhook, listWebhookDeliveries, listWebhooks, testWebhook, updateWebhook } from '../services/alerts/manage-webhooks';
import type { Route } from './router';

/** Alerts and signed webhooks (README: "Alerts and webhooks"). */
export const alertRoutes: Route[] = [
  // GET /api/admin/teams/:team/webhooks
  { method: 'GET', pattern: /^\/teams\/([^/]+)\/webhooks$/, run: async (ctx, [team]) => ({ data: await listWebhooks({ ctx, input: { team } }) }) },
  // POST /api/admin/teams/:team/webhooks { url, description?, events? } → the signing secret, once
  { method: 'POST', pattern: /^\/teams\/([^/]+)\/webhooks$/, run: (ctx, [team], body) => createWebhook({ ctx, input: { ...(body as object), team } as never }) },
  // PATCH /api/admin/teams/:team/webhooks/:id { url?, description?, events?, enabled? }
  { method: 'PATCH', pattern: /^\/teams\/([^/]+)\/webhooks\/([^/]+)$/, run: (ctx, [team, webhookId], body) => updateWebhook({ ctx, input: { ...(body as object), team, webhookId } as never }) },
  // DELETE /api/admin/teams/:team/webhooks/:id
  { method: 'DELETE', pattern: /^\/teams\/([^/]+)\/webhooks\/([^/]+)$/, run: (ctx, [team, webhookId]) => deleteWebhook({ ctx, input: { team, webhookId } }) },
  // POST /api/admin/teams/:team/webhooks/:id/test
  { method: 'POST', pattern: /^\/teams\/([^/]+)\/webhooks\/([^/]+)\/test$/, run: (ctx, [team, webhookId]) => testWebhook({ ctx, input: { team, webhookId } }) },
  // GET /api/admin/teams/:team/webhooks/:id/deliveries?limit=
  {
    method: 'GET',
    pattern: /^\/teams\/([^/]+)\/webhooks\/([^/]+)\/deliveries$/,
    run: async (ctx, [team, webhookId], query) => ({ data: await listWebhookDeliveries({ ctx, input: { ...(query as object), team, webhookId } as never }) }),
  },
  // GET /api/admin/teams/:team/alerts
  { method: 'GET', pattern: /^\/teams\/([^/]+)\/alerts$/, run: async (ctx, [team]) => ({ data: await listAlertRules({ ctx, input: { team } }) }) },
  // POST /api/admin/teams/:team/alerts { kind, thresholds, windowHours?, minRequests?, enabled? }
  { method: 'POST', pattern: /^\/teams\/([^/]+)\/alerts$/, run: (ctx, [team], body) => createAlertRule({ ctx, input: { ...(body as object), team } as never }) },
  // PATCH /api/admin/teams/:team/alerts/:id { thresholds?, windowHours?, minRequests?, enabled? }
  { method: 'PATCH', pattern: /^\/teams\/([^/]+)\/alerts\/([^/]+)$/, run: (ctx, [team, ruleId], body) => updateAlertRule({ ctx, input: { ...(body as object), team, ruleId } as never }) },
  // DELETE /api/admin/teams/:team/alerts/:id
  { method: 'DELETE', pattern: /^\/teams\/([^/]+)\/alerts\/([^/]+)$/, run: (ctx, [team, ruleId]) => removeAlertRule({ ctx, input: { team, ruleId } }) },
  // GET /api/admin/teams/:team/alert-events?limit=&unacknowledged=true
  { method: 'GET', pattern: /^\/teams\/([^/]+)\/alert-events$/, run: async (ctx, [team], query) => ({ data: await listAlertEvents({ ctx, input: { ...(query as object), team } as never }) }) },
  // POST /api/admin/teams/:team/alert-events/acknowledge
  { method: 'POST', pattern: /^\/teams\/([^/]+)\/alert-events\/acknowledge$/, run: (ctx, [team]) => acknowledgeAlerts({ ctx, input: { team } }) },
];
