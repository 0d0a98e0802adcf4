'use client';

import { useEffect, useRef, useState } from 'react';
import { formatDollars } from '@/lib/console/format';
import { fetchGeneration, type GatewayFailure } from './chat-stream';
import type { PlaygroundModel } from './conversation';
import { ErrorNotice } from './error-notice';
import { generateImage, generateSpeech, SPEECH_VOICES } from './media-call';
import { ModelSelect } from './model-select';
import { usePlaygroundToken } from './use-playground-token';

type Result = { kind: 'image' | 'speech'; src: string; generationId: string | null; provider: string | null; totalMs: number; costMicros?: number };

/**
 * Image and speech in the playground: one prompt, one call through the public gateway with
 * the playground token, so it is billed and logged like any API call; the image is shown, the
 * speech plays.
 */
export function MediaPlayground({ team, kind, models }: { team: string; kind: 'image' | 'speech'; models: PlaygroundModel[] }) {
  const { getToken, problem } = usePlaygroundToken(team);
  const [model, setModel] = useState(() => models.find((item) => item.usable)?.id ?? models[0]?.id ?? '');
  const [prompt, setPrompt] = useState('');
  const [voice, setVoice] = useState<string>(SPEECH_VOICES[0]);
  const [running, setRunning] = useState(false);
  const [result, setResult] = useState<Result | null>(null);
  const [failure, setFailure] = useState<GatewayFailure | null>(null);
  const objectUrl = useRef<string | null>(null);

  useEffect(() => () => {
    if (objectUrl.current) URL.revokeObjectURL(objectUrl.current);
  }, []);

  async function submit() {
    const text = prompt.trim();
    if (!text || running || !model) return;
    setRunning(true);
    setFailure(null);
    try {
      const token = await getToken();
      const outcome = kind === 'image' ? await generateImage({ token, model, prompt: text }) : await generateSpeech({ token, model, text, voice });
      if (!outcome.ok) {
        setFailure(outcome.failure);
        return;
      }
      if (objectUrl.current) URL.revokeObjectURL(objectUrl.current);
      objectUrl.current = kind === 'speech' ? outcome.src : null;
      setResult({ kind, src: outcome.src, generationId: outcome.generationId, provider: outcome.provider, totalMs: outcome.totalMs });
      const record = outcome.generationId ? await fetchGeneration({ token: getToken, id: outcome.generationId }).catch(() => null) : null;
      if (record) setResult((current) => (current?.generationId === outcome.generationId ? { ...current, costMicros: Math.round(record.totalCost * 1_000_000) } : current));
    } catch (error) {
      setFailure({ status: 401, code: 'session', message: (error as Error).message });
    } finally {
      setRunning(false);
    }
  }

  const label = kind === 'image' ? 'Prompt' : 'Text to speak';
  return (
    <section className="playground-media" aria-label={kind === 'image' ? 'Image generation' : 'Speech'}>
      <form
        className="card playground-media-form"
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <div className="field">
          <label htmlFor={`pg-${kind}-model`}>Model</label>
          <ModelSelect id={`pg-${kind}-model`} models={models} value={model} onChange={setModel} disabled={running} />
        </div>
        {kind === 'speech' ? (
          <div className="field">
            <label htmlFor="pg-speech-voice">Voice</label>
            <select id="pg-speech-voice" className="select" value={voice} onChange={(event) => setVoice(event.target.value)} disabled={running}>
              {SPEECH_VOICES.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <div className="field">
          <label htmlFor={`pg-${kind}-prompt`}>{label}</label>
          <textarea id={`pg-${kind}-prompt`} className="textarea playground-input" rows={3} maxLength={4_096} value={prompt} onChange={(event) => setPrompt(event.target.value)} />
        </div>
        {problem ? (
          <p className="alert alert-error" role="alert">
            {problem.message}
          </p>
        ) : null}
        <div className="playground-composer-actions">
          <p className="field-hint">Billed to the team and logged like an API call.</p>
          <button type="submit" className="button button-primary" disabled={running || !prompt.trim() || !model}>
            {running ? (kind === 'image' ? 'Generating…' : 'Speaking…') : kind === 'image' ? 'Generate image' : 'Speak'}
          </button>
        </div>
      </form>
      {failure ? <ErrorNotice failure={failure} team={team} /> : null}
      {result && result.kind === kind ? (
        <figure className="answer playground-media-result">
          {kind === 'image' ? (
            // A data: URL (or the provider's https URL): next/image has nothing to optimise here.
            // eslint-disable-next-line @next/next/no-img-element
            <img src={result.src} alt={`Generated from: ${prompt}`} className="playground-image" />
          ) : (
            <audio controls autoPlay src={result.src} className="playground-audio" aria-label="Generated speech" />
          )}
          <figcaption className="answer-meta">
            <div>
              <dt>Provider</dt>
              <dd>{result.provider ?? '—'}</dd>
            </div>
            <div>
              <dt>Time</dt>
              <dd>{(result.totalMs / 1000).toFixed(1)} s</dd>
            </div>
            <div>
              <dt>Cost</dt>
              <dd data-testid="media-cost">{result.costMicros === undefined ? '…' : formatDollars(result.costMicros)}</dd>
            </div>
          </figcaption>
        </figure>
      ) : null}
    </section>
  );
}
