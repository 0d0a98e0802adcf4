import Link from 'next/link';
import { Badge } from '@/components/ui/badge';
import { formatDollars } from '@/lib/console/format';
import type { Answer } from './conversation';
import { ErrorNotice } from './error-notice';

const formatMs = (ms: number | null) => (ms === null ? '—' : ms < 1_000 ? `${ms} ms` : `${(ms / 1_000).toFixed(2)} s`);

function CostValue({ answer }: { answer: Answer }) {
  if (answer.cost.state === 'pending') return <span className="muted">…</span>;
  if (answer.cost.state === 'unavailable') return <span className="muted">—</span>;
  return (
    <span data-testid="answer-cost">
      {formatDollars(answer.cost.micros)}
      {answer.cost.estimated ? <span className="muted"> (estimated)</span> : null}
    </span>
  );
}

/** Tokens, cost, timings and provider of one answer, with a link to its usage record. */
function AnswerMeta({ team, answer, providerNames }: { team: string; answer: Answer; providerNames: Record<string, string> }) {
  const provider = answer.provider ? (providerNames[answer.provider] ?? answer.provider) : null;
  return (
    <dl className="answer-meta" aria-label="Answer details">
      <div>
        <dt>Tokens</dt>
        <dd data-testid="answer-tokens">{answer.usage ? `${answer.usage.inputTokens} in · ${answer.usage.outputTokens} out` : '—'}</dd>
      </div>
      <div>
        <dt>Cost</dt>
        <dd>
          <CostValue answer={answer} />
        </dd>
      </div>
      <div>
        <dt>TTFT</dt>
        <dd data-testid="answer-ttft">{formatMs(answer.ttftMs)}</dd>
      </div>
      <div>
        <dt>Total</dt>
        <dd>{formatMs(answer.totalMs)}</dd>
      </div>
      {provider ? (
        <div>
          <dt>Provider</dt>
          <dd data-testid="answer-provider">{provider}</dd>
        </div>
      ) : null}
      {answer.generationId ? (
        <div>
          <dt className="visually-hidden">Usage log</dt>
          <dd>
            <Link href={`/t/${team}/usage/${answer.generationId}`} data-testid="answer-log-link">
              View in usage log →
            </Link>
          </dd>
        </div>
      ) : null}
    </dl>
  );
}

export function AnswerCard({ team, answer, providerNames, label }: { team: string; answer: Answer; providerNames: Record<string, string>; label: string }) {
  const busy = answer.status === 'waiting' || answer.status === 'streaming';
  return (
    <article className="answer" aria-label={label} aria-busy={busy} data-status={answer.status}>
      <header className="answer-header">
        <span className="mono">{answer.servedModel ?? answer.model}</span>
        {answer.status === 'waiting' ? <Badge tone="muted">waiting</Badge> : null}
        {answer.status === 'streaming' ? <Badge tone="accent">streaming</Badge> : null}
        {answer.status === 'stopped' ? <Badge tone="warning">stopped</Badge> : null}
        {answer.status === 'error' ? <Badge tone="danger">failed</Badge> : null}
      </header>
      {answer.reasoning ? (
        <details className="answer-reasoning">
          <summary>Reasoning</summary>
          <p>{answer.reasoning}</p>
        </details>
      ) : null}
      {answer.text ? (
        <div className="answer-text" data-testid="answer-text">
          {answer.text}
        </div>
      ) : busy ? (
        <div className="answer-text muted">
          <span className="typing" aria-hidden="true" />
          <span className="visually-hidden">Waiting for the answer…</span>
        </div>
      ) : null}
      {answer.error ? <ErrorNotice failure={answer.error} team={team} /> : null}
      {busy && !answer.generationId ? null : <AnswerMeta team={team} answer={answer} providerNames={providerNames} />}
    </article>
  );
}
