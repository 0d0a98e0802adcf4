'use client';

import { useCallback, useEffect, useRef, useState } from 'react';

/** Renewed this long before it expires, so a call never starts with a token about to lapse. */
const RENEW_BEFORE_MS = 2 * 60_000;

type Issued = { token: string; expiresAt: number };

export type TokenProblem = { kind: 'signed-out' | 'forbidden' | 'failed'; message: string };

export class TokenError extends Error {
  constructor(readonly problem: TokenProblem) {
    super(problem.message);
  }
}

async function requestToken(team: string): Promise<Issued> {
  let response: Response;
  try {
    response = await fetch(`/api/console/teams/${encodeURIComponent(team)}/playground-token`, { method: 'POST', credentials: 'same-origin', cache: 'no-store' });
  } catch {
    throw new TokenError({ kind: 'failed', message: 'Could not reach Gatehouse to start the playground.' });
  }
  // Without a session the console redirects to the sign-in page.
  if (response.redirected || response.status === 401) throw new TokenError({ kind: 'signed-out', message: 'Your console session has ended. Sign in again.' });
  const body = (await response.json().catch(() => null)) as { token?: string; expiresAt?: string; error?: { message?: string } } | null;
  if (response.status === 403 || response.status === 404) throw new TokenError({ kind: 'forbidden', message: body?.error?.message ?? 'Your role in this team cannot use the playground.' });
  if (!response.ok || !body?.token || !body.expiresAt) throw new TokenError({ kind: 'failed', message: body?.error?.message ?? `Could not start the playground (${response.status}).` });
  return { token: body.token, expiresAt: Date.parse(body.expiresAt) };
}

/**
 * A short-lived gateway token for this team, fetched from the console API, renewed in the
 * background before it expires, and on demand (`renew`) when the gateway refuses it.
 */
export function usePlaygroundToken(team: string) {
  const issued = useRef<Issued | null>(null);
  const pending = useRef<Promise<string> | null>(null);
  const [problem, setProblem] = useState<TokenProblem | null>(null);

  const fetchFresh = useCallback(() => {
    pending.current ??= requestToken(team)
      .then((next) => {
        issued.current = next;
        setProblem(null);
        return next.token;
      })
      .catch((error: unknown) => {
        const next = error instanceof TokenError ? error.problem : { kind: 'failed' as const, message: String(error) };
        setProblem(next);
        throw error instanceof TokenError ? error : new TokenError(next);
      })
      .finally(() => {
        pending.current = null;
      });
    return pending.current;
  }, [team]);

  const getToken = useCallback(async () => {
    const current = issued.current;
    if (current && current.expiresAt - Date.now() > RENEW_BEFORE_MS) return current.token;
    return fetchFresh();
  }, [fetchFresh]);

  const renew = useCallback(() => {
    issued.current = null;
    return fetchFresh();
  }, [fetchFresh]);

  useEffect(() => {
    void getToken().catch(() => {});
    const timer = setInterval(() => void getToken().catch(() => {}), 30_000);
    return () => clearInterval(timer);
  }, [getToken]);

  return { getToken, renew, problem };
}
