'use client';

import { useId, useState, type KeyboardEvent } from 'react';
import { CopyButton } from '@/components/ui/copy-button';

/** Code samples in tabs (arrow keys move between tabs, as the ARIA tabs pattern expects). */
export function CodeTabs({ samples }: { samples: Array<{ id: string; label: string; code: string }> }) {
  const [active, setActive] = useState(samples[0]?.id);
  const base = useId();
  const current = samples.find((sample) => sample.id === active) ?? samples[0];
  function onKeyDown(event: KeyboardEvent<HTMLButtonElement>) {
    if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
    const index = samples.findIndex((sample) => sample.id === active);
    const next = samples[(index + (event.key === 'ArrowRight' ? 1 : samples.length - 1)) % samples.length];
    setActive(next.id);
    document.getElementById(`${base}-tab-${next.id}`)?.focus();
  }
  return (
    <div>
      <div className="tabs" role="tablist" aria-label="Code samples">
        {samples.map((sample) => (
          <button
            key={sample.id}
            id={`${base}-tab-${sample.id}`}
            type="button"
            role="tab"
            className="tab"
            aria-selected={sample.id === current.id}
            aria-controls={`${base}-panel`}
            tabIndex={sample.id === current.id ? 0 : -1}
            onClick={() => setActive(sample.id)}
            onKeyDown={onKeyDown}
          >
            {sample.label}
          </button>
        ))}
      </div>
      <div className="snippet" role="tabpanel" id={`${base}-panel`} aria-labelledby={`${base}-tab-${current.id}`}>
        <pre tabIndex={0}>
          <code>{current.code}</code>
        </pre>
        <CopyButton value={current.code} small />
      </div>
    </div>
  );
}
