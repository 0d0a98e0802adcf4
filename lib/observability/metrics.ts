import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { UsageRow } from '@/db/queries/usage-logs';
import type { MeterCounters } from '../billing/usage-meter';
import type { ProviderHealthView } from '../gateway/provider-health';
import type { AttemptTrace } from '../gateway/types';
import { LabelCap } from './label-cap';

/** What the registry reads when it is scraped (never on the hot path). */
export type MetricSources = {
  meter: { readonly size: number; readonly counters: MeterCounters };
  health: { view(): ProviderHealthView[] };
};

const LATENCY_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];
const TTFT_BUCKETS = [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30];

/** Children of the request metrics for one (door, model, provider, credential, status), looked up once. */
type RequestSeries = { requests: Counter.Internal; latency: Histogram.Internal<string>; ttft: Histogram.Internal<string> };
type SpendSeries = { input: Counter.Internal; output: Counter.Internal; cost: Counter.Internal };

/**
 * Prometheus metrics, one registry per runtime. Requests are observed once, from the finished
 * usage row (the same event the meter records), through label children cached by a joined key,
 * so a request costs a few map lookups and increments. Everything that describes state (meter
 * backlog, circuit breakers) is read at scrape time instead.
 */
export class GatewayMetrics {
  readonly registry = new Registry();
  private readonly models: LabelCap;
  private readonly teams: LabelCap;
  private readonly requestSeries = new Map<string, RequestSeries>();
  private readonly spendSeries = new Map<string, SpendSeries>();
  private readonly requests: Counter;
  private readonly latency: Histogram;
  private readonly ttft: Histogram;
  private readonly inputTokens: Counter;
  private readonly outputTokens: Counter;
  private readonly cost: Counter;
  private readonly attempts: Counter;
  private readonly retries: Counter;
  private readonly fallbacks: Counter;
  private readonly refusals: Counter;
  private readonly batchRows: Histogram;
  private readonly writeSeconds: Histogram;

