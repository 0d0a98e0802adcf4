'use client';

import Link from 'next/link';
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { EmptyState } from '@/components/ui/empty-state';
import { AnswerCard } from './answer-card';
import { fetchGeneration, streamChat, type ChatMessage, type ChatOptions, type StreamOutcome } from './chat-stream';
import type { SnippetInput } from './code-snippets';
import { buildMessages, defaultSettings, newAnswer, optionsFor, parseSettings, type Answer, type Column, type PlaygroundModel, type Settings, type SettingsErrors, type Turn } from './conversation';
import { GetCodeDialog } from './get-code-dialog';
import { ModelSelect } from './model-select';
import { SettingsPanel } from './settings-panel';
import { usePlaygroundToken } from './use-playground-token';

const MAX_COLUMNS = 3;

/**
 * The chat playground: one conversation, sent to one model or to up to three side by side,
 * streamed in parallel through the public gateway with a short-lived token, so every answer
 * is priced, debited and logged like any API call, and shows what it cost.
 */
export function Playground({
  team,
  publicUrl,
  models,
  initialModel,
  providerNames,
}: {
  team: string;
  /** GATEHOUSE_PUBLIC_URL when set; otherwise snippets use the address the console is open at. */
  publicUrl: string | null;
  models: PlaygroundModel[];
  initialModel: string;
  providerNames: Record<string, string>;
}) {
  const { getToken, renew, problem } = usePlaygroundToken(team);
  const byId = useMemo(() => new Map(models.map((model) => [model.id, model])), [models]);
  const nextId = useRef(1);
  const [columns, setColumns] = useState<Column[]>([{ key: 'c0', model: initialModel }]);
  const [settings, setSettings] = useState<Settings>(defaultSettings);
  const [errors, setErrors] = useState<SettingsErrors>({});
  const [turns, setTurns] = useState<Turn[]>([]);
  const [draft, setDraft] = useState('');
  const [running, setRunning] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const abort = useRef<AbortController | null>(null);
  const transcriptEnd = useRef<HTMLDivElement>(null);

  useEffect(() => () => abort.current?.abort(), []);
  useEffect(() => {
    transcriptEnd.current?.scrollIntoView?.({ block: 'nearest' });
  }, [turns.length]);

  const update = useCallback((turnId: string, key: string, patch: (answer: Answer) => Partial<Answer>) => {
    setTurns((previous) => previous.map((turn) => (turn.id !== turnId ? turn : { ...turn, answers: { ...turn.answers, [key]: { ...turn.answers[key], ...patch(turn.answers[key]) } } })));
  }, []);

  /** The authoritative cost and usage, from the gateway's record of the generation. */
  const settle = useCallback(
    async (turnId: string, key: string, generationId: string | null) => {
      const record = generationId ? await fetchGeneration({ token: getToken, id: generationId }).catch(() => null) : null;
      update(turnId, key, (answer) =>
        record
          ? {
              cost: { state: 'ready', micros: Math.round(record.totalCost * 1_000_000), estimated: record.usageEstimated },
              usage: answer.usage ?? { inputTokens: record.inputTokens, outputTokens: record.outputTokens, reasoningTokens: record.reasoningTokens },
            }
          : { cost: { state: 'unavailable' } },
      );
    },
    [getToken, update],
  );

  const run = useCallback(
    async (turnId: string, column: Column, messages: ChatMessage[], options: ChatOptions, signal: AbortSignal): Promise<StreamOutcome['status']> => {
      const call = (token: string) =>
        streamChat({
          token,
          model: column.model,
          messages,
          options,
          signal,
          callbacks: {
            onStart: (info) => update(turnId, column.key, () => ({ status: 'streaming', ...info })),
            onText: (delta) => update(turnId, column.key, (answer) => ({ text: answer.text + delta })),
            onReasoning: (delta) => update(turnId, column.key, (answer) => ({ reasoning: answer.reasoning + delta })),
          },
        });
      let outcome: StreamOutcome;
      try {
        outcome = await call(await getToken());
        // The token may have lapsed (a laptop waking up): renew once and try again.
        if (outcome.error?.status === 401 && !signal.aborted) outcome = await call(await renew());
      } catch (error) {
        update(turnId, column.key, () => ({ status: 'error', error: { status: 401, code: 'session', message: (error as Error).message }, cost: { state: 'unavailable' } }));
        return 'error';
      }
      update(turnId, column.key, (answer) => ({
        status: outcome.status,
        error: outcome.error,
        ttftMs: outcome.ttftMs,
        totalMs: outcome.totalMs,
        usage: outcome.usage ?? answer.usage,
        generationId: outcome.generationId ?? answer.generationId,
        provider: outcome.provider ?? answer.provider,
        servedModel: outcome.servedModel ?? answer.servedModel,
      }));
      void settle(turnId, column.key, outcome.generationId);
      return outcome.status;
    },
    [getToken, renew, settle, update],
  );

  const columnModels = columns.map((column) => byId.get(column.model));
  const maxOutputTokens = columnModels.reduce<number | null>((least, model) => (model?.maxOutputTokens ? Math.min(least ?? Infinity, model.maxOutputTokens) : least), null);

  async function send() {
    const text = draft.trim();
    if (!text || running) return;
    const { options, errors: problems } = parseSettings(settings, maxOutputTokens);
    setErrors(problems);
    if (Object.keys(problems).length > 0) {
      setAnnouncement('Some settings are not valid; fix them to send.');
      return;
    }
    const turnId = `t${nextId.current++}`;
    const history = turns;
    const primary = columns[0].key;
    setTurns((previous) => [...previous, { id: turnId, user: text, answers: Object.fromEntries(columns.map((column) => [column.key, newAnswer(column.model)])) }]);
    setDraft('');
    const controller = new AbortController();
    abort.current = controller;
    setRunning(true);
    setAnnouncement(columns.length > 1 ? `Sent to ${columns.length} models.` : 'Sent.');
    const statuses = await Promise.all(
      columns.map((column) =>
        run(turnId, column, buildMessages({ system: settings.system, turns: history, column: column.key, primary, user: text }), optionsFor(options, byId.get(column.model)), controller.signal),
      ),
    );
    abort.current = null;
    setRunning(false);
    setAnnouncement(statuses.includes('stopped') ? 'Stopped.' : statuses.includes('error') ? 'An answer failed; see the message.' : 'Answer complete.');
  }

  function stop() {
    abort.current?.abort();
  }

  function onComposerKey(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void send();
    } else if (event.key === 'Escape' && running) {
      event.preventDefault();
      stop();
    }
  }

  function addColumn() {
    if (columns.length >= MAX_COLUMNS) return;
    const taken = new Set(columns.map((column) => column.model));
    const model = models.find((item) => item.usable && !taken.has(item.id)) ?? models.find((item) => item.usable);
    if (!model) return;
    setColumns([...columns, { key: `c${nextId.current++}`, model: model.id }]);
  }

  /** The request a snippet reproduces: the draft after the conversation, else the last call made. */
  function snippet(model: string): SnippetInput {
    const column = columns.find((item) => item.model === model) ?? columns[0];
    const { options } = parseSettings(settings, null);
    const pending = draft.trim();
    const last = turns.at(-1);
    const history = pending || !last ? turns : turns.slice(0, -1);
    const user = pending || last?.user || 'Hello!';
    return { baseUrl: publicUrl ?? window.location.origin, model, messages: buildMessages({ system: settings.system, turns: history, column: column.key, primary: columns[0].key, user }), options: optionsFor(options, byId.get(model)) };
  }

  const compare = columns.length > 1;
  const blocked = problem?.kind === 'forbidden' || problem?.kind === 'signed-out';
  return (
    <div className="playground">
      <aside className="card playground-side" aria-label="Settings">
        <div className="card-body">
          <SettingsPanel
            settings={settings}
            errors={errors}
            onChange={(patch) => setSettings((current) => ({ ...current, ...patch }))}
            showReasoning={columnModels.some((model) => model?.reasoning)}
            maxOutputTokens={maxOutputTokens}
          />
        </div>
      </aside>

      <section className="playground-main" aria-label="Conversation">
        <div className="playground-toolbar">
          <div className="playground-columns" style={{ ['--columns' as string]: columns.length }}>
            {columns.map((column, index) => (
              <div className="field playground-column" key={column.key}>
                <label htmlFor={`pg-model-${column.key}`}>{compare ? `Model ${index + 1}` : 'Model'}</label>
                <div className="row playground-column-pick">
                  <ModelSelect
                    id={`pg-model-${column.key}`}
                    models={models}
                    value={column.model}
                    disabled={running}
                    onChange={(model) => setColumns((current) => current.map((item) => (item.key === column.key ? { ...item, model } : item)))}
                  />
                  {compare ? (
                    <button type="button" className="button button-small button-ghost" disabled={running} onClick={() => setColumns((current) => current.filter((item) => item.key !== column.key))} aria-label={`Remove model ${index + 1} (${column.model})`}>
                      Remove
                    </button>
                  ) : null}
                </div>
              </div>
            ))}
          </div>
          <div className="row">
            {columns.length < MAX_COLUMNS ? (
              <button type="button" className="button" onClick={addColumn} disabled={running}>
                {compare ? 'Add model' : 'Compare models'}
              </button>
            ) : null}
            <GetCodeDialog team={team} models={columns.map((column) => column.model)} snippet={snippet} />
            <button type="button" className="button button-ghost" onClick={() => setTurns([])} disabled={running || turns.length === 0}>
              New chat
            </button>
          </div>
        </div>

        <div className="playground-transcript">
          {turns.length === 0 ? (
            <EmptyState title={compare ? 'Compare models side by side' : 'Start a conversation'}>
              {compare
                ? 'Your message goes to every model at once; each answer shows its tokens, cost and timings.'
                : 'Calls go through this Gatehouse like any API call: they are billed to the team and appear in the usage log.'}
            </EmptyState>
          ) : (
            <ol className="turns">
              {turns.map((turn, turnIndex) => {
                const answers = Object.entries(turn.answers);
                return (
                  <li key={turn.id} className="turn">
                    <div className="turn-user">
                      <span className="visually-hidden">You: </span>
                      {turn.user}
                    </div>
                    <div className="turn-answers" style={{ ['--columns' as string]: answers.length }}>
                      {answers.map(([key, answer]) => (
                        <AnswerCard key={key} team={team} answer={answer} providerNames={providerNames} label={`Answer ${turnIndex + 1} from ${answer.model}`} />
                      ))}
                    </div>
                  </li>
                );
              })}
            </ol>
          )}
          <div ref={transcriptEnd} />
        </div>

        <form
          className="card playground-composer"
          onSubmit={(event) => {
            event.preventDefault();
            void send();
          }}
        >
          {problem ? (
            <p className="alert alert-error" role="alert">
              {problem.message} {problem.kind === 'signed-out' ? <Link href={`/login?next=${encodeURIComponent(`/t/${team}/playground`)}`}>Sign in</Link> : null}
            </p>
          ) : null}
          <label htmlFor="pg-message" className="visually-hidden">
            Message
          </label>
          <textarea
            id="pg-message"
            className="textarea playground-input"
            rows={3}
            placeholder={compare ? `Message ${columns.length} models…` : 'Message…'}
            value={draft}
            onChange={(event) => setDraft(event.target.value)}
            onKeyDown={onComposerKey}
            aria-describedby="pg-message-hint"
          />
          <div className="playground-composer-actions">
            <p id="pg-message-hint" className="field-hint">
              Enter sends · Shift+Enter adds a line · Esc stops
            </p>
            {running ? (
              <button type="button" className="button button-danger" onClick={stop}>
                Stop
              </button>
            ) : (
              <button type="submit" className="button button-primary" disabled={!draft.trim() || blocked}>
                Send
              </button>
            )}
          </div>
          <p className="visually-hidden" role="status" aria-live="polite">
            {announcement}
          </p>
        </form>
      </section>
    </div>
  );
}
