import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { CapabilityBadges } from '@/components/models/capability-badges';
import { formatTokenCount, kindLabels, unitPriceLabel } from '@/components/models/model-format';
import { ProviderComparison } from '@/components/models/provider-comparison';
import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { CopyButton } from '@/components/ui/copy-button';
import { PageHeader } from '@/components/ui/page-header';
import { requireConsoleTeam } from '@/lib/auth/console-session';
import { getRuntime } from '@/lib/runtime';
import { roleAtLeast } from '@/lib/services/context';
import { getTeamModel, OBSERVED_DAYS } from '@/lib/services/models/get-team-model';
import '@/components/models/models.css';

type Params = Promise<{ team: string; id: string[] }>;

/** Ids contain a slash, so they span segments; decoded defensively (a stray `%` is kept). */
function modelId(segments: string[]): string {
  return segments
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        return segment;
      }
    })
    .join('/');
}

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  return { title: `${modelId((await params).id)} · Models · Gatehouse` };
}

/** One model: its facts, and every provider that serves it side by side. */
export default async function ModelPage({ params }: { params: Params }) {
  const { team: slug, id } = await params;
  const { team, role, ctx } = await requireConsoleTeam(slug, 'viewer');
  const runtime = await getRuntime();
  const found = await getTeamModel({ ctx, deps: runtime.gateway, input: { team: team.id, model: modelId(id) } });
  if (!found) notFound();
  const { model, observed } = found;
  const canPlay = roleAtLeast(role, 'member') && model.usable && model.kind === 'language';
  const unitPrice = model.offerings.map((offering) => unitPriceLabel(offering.unitPrice, offering.priceUnit)).find(Boolean);
  const facts = [
    { label: 'Type', value: kindLabels[model.kind] ?? model.kind },
    ...(unitPrice ? [{ label: 'Price', value: unitPrice }] : []),
    { label: 'Context window', value: `${formatTokenCount(model.contextWindow)} tokens` },
    { label: 'Max output', value: `${formatTokenCount(model.maxOutputTokens)} tokens` },
    { label: 'Input', value: model.inputModalities.join(', ') || '—' },
    { label: 'Released', value: model.releasedAt ?? '—' },
  ];
  return (
    <>
      <p style={{ margin: '0 0 8px' }}>
        <Link href={`/t/${team.slug}/models`}>← All models</Link>
      </p>
      <PageHeader
        title={model.name}
        description={
          <span className="row">
            <code className="mono">{model.id}</code>
            <CopyButton value={model.id} label="Copy id" small />
            <span className="muted">by {model.creator}</span>
            {model.kind === 'language' ? null : <Badge tone="accent">{kindLabels[model.kind]?.toLowerCase() ?? model.kind}</Badge>}
            {model.usable ? <Badge tone="success">usable now</Badge> : <Badge tone="warning">not usable by this team</Badge>}
          </span>
        }
        actions={
          canPlay ? (
            <Link className="button button-primary" href={`/t/${team.slug}/playground?model=${encodeURIComponent(model.id)}`}>
              Try in playground
            </Link>
          ) : null
        }
      />
      <div className="model-facts">
        {facts.map((fact) => (
          <div className="card" key={fact.label}>
            <div className="card-body">
              <p className="stat-label">{fact.label}</p>
              <p style={{ margin: 0, fontWeight: 600 }}>{fact.value}</p>
            </div>
          </div>
        ))}
      </div>
      <div className="stack">
        <Card title="Capabilities">
          <CapabilityBadges capabilities={model.capabilities} />
        </Card>
        <ProviderComparison
          team={team.slug}
          offerings={model.offerings}
          observed={observed}
          description={`Prices in dollars per million tokens. TTFT and speed are medians and totals over this team's successful calls in the last ${OBSERVED_DAYS} days.`}
        />
      </div>
    </>
  );
}
