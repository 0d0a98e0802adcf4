'use client';

import { useCallback, useSyncExternalStore } from 'react';
import { isTimeZone } from '@/lib/services/usage/usage-params';

const STORAGE_KEY = 'gatehouse.usage.timeZone';
/** The choice when storage is refused (private mode, disabled). */
let memory: string | null = null;

function browserZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

const listeners = new Set<() => void>();

function subscribe(listener: () => void) {
  listeners.add(listener);
  window.addEventListener('storage', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', listener);
  };
}

function storedZone(): string {
  let stored: string | null = null;
  try {
    stored = window.localStorage.getItem(STORAGE_KEY);
  } catch {
    // Storage can be disabled; the browser's zone still applies.
  }
  return stored && isTimeZone(stored) ? stored : browserZone();
}

/**
 * The time zone the charts bucket in: the viewer's last choice (kept in this browser), else
 * the browser's own zone. UTC on the server and while hydrating, so the server render matches;
 * the stored or browser zone follows right after.
 */
export function useTimeZone(): [string, (zone: string) => void] {
  const zone = useSyncExternalStore(subscribe, storedZone, () => 'UTC');
  const choose = useCallback((next: string) => {
    if (!isTimeZone(next)) return;
    try {
      window.localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Not remembered beyond this page.
      memory = next;
    }
    for (const listener of listeners) listener();
  }, []);
  return [memory ?? zone, choose];
}

/** Every IANA zone the browser knows, UTC first; at least UTC and `current`. */
export function timeZoneChoices(current: string): string[] {
  let zones: string[] = [];
  try {
    zones = (Intl as unknown as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf?.('timeZone') ?? [];
  } catch {
    zones = [];
  }
  return ['UTC', ...new Set([current, ...zones].filter((zone) => zone !== 'UTC'))];
}
