import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { UsageRow } from '@/db/queries/usage-logs';
import type { Env } from '../env';
import type { GatewayError } from '../gateway/errors';
import type { AttemptTrace, HeaderReader } from '../gateway/types';
import type { Logger } from '../logger';
import { GatewayMetrics, type MetricSources } from './metrics';
import { startMetricsServer } from './metrics-endpoint';
import { createTracing, type Tracing } from './traces';

/**
 * The pipeline's observers: Prometheus metrics and OpenTelemetry traces, both fed by the same
 * two events. Undefined on `GatewayDeps` when both are off, so the handler's hooks are a
 * property read and nothing else.
 */
export type Telemetry = {
  metrics: GatewayMetrics | undefined;
  tracing: Tracing | undefined;
  /** The token-less metrics listener (GATEHOUSE_METRICS_PORT), once `listen` started it. */
  metricsServer: Server | undefined;
  /**
   * Starts the GATEHOUSE_METRICS_PORT listener, if one is configured. The server's start calls
   * it, not the runtime's creation: the CLI makes a runtime of its own and must not take the port.
   */
  listen(): Promise<Server | undefined>;
  /** A model call ended: its usage row, its attempts, and the request's headers (for `traceparent`). */
  finished(row: UsageRow, attempts: readonly AttemptTrace[], headers: HeaderReader): void;
  /** A model call was refused before it got a usage row. */
  refused(door: string, error: GatewayError): void;
  close(): Promise<void>;
};

export async function createTelemetry(env: Env, sources: MetricSources, logger: Logger): Promise<Telemetry | undefined> {
  const metrics = env.GATEHOUSE_METRICS ? new GatewayMetrics(sources, { maxModels: env.GATEHOUSE_METRICS_MAX_MODELS, maxTeams: env.GATEHOUSE_METRICS_MAX_TEAMS }) : undefined;
  const tracing = await createTracing(env);
  if (!metrics && !tracing) return undefined;
  if (tracing) logger.info('exporting OpenTelemetry traces');
  let metricsServer: Server | undefined;
  return {
    metrics,
    tracing,
    get metricsServer() {
      return metricsServer;
    },
    async listen() {
      if (metricsServer || !metrics || env.GATEHOUSE_METRICS_PORT === undefined) return metricsServer;
      metricsServer = await startMetricsServer(metrics, env.GATEHOUSE_METRICS_PORT, env.GATEHOUSE_METRICS_HOST);
      logger.info('serving /metrics without a token', { host: env.GATEHOUSE_METRICS_HOST, port: (metricsServer.address() as AddressInfo).port });
      return metricsServer;
    },
    finished(row, attempts, headers) {
      metrics?.requestFinished(row, attempts);
      try {
        tracing?.requestFinished(row, attempts, headers);
      } catch (error) {
        // A span that cannot be built must never fail the call it describes.
        logger.warn('span not recorded', { error: String(error) });
      }
    },
    refused(door, error) {
      metrics?.refused(door, error.code, error.status);
    },
    async close() {
      const server = metricsServer;
      if (server) await new Promise((resolve) => server.close(resolve));
      await tracing?.close().catch((error: unknown) => logger.warn('flushing traces at shutdown failed', { error: String(error) }));
    },
  };
}
