import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { UsageRow } from '@/db/queries/usage-logs';
import { databaseStats } from '@/db/unavailable';
import type { MeterCounters } from '../billing/usage-meter';
import type { ProviderHealthView } from '../gateway/provider-health';
import type { AttemptTrace } from '../gateway/types';
import { CounterFamily, HistogramFamily, type Collectable, type CounterCell, type HistogramCell } from './families';
import { LabelCap } from './label-cap';

/** What the registry reads when it is scraped (never on the hot path). */
export type MetricSources = {
  meter: { readonly size: number; readonly counters: MeterCounters };
  health: { view(): ProviderHealthView[] };
};

const LATENCY_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];
const TTFT_BUCKETS = [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30];
/** How often the event-loop lag histogram samples (prom-client's default is 10 ms). */
const EVENT_LOOP_SAMPLE_MS = 100;

/** The request metrics' cells for one (door, model, provider, credential, status), looked up once. */
type RequestSeries = { requests: CounterCell; latency: HistogramCell; ttft: HistogramCell };
type SpendSeries = { input: CounterCell; output: CounterCell; cost: CounterCell };

/**
 * Prometheus metrics, one registry per runtime. Requests are observed once, from the finished
 * usage row (the same event the meter records), into plain-number cells found by a joined key
 * (families.ts), so a request costs a few map lookups and additions. Everything that describes
 * state (meter backlog, circuit breakers) is read at scrape time instead.
 */
export class GatewayMetrics {
  readonly registry = new Registry();
  private readonly models: LabelCap;
  private readonly teams: LabelCap;
  private readonly requestSeries = new Map<string, RequestSeries>();
  private readonly spendSeries = new Map<string, SpendSeries>();
  private readonly requests = new CounterFamily('gatehouse_requests_total', 'Model calls finished, by front door, served model, provider, credential type and HTTP status.', ['door', 'model', 'provider', 'credential', 'status']);
  private readonly latency = new HistogramFamily('gatehouse_request_duration_seconds', 'Model call duration, from arrival to the last byte (streams) or the answer.', ['door', 'model', 'provider'], LATENCY_BUCKETS);
  private readonly ttft = new HistogramFamily('gatehouse_time_to_first_token_seconds', 'Streamed model calls: arrival to the first token.', ['door', 'model', 'provider'], TTFT_BUCKETS);
  private readonly inputTokens = new CounterFamily('gatehouse_input_tokens_total', 'Input tokens used, by team id and served model.', ['team', 'model']);
  private readonly outputTokens = new CounterFamily('gatehouse_output_tokens_total', 'Output tokens used, by team id and served model.', ['team', 'model']);
  private readonly cost = new CounterFamily('gatehouse_cost_micros_total', 'Cost at catalog prices in micro-dollars (BYOK calls included), by team id and served model.', ['team', 'model']);
  private readonly attempts = new CounterFamily('gatehouse_upstream_attempts_total', 'Upstream attempts by provider, credential type and outcome (success, aborted, rejected, timeout, connection_error, blocked_address, http_<status>).', ['provider', 'credential', 'outcome']);
  private readonly retries = new CounterFamily('gatehouse_retries_total', 'Attempts that retried the same model at the same provider after a failure.', ['provider']);
  private readonly fallbacks = new CounterFamily('gatehouse_fallbacks_total', 'Attempts that moved on to another model, provider or credential after a failure.', ['provider']);
  private readonly refusals = new CounterFamily('gatehouse_refusals_total', 'Model calls refused before any upstream spend: rate limits and concurrency caps (429), no credit or spend limit (402), usage log behind (503).', ['door', 'reason']);
  private readonly batchRows: Histogram;
  private readonly writeSeconds: Histogram;

