'use client';

import { useRouter } from 'next/navigation';
import { useMemo, useState, type FormEvent } from 'react';
import { fetchUsage, UsageRequestError, usageUrl } from './usage-api';
import { timeZoneChoices } from './use-time-zone';

/** The charts' time zone and a box that opens a generation by its id. */
export function UsageToolbar({ team, timeZone, onTimeZone }: { team: string; timeZone: string; onTimeZone: (zone: string) => void }) {
  const router = useRouter();
  const zones = useMemo(() => timeZoneChoices(timeZone), [timeZone]);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function lookUp(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const id = String(new FormData(event.currentTarget).get('generation') ?? '').trim();
    if (!id) return;
    if (!/^[A-Za-z0-9_-]{1,100}$/.test(id)) {
      setMessage('That is not a generation id (they look like gen_01J…).');
      return;
    }
    setBusy(true);
    setMessage(null);
    try {
      const found = await fetchUsage<{ generationId: string }>(usageUrl(team, '/lookup', '', { id }));
      router.push(`/t/${encodeURIComponent(team)}/usage/${encodeURIComponent(found.generationId)}`);
    } catch (error) {
      setMessage(error instanceof UsageRequestError && error.status === 404 ? `No generation ${id} in this team.` : (error as Error).message);
      setBusy(false);
    }
  }

  return (
    <div className="card usage-toolbar">
      <div className="field usage-zone">
        <label htmlFor="usage-time-zone">Charts in time zone</label>
        <select id="usage-time-zone" className="select" value={timeZone} onChange={(event) => onTimeZone(event.target.value)}>
          {zones.map((zone) => (
            <option key={zone} value={zone}>
              {zone.replaceAll('_', ' ')}
            </option>
          ))}
        </select>
      </div>
      <form className="usage-lookup" onSubmit={lookUp} role="search" aria-label="Find a generation">
        <div className="field">
          <label htmlFor="usage-lookup">Generation id</label>
          <input id="usage-lookup" name="generation" className="input mono" placeholder="gen_…" maxLength={100} autoComplete="off" spellCheck={false} />
        </div>
        <button type="submit" className="button button-small" disabled={busy}>
          Open
        </button>
        {message ? (
          <p className="usage-lookup-message" role="alert">
            {message}
          </p>
        ) : null}
      </form>
    </div>
  );
}
