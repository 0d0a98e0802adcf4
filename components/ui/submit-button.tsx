'use client';

import type { ReactNode } from 'react';

/** A submit button that shows it is working while its form's action runs. */
export function SubmitButton({ children, pending, pendingText, variant = 'primary', small, disabled }: { children: ReactNode; pending: boolean; pendingText?: string; variant?: 'primary' | 'danger' | 'default'; small?: boolean; disabled?: boolean }) {
  const className = ['button', variant === 'primary' ? 'button-primary' : variant === 'danger' ? 'button-danger' : '', small ? 'button-small' : ''].filter(Boolean).join(' ');
  return (
    <button type="submit" className={className} disabled={pending || disabled} aria-busy={pending}>
      {pending ? (pendingText ?? 'Saving…') : children}
    </button>
  );
}
