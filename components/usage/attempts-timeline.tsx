import type { AttemptRecord } from '@/db/schema/usage-logs';
import { Badge } from '@/components/ui/badge';
import { StatusBadge } from './usage-badges';
import { formatDuration } from './usage-format';

/**
 * Each upstream attempt of a generation, in order, as a bar on one time axis. Attempts are
 * laid end to end: the log keeps durations, not start times, so retry backoff does not show.
 */
export function AttemptsTimeline({ attempts, latencyMs }: { attempts: AttemptRecord[]; latencyMs: number }) {
  if (attempts.length === 0) {
    return <p className="muted" style={{ margin: 0 }}>No upstream was tried: the request was refused before routing (see the error above).</p>;
  }
  const span = Math.max(latencyMs, attempts.reduce((sum, attempt) => sum + attempt.durationMs, 0), 1);
  const starts = attempts.map((_, index) => attempts.slice(0, index).reduce((sum, attempt) => sum + attempt.durationMs, 0));
  return (
    <ol className="timeline">
      {attempts.map((attempt, index) => {
        const left = (starts[index] / span) * 100;
        return (
          <li key={index}>
            <div className="timeline-head">
              <strong>#{index + 1}</strong>
              <span className="mono">{attempt.model}</span>
              <span className="muted">via</span>
              <strong>{attempt.provider}</strong>
              <Badge tone={attempt.credential === 'byok' ? 'accent' : 'muted'}>{attempt.credential === 'byok' ? 'BYOK' : 'system key'}</Badge>
              <StatusBadge status={attempt.status} httpStatus={attempt.httpStatus} />
              <span className="muted" style={{ marginLeft: 'auto' }}>
                {formatDuration(attempt.durationMs)}
              </span>
            </div>
            <div className="timeline-track" role="img" aria-label={`${formatDuration(attempt.durationMs)} of ${formatDuration(span)}`}>
              <i data-status={attempt.status} style={{ left: `${left}%`, width: `${Math.max((attempt.durationMs / span) * 100, 0.5)}%` }} />
            </div>
            {attempt.error || attempt.errorCode ? (
              <p className="timeline-error">
                {attempt.errorCode ? <code>{attempt.errorCode}</code> : null} {attempt.error}
              </p>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}