  constructor(sources: MetricSources, limits: { maxModels: number; maxTeams: number }) {
    this.models = new LabelCap(limits.maxModels);
    this.teams = new LabelCap(limits.maxTeams);
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.requests = new Counter({ name: 'gatehouse_requests_total', help: 'Model calls finished, by front door, served model, provider, credential type and HTTP status.', labelNames: ['door', 'model', 'provider', 'credential', 'status'], registers });
    this.latency = new Histogram({ name: 'gatehouse_request_duration_seconds', help: 'Model call duration, from arrival to the last byte (streams) or the answer.', labelNames: ['door', 'model', 'provider'], buckets: LATENCY_BUCKETS, registers });
    this.ttft = new Histogram({ name: 'gatehouse_time_to_first_token_seconds', help: 'Streamed model calls: arrival to the first token.', labelNames: ['door', 'model', 'provider'], buckets: TTFT_BUCKETS, registers });
    this.inputTokens = new Counter({ name: 'gatehouse_input_tokens_total', help: 'Input tokens used, by team id and served model.', labelNames: ['team', 'model'], registers });
    this.outputTokens = new Counter({ name: 'gatehouse_output_tokens_total', help: 'Output tokens used, by team id and served model.', labelNames: ['team', 'model'], registers });
    this.cost = new Counter({ name: 'gatehouse_cost_micros_total', help: 'Cost at catalog prices in micro-dollars (BYOK calls included), by team id and served model.', labelNames: ['team', 'model'], registers });
    this.attempts = new Counter({ name: 'gatehouse_upstream_attempts_total', help: 'Upstream attempts by provider, credential type and outcome (success, aborted, rejected, timeout, connection_error, blocked_address, http_<status>).', labelNames: ['provider', 'credential', 'outcome'], registers });
    this.retries = new Counter({ name: 'gatehouse_retries_total', help: 'Attempts that retried the same model at the same provider after a failure.', labelNames: ['provider'], registers });
    this.fallbacks = new Counter({ name: 'gatehouse_fallbacks_total', help: 'Attempts that moved on to another model, provider or credential after a failure.', labelNames: ['provider'], registers });
    this.refusals = new Counter({ name: 'gatehouse_refusals_total', help: 'Model calls refused before any upstream spend: rate limits and concurrency caps (429), no credit or spend limit (402), usage log behind (503).', labelNames: ['door', 'reason'], registers });
    this.batchRows = new Histogram({ name: 'gatehouse_usage_meter_batch_rows', help: 'Rows per usage-log batch written.', buckets: [1, 5, 10, 25, 50, 100, 200, 500], registers });
    this.writeSeconds = new Histogram({ name: 'gatehouse_usage_meter_write_seconds', help: 'Time to write one usage-log batch (with its debits), successful or not.', buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5], registers });
    new Gauge({ name: 'gatehouse_usage_meter_backlog_rows', help: 'Usage rows waiting to be written.', registers, collect() { this.set(sources.meter.size); } });
    const meterCounter = (name: string, help: string, read: (counters: MeterCounters) => number) =>
      new Counter({ name, help, registers, collect() { this.reset(); this.inc(read(sources.meter.counters)); } });
    meterCounter('gatehouse_usage_meter_dead_lettered_total', 'Usage rows the database refused even in minimal form, kept in usage_dead_letters and not debited.', (counters) => counters.deadLettered);
    meterCounter('gatehouse_usage_meter_stored_minimal_total', 'Usage rows written without their free text after the database refused them.', (counters) => counters.storedMinimal);
    meterCounter('gatehouse_usage_meter_split_batches_total', 'Usage batches split in halves to isolate a refused row.', (counters) => counters.splitBatches);
    new Gauge({
      name: 'gatehouse_circuit_open',
      help: "1 while a provider's circuit breaker is open (tried after every healthy provider), else 0; providers seen since start.",
      labelNames: ['provider'],
      registers,
      collect() {
        this.reset();
        for (const view of sources.health.view()) this.set({ provider: view.provider }, view.circuitOpenUntil ? 1 : 0);
      },
    });
    new Gauge({
      name: 'gatehouse_provider_error_rate',
      help: "Share of failed attempts with system credentials over the circuit breaker's window, by provider.",
      labelNames: ['provider'],
      registers,
      collect() {
        this.reset();
        for (const view of sources.health.view()) this.set({ provider: view.provider }, view.errorRate);
      },
    });
  }

  /** A model call ended with this usage row (any outcome) after these attempts. */
  requestFinished(row: UsageRow, attempts: readonly AttemptTrace[]): void {
    const door = row.protocol;
    const model = this.models.label(row.servedModel);
    const provider = row.provider ?? 'none';
    const status = row.httpStatus ?? 0;
    const key = `${door}|${model}|${provider}|${row.credentialType ?? 'none'}|${status}`;
    let series = this.requestSeries.get(key);
    if (!series) {
      series = {
        requests: this.requests.labels(door, model, provider, row.credentialType ?? 'none', String(status)),
        latency: this.latency.labels(door, model, provider),
        ttft: this.ttft.labels(door, model, provider),
      };
      this.requestSeries.set(key, series);
    }
    series.requests.inc();
    if (row.latencyMs != null) series.latency.observe(row.latencyMs / 1000);
    if (row.ttftMs != null) series.ttft.observe(row.ttftMs / 1000);
    if (status === 402 || status === 429) this.refusals.inc({ door, reason: row.errorCode ?? String(status) });
    if (row.inputTokens || row.outputTokens || row.costMicros) this.spend(row, model);
    for (let index = 0; index < attempts.length; index++) this.attempt(attempts[index], attempts[index - 1]);
  }

  /** Refused before a usage row exists (concurrency cap, usage log behind, bad credentials). */
  refused(door: string, reason: string, status: number): void {
    if (status === 402 || status === 429 || status === 503) this.refusals.inc({ door, reason });
  }

  /** The meter wrote (or failed to write) a batch of `rows` in `seconds`. */
  batchWritten(rows: number, seconds: number): void {
    this.batchRows.observe(rows);
    this.writeSeconds.observe(seconds);
  }

  private spend(row: UsageRow, model: string) {
    const team = this.teams.label(row.teamId);
    const key = `${team}|${model}`;
    let series = this.spendSeries.get(key);
    if (!series) {
      series = { input: this.inputTokens.labels(team, model), output: this.outputTokens.labels(team, model), cost: this.cost.labels(team, model) };
      this.spendSeries.set(key, series);
    }
    if (row.inputTokens) series.input.inc(row.inputTokens);
    if (row.outputTokens) series.output.inc(row.outputTokens);
    if (row.costMicros) series.cost.inc(row.costMicros);
  }

  private attempt(attempt: AttemptTrace, previous: AttemptTrace | undefined) {
    const outcome = attempt.status === 'error' ? (attempt.errorCode ?? 'rejected') : attempt.status;
    this.attempts.inc({ provider: attempt.provider, credential: attempt.credential, outcome });
    if (!previous) return;
    const same = previous.provider === attempt.provider && previous.model === attempt.model && previous.credential === attempt.credential;
    (same ? this.retries : this.fallbacks).inc({ provider: attempt.provider });
  }
}
