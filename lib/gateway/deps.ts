import type { Db } from '@/db/client';
import type { Env } from '../env';
import type { KeyRecord } from '../auth/api-key-auth';
import type { OidcAuthenticator } from '../auth/oidc-auth';
import type { PlaygroundTokens } from '../auth/playground-token';
import type { CreditHolds } from '../billing/credit-holds';
import type { UsageMeter } from '../billing/usage-meter';
import type { TtlCache } from '../cache/ttl-cache';
import type { CatalogModel } from '../catalog/types';
import type { Logger } from '../logger';
import type { ProviderDefinition } from '../providers/registry';
import type { ByokCredential, ProviderFacts } from './plan';
import type { ProviderHealth } from './provider-health';
import type { AffinityMemory } from './session-affinity';
import type { Plan } from '@/db/queries/plans';
import type { Budget } from '@/db/queries/budgets';
import type { entityQuotas } from '@/db/schema';
import type { RateLimiter } from '../limits/rate-limiter';
import type { Readiness } from '../health/readiness';
import type { ConcurrencyLimiter } from '../limits/concurrency';
import type { TeamNetwork } from '../net/team-network';
import type { Telemetry } from '../observability/telemetry';
import type { BodyStore } from '../privacy/body-store';

type EntityQuota = typeof entityQuotas.$inferSelect;

/** What the pipeline needs from the process around it; tests build their own. */
export type GatewayDeps = {
  env: Env;
  db: Db;
  logger: Logger;
  meter: UsageMeter;
  keyCache: TtlCache<KeyRecord | null>;
  /** Keyless callers: JWTs from OIDC issuers that teams trust. */
  oidc: OidcAuthenticator;
  catalog: {
    lookup(id: string): Promise<CatalogModel | undefined>;
    list(): Promise<CatalogModel[]>;
  };
  /** Spendable balance now: stored balance less debits not yet written. */
  availableBalance(teamId: string): Promise<number>;
  /** Gives the team its plan's included credits for this month if it has not had them; free once done (remembered in memory). */
  grantMonthlyCredits(teamId: string): Promise<void>;
  byokCredentials(teamId: string): Promise<ByokCredential[]>;
  systemConnection(provider: ProviderDefinition): { baseURL: string; apiKey: string | undefined; configured: boolean };
  providerFacts(slug: string): ProviderFacts | undefined;
  health: ProviderHealth;
  plan(id: string): Promise<Plan | undefined>;
  rateLimiter: RateLimiter;
  /** Spend and requests since a moment (period limits), briefly cached. */
  usageSince(filter: { teamId: string; apiKeyId?: string; quotaEntityId?: string; since: Date }): Promise<{ costMicros: number; requests: number }>;
  entityQuota(teamId: string, entityId: string): Promise<EntityQuota | undefined>;
  /** The team's budgets, briefly cached (dropped when the team changes). */
  budgets(teamId: string): Promise<Budget[]>;
  /** A budget's written spend since `since`, briefly cached (dropped when the meter writes a batch). */
  budgetSpent(budget: Budget, since: Date | null): Promise<number>;
  /** Money held for requests in flight: credit near zero, key spend limits, quota-entity quotas. */
  holds: CreditHolds;
  /** `GET /readyz`: whether this instance should receive traffic. */
  readiness?: Readiness;
  /** In-flight model calls per team and per key on this instance. */
  concurrency: ConcurrencyLimiter;
  /** Which provider and credential served each recent conversation; undefined when affinity is off. */
  affinity?: AffinityMemory;
  /** The guarded dialer for base URLs a team or a request chose. */
  teamNetwork: TeamNetwork;
  /** Verifies the console playground's short-lived `gthpg_` tokens; without it they are refused. */
  playgroundTokens?: PlaygroundTokens;
  /** Prometheus metrics and OpenTelemetry traces; undefined when both are off. */
  telemetry?: Telemetry;
  /** Request and response bodies of teams that opted in; undefined when the instance turned them off. */
  bodies?: BodyStore;
};
