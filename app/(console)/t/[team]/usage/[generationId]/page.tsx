import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import type { ReactNode } from 'react';
import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { CopyButton } from '@/components/ui/copy-button';
import { PageHeader } from '@/components/ui/page-header';
import { AttemptsTimeline } from '@/components/usage/attempts-timeline';
import { GenerationBodyView } from '@/components/usage/generation-body';
import { GenerationPending } from '@/components/usage/generation-pending';
import { ByokBadge, StatusBadge } from '@/components/usage/usage-badges';
import { formatDuration, formatFullTimestamp, formatInteger } from '@/components/usage/usage-format';
import { requireConsoleTeam } from '@/lib/auth/console-session';
import { formatDollars, playgroundLabel } from '@/lib/console/format';
import { GatewayError } from '@/lib/gateway/errors';
import { decodePathSegment } from '@/lib/http/decode-path';
import { getRuntime } from '@/lib/runtime';
import { getGeneration, type GenerationDetail } from '@/lib/services/usage/get-generation';
import { getGenerationBody, type GenerationBody } from '@/lib/services/usage/get-generation-body';
import { mayStillBeRecorded } from '@/lib/usage/pending-generation';
import '@/components/usage/usage.css';

export const metadata: Metadata = { title: 'Generation · Gatehouse' };

/** Label and value pairs; a label starting with "·" is a part of the row above it. */
function Fields({ items }: { items: Array<[string, ReactNode]> }) {
  return (
    <dl className="detail-grid">
      {items.map(([label, value]) => (
        <div key={label} style={{ display: 'contents' }}>
          <dt className={label.startsWith('·') ? 'detail-part' : undefined}>{label.replace(/^·\s*/, '')}</dt>
          <dd>{value ?? <span className="muted">—</span>}</dd>
        </div>
      ))}
    </dl>
  );
}

const dash = <span className="muted">—</span>;

/** The stored body, 'forbidden' for a reader who may see usage but not content, or null when none is stored. */
async function readBody(ctx: Parameters<typeof getGenerationBody>[0]['ctx'], teamId: string, generationId: string): Promise<NonNullable<GenerationBody['body']> | 'forbidden' | null> {
  try {
    return (await getGenerationBody({ ctx, input: { team: teamId, generationId } })).body;
  } catch (error) {
    if (error instanceof GatewayError && error.code === 'forbidden') return 'forbidden';
    throw error;
  }
}

function costNote(row: GenerationDetail) {
  if (row.credentialType === 'byok') return 'Served on the team’s own provider key: the provider bills that account, so nothing was taken from credits.';
  if (row.status !== 'success' && row.costMicros === 0) return 'Nothing was charged: no upstream produced tokens.';
  return 'Charged from credits at the prices in effect when the call was made.';
}

