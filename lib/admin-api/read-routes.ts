import { GatewayError } from '../gateway/errors';
import { listAuditLog } from '../services/audit/list-audit-log';
import { exportOptionsSchema, exportResponse, exportUsage } from '../services/usage/export-usage';
import { getGenerationBody } from '../services/usage/get-generation-body';
import { listUsage } from '../services/usage/list-usage';
import { listOptionsSchema, parseUsageSearch } from '../services/usage/usage-params';
import type { Route } from './router';

/** Reads that are not admin changes: usage rows (a page, or a streamed export) and the audit log. */
export const readRoutes: Route[] = [
  // GET /api/admin/teams/:team/usage?format=csv|jsonl&range|from|to&model&provider&key&user&tag&status&limit
  // Without `format`: one JSON page (cursor, limit), as the console's list reads it.
  {
    method: 'GET',
    pattern: /^\/teams\/([^/]+)\/usage$/,
    run: async (ctx, [team], query) => {
      const params = query as Record<string, string>;
      const search = parseUsageSearch(params);
      if (!search.success) throw GatewayError.fromZod(search.error);
      if (params.format === undefined) {
        const options = listOptionsSchema.parse({ cursor: params.cursor, limit: params.limit });
        return listUsage({ ctx, input: { team, search: search.data, ...options } });
      }
      const options = exportOptionsSchema.parse(params);
      return exportResponse(await exportUsage({ ctx, input: { team, search: search.data, ...options } }));
    },
  },
  // GET /api/admin/teams/:team/generations/:id/body: the stored (redacted) request and response, or `body: null`
  {
    method: 'GET',
    pattern: /^\/teams\/([^/]+)\/generations\/([^/]+)\/body$/,
    run: (ctx, [team, generationId]) => getGenerationBody({ ctx, input: { team, generationId } }),
  },
  // GET /api/admin/audit?team=&actor=&action=&from=&to=&cursor=&limit=
  { method: 'GET', pattern: /^\/audit$/, run: (ctx, _params, query) => listAuditLog({ ctx, input: query as never }) },
];
