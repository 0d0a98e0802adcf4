import { unstable_rethrow } from 'next/navigation';
import { ZodError } from 'zod';
import { GatewayError } from '@/lib/gateway/errors';
import { getRuntime } from '@/lib/runtime';

/**
 * What a console server action reports back to its form; `field` names the input a problem is
 * about, when one is. `tone` marks a success whose message is a warning (saved, but …).
 */
export type ActionState<T = undefined> = { ok: true; message?: string; tone?: 'warning' | 'error'; data?: T } | { ok: false; error: string; field?: string };

/**
 * Runs a server action's body: Next's redirects and not-found pass through, a GatewayError or
 * a validation error becomes a message for the form, anything else is logged and reported
 * without details.
 */
export async function runAction<T>(work: () => Promise<ActionState<T>>): Promise<ActionState<T>> {
  try {
    return await work();
  } catch (error) {
    unstable_rethrow(error);
    // Forms label their fields, so the first problem's own words are enough.
    if (error instanceof ZodError) {
      const issue = error.issues[0];
      return { ok: false, error: issue?.message ?? 'Check the form and try again.', field: issue?.path[0]?.toString() };
    }
    if (error instanceof GatewayError && error.code !== 'internal') return { ok: false, error: error.message, field: error.param ?? undefined };
    (await getRuntime()).logger.error('console action failed', { error: (error as Error)?.stack ?? String(error) });
    return { ok: false, error: 'Something went wrong. Try again, and check the server log if it keeps happening.' };
  }
}

/** A form field as a trimmed string, or undefined when empty. */
export function formText(form: FormData, name: string): string | undefined {
  const value = form.get(name);
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

export function formFlag(form: FormData, name: string): boolean {
  const value = form.get(name);
  return value === 'on' || value === 'true' || value === '1';
}