/** One generation: every stored field, its attempts, timings and cost. A server component: nothing here is interactive. */
export default async function GenerationPage({ params }: { params: Promise<{ team: string; generationId: string }> }) {
  const { team: slug, generationId } = await params;
  const { team, ctx } = await requireConsoleTeam(slug, 'viewer');
  const id = decodePathSegment(generationId);
  let row: GenerationDetail;
  try {
    // A call this instance is still settling (a stream just stopped) may sit in the write buffer.
    const { meter, bodies } = (await getRuntime()).gateway;
    if (meter.recording(id, team.id)) await meter.flush().catch(() => undefined);
    // Its body may be waiting in the body writer's batch (up to a second).
    if (bodies && mayStillBeRecorded(id)) await bodies.flush().catch(() => undefined);
    row = await getGeneration({ ctx, input: { team: team.id, generationId: id } });
  } catch (error) {
    // A recent id may belong to a call that has not ended yet (or just did): not "not found" yet.
    if (error instanceof GatewayError && error.code === 'not_found' && mayStillBeRecorded(id)) {
      return (
        <>
          <p style={{ margin: '0 0 12px', fontSize: '0.875rem' }}>
            <Link href={`/t/${team.slug}/usage`}>← Usage</Link>
          </p>
          <PageHeader title="Generation" />
          <GenerationPending id={id} usageHref={`/t/${team.slug}/usage`} />
        </>
      );
    }
    if (error instanceof GatewayError && (error.code === 'not_found' || error.code === 'invalid_request')) notFound();
    throw error;
  }
  const content = await readBody(ctx, team.id, row.generationId);
  const uncachedInput = Math.max(row.inputTokens - row.cachedInputTokens - row.cacheWriteTokens, 0);
  const failedAttemptsMs = row.attempts.filter((attempt) => attempt.status !== 'success').reduce((sum, attempt) => sum + attempt.durationMs, 0);
  return (
    <>
      <p style={{ margin: '0 0 12px', fontSize: '0.875rem' }}>
        <Link href={`/t/${team.slug}/usage`}>← Usage</Link>
      </p>
      <PageHeader
        title="Generation"
        description={
          <span className="row">
            <code>{row.generationId}</code>
            <CopyButton value={row.generationId} small label="Copy id" />
          </span>
        }
        actions={
          <>
            <StatusBadge status={row.status} httpStatus={row.httpStatus} />
            {row.credentialType === 'byok' ? <ByokBadge /> : null}
            {row.streamed ? <Badge>streamed</Badge> : null}
            {row.usageEstimated ? <Badge tone="warning">usage estimated</Badge> : null}
          </>
        }
      />
      <div className="stack generation-detail">
        {row.errorCode || row.errorMessage ? (
          <div className="alert alert-error" role="status">
            {row.errorCode ? <code>{row.errorCode}</code> : null} {row.errorMessage}
          </div>
        ) : null}
        <div className="detail-columns">
          <Card title="Request">
            <Fields
              items={[
                ['Time', formatFullTimestamp(row.createdAt)],
                ['Requested model', <code key="requested">{row.requestedModel}</code>],
                ['Served model', row.servedModel ? <code>{row.servedModel}</code> : dash],
                ['Provider', row.provider ?? dash],
                ['Credential', row.credentialType === 'byok' ? 'Team’s own provider key (BYOK)' : row.credentialType === 'system' ? 'Gatehouse system key' : dash],
                ['Protocol', <code key="protocol">{row.protocol}</code>],
                ['Streamed', row.streamed ? 'yes' : 'no'],
                ['Finish reason', row.finishReason ?? dash],
                ['HTTP status', String(row.httpStatus)],
              ]}
            />
          </Card>
          <Card title="Caller">
            <Fields
              items={[
                [
                  'API key',
                  row.apiKeyId ? (
                    <>
                      {row.keyName ?? row.apiKeyId} {row.keyPrefix ? <span className="mono muted">{row.keyPrefix}…</span> : null}{' '}
                      {row.keyRevokedAt ? <Badge tone="danger">revoked</Badge> : null}
                    </>
                  ) : row.playgroundUser ? (
                    playgroundLabel(row.playgroundUser)
                  ) : (
                    <span className="muted">No key (OIDC)</span>
                  ),
                ],
                ['Subject', row.playgroundUser ? <span className="muted">{row.subject}</span> : (row.subject ?? dash)],
                ['End user', row.endUser ?? dash],
                ['Tags', row.tags.length ? <span className="row">{row.tags.map((tag) => <Badge key={tag}>{tag}</Badge>)}</span> : dash],
                ['Quota entity', row.quotaEntityId ?? dash],
                ['App', row.appTitle || row.appReferer ? [row.appTitle, row.appReferer].filter(Boolean).join(' · ') : dash],
                ['Deployment', row.o11y ? Object.entries(row.o11y).map(([name, value]) => `${name}: ${value}`).join(', ') : dash],
              ]}
            />
          </Card>
          <Card title="Timings">
            <Fields
              items={[
                ['Time to first token', formatDuration(row.ttftMs)],
                ['Total latency', formatDuration(row.latencyMs)],
                ['After first token', row.ttftMs !== null ? formatDuration(Math.max(row.latencyMs - row.ttftMs, 0)) : dash],
                ['Attempts', String(row.attempts.length)],
                ['Spent on failed attempts', failedAttemptsMs ? formatDuration(failedAttemptsMs) : dash],
              ]}
            />
          </Card>
          <Card title="Cost">
            <Fields
              items={[
                ['Input tokens', `${formatInteger(row.inputTokens)}${row.usageEstimated ? ' (estimated)' : ''}`],
                ['· uncached', formatInteger(uncachedInput)],
                ['· cache read', formatInteger(row.cachedInputTokens)],
                ['· cache write', formatInteger(row.cacheWriteTokens)],
                ['Output tokens', formatInteger(row.outputTokens)],
                ['· reasoning', formatInteger(row.reasoningTokens)],
                ['Cost (list price)', <strong key="cost">{formatDollars(row.costMicros)}</strong>],
                ['Billed to credits', formatDollars(row.billedMicros)],
              ]}
            />
            <p className="muted" style={{ margin: '12px 0 0', fontSize: '0.8rem' }}>
              {costNote(row)}
            </p>
          </Card>
        </div>
        <Card title="Attempts" description="Each upstream tried, in order. Fallback happens only before the first byte reaches the client.">
          <AttemptsTimeline attempts={row.attempts} latencyMs={row.latencyMs} />
        </Card>
        <Card title="Request and response">
          {content && content !== 'forbidden' ? (
            <GenerationBodyView body={content} />
          ) : (
            <p className="muted" style={{ margin: 0 }}>
              {content === 'forbidden'
                ? 'Only team admins and the person whose key made this call can read its content.'
                : row.zeroDataRetention
                  ? 'This team has zero-data retention: prompts and completions are never stored.'
                  : 'No content is stored for this call: the team does not store bodies (Settings), the call asked for zero data retention, or its retention period has passed.'}
            </p>
          )}
        </Card>
      </div>
    </>
  );
}
