'use client';

import { startTransition, useActionState, useEffect, useRef, type FormEvent } from 'react';
import type { ActionState } from '@/lib/console/action-state';

/**
 * A form bound to a server action that keeps what was typed when the action reports a
 * problem (React resets a `<form action>` after every submission), and resets only on
 * success when asked to. Use both: `<form action={action} onSubmit={onSubmit}>`. Before
 * hydration the browser posts to the server action; after it, onSubmit dispatches without
 * the reset.
 */
export function useActionForm<T>(action: (previous: ActionState<T> | undefined, form: FormData) => Promise<ActionState<T>>, options: { resetOnSuccess?: boolean } = {}) {
  const [state, dispatch, pending] = useActionState(action, undefined);
  const form = useRef<HTMLFormElement>(null);
  const { resetOnSuccess = false } = options;
  useEffect(() => {
    if (resetOnSuccess && state?.ok) form.current?.reset();
  }, [state, resetOnSuccess]);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    startTransition(() => dispatch(data));
  };
  return { state, pending, action: dispatch, onSubmit, form };
}
