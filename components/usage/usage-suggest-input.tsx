'use client';

import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useState, type KeyboardEvent } from 'react';
import type { UsageSuggestions } from '@/lib/services/usage/suggest-usage-values';
import { fetchUsage, usageKeys, usageUrl } from './usage-api';
import { formatInteger } from './usage-format';

export type SuggestField = 'model' | 'provider' | 'user' | 'tag';

/** The text after a short pause in typing: one suggestion request per pause, not per key. */
function useDebounced(value: string, delayMs: number) {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return debounced;
}

/**
 * A filter text field with a list of the known values that contain what is typed (most used
 * first, from the rollups). Choosing one applies it as an exact filter at once; typed text is
 * applied by the form (as a contains match). An ARIA combobox: arrows move, Enter chooses, Escape closes.
 */
export function SuggestInput({
  team,
  rangeSearch,
  field,
  name,
  label,
  placeholder,
  defaultValue,
  onPick,
}: {
  team: string;
  rangeSearch: string;
  field: SuggestField;
  name: string;
  label: string;
  placeholder: string;
  defaultValue: string;
  onPick?: (value: string) => void;
}) {
  const id = useId();
  const [text, setText] = useState(defaultValue);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  // A pattern is not something to look up: suggest for the text around the stars.
  const query = useDebounced(text.replaceAll('*', '').trim(), 150);
  const suggestions = useQuery({
    queryKey: usageKeys.suggest(team, rangeSearch, field, query),
    queryFn: ({ signal }) => fetchUsage<UsageSuggestions>(usageUrl(team, '/suggest', rangeSearch, { field, q: query, limit: '12' }), signal),
    enabled: open && Boolean(onPick),
    staleTime: 60_000,
  });
  const items = open ? (suggestions.data?.data ?? []) : [];

  function pick(value: string) {
    setText(value);
    setOpen(false);
    setActive(-1);
    onPick?.(value);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      setOpen(true);
      if (items.length) setActive((current) => (current + (event.key === 'ArrowDown' ? 1 : items.length - 1) + (current < 0 && event.key === 'ArrowUp' ? 1 : 0)) % items.length);
    } else if (event.key === 'Enter' && open && active >= 0 && items[active]) {
      event.preventDefault();
      pick(items[active].value);
    } else if (event.key === 'Escape') {
      setOpen(false);
    }
  }

  const listId = `${id}-list`;
  return (
    <div className="field suggest-field">
      <label htmlFor={`usage-${name}`}>{label}</label>
      <input
        id={`usage-${name}`}
        className="input"
        name={name}
        role="combobox"
        aria-expanded={items.length > 0}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={active >= 0 && items[active] ? `${id}-${active}` : undefined}
        placeholder={placeholder}
        value={text}
        maxLength={200}
        onChange={(event) => {
          setText(event.target.value);
          setOpen(true);
          setActive(-1);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={onKeyDown}
        autoComplete="off"
        spellCheck={false}
      />
      {items.length > 0 ? (
        <ul className="suggest-list" role="listbox" id={listId} aria-label={`${label} suggestions`}>
          {items.map((item, index) => (
            <li
              key={item.value}
              id={`${id}-${index}`}
              role="option"
              aria-selected={index === active}
              // mousedown, not click: the input's blur would close the list before a click lands.
              onMouseDown={(event) => {
                event.preventDefault();
                pick(item.value);
              }}
            >
              <span className="suggest-value">{item.value}</span>
              <span className="muted">{formatInteger(item.requests)}</span>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