  constructor(sources: MetricSources, limits: { maxModels: number; maxTeams: number }) {
    this.models = new LabelCap(limits.maxModels);
    this.teams = new LabelCap(limits.maxTeams);
    const registers = [this.registry];
    // The event-loop lag histogram samples every 100 ms, not prom-client's default 10: its timer
    // woke an idle instance 100 times a second, 7 ms of CPU per second doing nothing (a stall
    // longer than 100 ms is always seen; a shorter one is sampled in proportion to its length).
    collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: EVENT_LOOP_SAMPLE_MS });
    const families: Collectable[] = [this.requests, this.latency, this.ttft, this.inputTokens, this.outputTokens, this.cost, this.attempts, this.retries, this.fallbacks, this.refusals];
    for (const family of families) this.registry.registerMetric(family as never);
    // Per batch, not per request: prom-client's own metrics are cheap enough here.
    this.batchRows = new Histogram({ name: 'gatehouse_usage_meter_batch_rows', help: 'Rows per usage-log batch written.', buckets: [1, 5, 10, 25, 50, 100, 200, 500], registers });
    this.writeSeconds = new Histogram({ name: 'gatehouse_usage_meter_write_seconds', help: 'Time to write one usage-log batch (with its debits), successful or not.', buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5], registers });
    new Gauge({ name: 'gatehouse_usage_meter_backlog_rows', help: 'Usage rows waiting to be written.', registers, collect() { this.set(sources.meter.size); } });
    const meterCounter = (name: string, help: string, read: (counters: MeterCounters) => number) =>
      new Counter({ name, help, registers, collect() { this.reset(); this.inc(read(sources.meter.counters)); } });
    meterCounter('gatehouse_usage_meter_dead_lettered_total', 'Usage rows the database refused even in minimal form, kept in usage_dead_letters and not debited.', (counters) => counters.deadLettered);
    meterCounter('gatehouse_usage_meter_stored_minimal_total', 'Usage rows written without their free text after the database refused them.', (counters) => counters.storedMinimal);
    meterCounter('gatehouse_usage_meter_split_batches_total', 'Usage batches split in halves to isolate a refused row.', (counters) => counters.splitBatches);
    new Gauge({ name: 'gatehouse_db_in_flight', help: 'Database statements and transactions in flight, waiting for a pooled connection included (PostgreSQL pool: 10 connections per instance; PGlite: one session).', registers, collect() { this.set(databaseStats.inFlight); } });
    new Counter({ name: 'gatehouse_db_statements_total', help: 'Database statements and transactions started.', registers, collect() { this.reset(); this.inc(databaseStats.started); } });
    new Counter({ name: 'gatehouse_db_deadline_exceeded_total', help: 'Statements and transactions given up on at GATEHOUSE_DB_STATEMENT_TIMEOUT_MS / GATEHOUSE_DB_TRANSACTION_TIMEOUT_MS (the caller got database_unavailable).', registers, collect() { this.reset(); this.inc(databaseStats.deadlinesMissed); } });
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
    const credential = row.credentialType ?? 'none';
    const status = row.httpStatus ?? 0;
    const key = `${door}|${model}|${provider}|${credential}|${status}`;
    let series = this.requestSeries.get(key);
    if (!series) {
      const short = `${door}|${model}|${provider}`;
      series = {
        requests: this.requests.cell(key, [door, model, provider, credential, String(status)]),
        latency: this.latency.cell(short, [door, model, provider]),
        ttft: this.ttft.cell(short, [door, model, provider]),
      };
      this.requestSeries.set(key, series);
    }
    series.requests.value += 1;
    if (row.latencyMs != null) this.latency.observe(series.latency, row.latencyMs / 1000);
    if (row.ttftMs != null) this.ttft.observe(series.ttft, row.ttftMs / 1000);
    if (status === 402 || status === 429) this.refuse(door, row.errorCode ?? String(status));
    if (row.inputTokens || row.outputTokens || row.costMicros) this.spend(row, model);
    for (let index = 0; index < attempts.length; index++) this.attempt(attempts[index], attempts[index - 1]);
  }

  /** Refused before a usage row exists (concurrency cap, usage log behind, bad credentials). */
  refused(door: string, reason: string, status: number): void {
    if (status === 402 || status === 429 || status === 503) this.refuse(door, reason);
  }

  /** The meter wrote (or failed to write) a batch of `rows` in `seconds`. */
  batchWritten(rows: number, seconds: number): void {
    this.batchRows.observe(rows);
    this.writeSeconds.observe(seconds);
  }

  private refuse(door: string, reason: string) {
    this.refusals.cell(`${door}|${reason}`, [door, reason]).value += 1;
  }

  private spend(row: UsageRow, model: string) {
    const team = this.teams.label(row.teamId);
    const key = `${team}|${model}`;
    let series = this.spendSeries.get(key);
    if (!series) {
      series = { input: this.inputTokens.cell(key, [team, model]), output: this.outputTokens.cell(key, [team, model]), cost: this.cost.cell(key, [team, model]) };
      this.spendSeries.set(key, series);
    }
    series.input.value += row.inputTokens ?? 0;
    series.output.value += row.outputTokens ?? 0;
    series.cost.value += row.costMicros ?? 0;
  }

  private attempt(attempt: AttemptTrace, previous: AttemptTrace | undefined) {
    const outcome = attempt.status === 'error' ? (attempt.errorCode ?? 'rejected') : attempt.status;
    this.attempts.cell(`${attempt.provider}|${attempt.credential}|${outcome}`, [attempt.provider, attempt.credential, outcome]).value += 1;
    if (!previous) return;
    const same = previous.provider === attempt.provider && previous.model === attempt.model && previous.credential === attempt.credential;
    (same ? this.retries : this.fallbacks).cell(attempt.provider, [attempt.provider]).value += 1;
  }
}
