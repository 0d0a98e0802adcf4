'use client';

import { useState } from 'react';

export function CopyButton({ value, label = 'Copy', small }: { value: string; label?: string; small?: boolean }) {
  const [copied, setCopied] = useState(false);
  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
    } catch {
      // Clipboard access can be refused (http, permissions); fall back to a selection copy.
      const area = document.createElement('textarea');
      area.value = value;
      document.body.append(area);
      area.select();
      document.execCommand('copy');
      area.remove();
    }
    setCopied(true);
    setTimeout(() => setCopied(false), 1_500);
  }
  return (
    <button type="button" className={`button${small ? ' button-small' : ''}`} onClick={copy} aria-live="polite">
      {copied ? 'Copied' : label}
    </button>
  );
}
