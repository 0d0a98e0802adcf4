import type { ChatMessage, ChatOptions, GatewayFailure, StreamUsage } from './chat-stream';

/** A model the playground offers, with what its controls depend on. */
export type PlaygroundModel = {
  id: string;
  name: string;
  creator: string;
  usable: boolean;
  reasoning: boolean;
  maxOutputTokens: number | null;
  /** Micro-dollars per million tokens, of the cheapest usable provider. */
  inputPrice: number | null;
  outputPrice: number | null;
  /** For models priced per unit (image, speech): the price as people quote it ("$0.04 / image"). */
  unitPrice?: string | null;
};

export type Settings = { system: string; temperature: string; maxTokens: string; topP: string; reasoningEffort: string };

export const defaultSettings: Settings = { system: '', temperature: '', maxTokens: '', topP: '', reasoningEffort: '' };

export type Column = { key: string; model: string };

export type Cost = { state: 'pending' } | { state: 'ready'; micros: number; estimated: boolean } | { state: 'unavailable' };

export type Answer = {
  model: string;
  status: 'waiting' | 'streaming' | 'done' | 'stopped' | 'error';
  text: string;
  reasoning: string;
  generationId: string | null;
  provider: string | null;
  servedModel: string | null;
  ttftMs: number | null;
  totalMs: number | null;
  usage: StreamUsage | null;
  cost: Cost;
  error: GatewayFailure | null;
};

export type Turn = { id: string; user: string; answers: Record<string, Answer> };

export function newAnswer(model: string): Answer {
  return { model, status: 'waiting', text: '', reasoning: '', generationId: null, provider: null, servedModel: null, ttftMs: null, totalMs: null, usage: null, cost: { state: 'pending' }, error: null };
}

const usableAnswer = (answer: Answer | undefined) => Boolean(answer && (answer.status === 'done' || answer.status === 'stopped') && answer.text.trim());

/**
 * The messages one column sends: the system prompt, then each earlier turn with this column's
 * own answer (or, for a column added later, the first column's), then the new user message.
 * Turns without any usable answer are left out, so a failed call does not poison the rest.
 */
export function buildMessages(input: { system: string; turns: Turn[]; column: string; primary: string; user: string }): ChatMessage[] {
  const messages: ChatMessage[] = [];
  if (input.system.trim()) messages.push({ role: 'system', content: input.system.trim() });
  for (const turn of input.turns) {
    const own = turn.answers[input.column];
    const answer = usableAnswer(own) ? own : usableAnswer(turn.answers[input.primary]) ? turn.answers[input.primary] : undefined;
    if (!answer) continue;
    messages.push({ role: 'user', content: turn.user }, { role: 'assistant', content: answer.text });
  }
  if (input.user) messages.push({ role: 'user', content: input.user });
  return messages;
}

export type SettingsErrors = Partial<Record<keyof Settings, string>>;

function numberField(value: string, check: (parsed: number) => string | null): { value?: number; error?: string } {
  if (value.trim() === '') return {};
  const parsed = Number(value);
  if (!Number.isFinite(parsed)) return { error: 'Enter a number.' };
  const problem = check(parsed);
  return problem ? { error: problem } : { value: parsed };
}

/** The request options from the form, or what is wrong with them. Empty fields use the model's defaults. */
export function parseSettings(settings: Settings, maxOutputTokens: number | null): { options: ChatOptions; errors: SettingsErrors } {
  const errors: SettingsErrors = {};
  const temperature = numberField(settings.temperature, (value) => (value < 0 || value > 2 ? 'Between 0 and 2.' : null));
  const maxTokens = numberField(settings.maxTokens, (value) =>
    !Number.isInteger(value) || value < 1 ? 'A whole number, at least 1.' : maxOutputTokens && value > maxOutputTokens ? `At most ${maxOutputTokens} for this model.` : null,
  );
  const topP = numberField(settings.topP, (value) => (value < 0 || value > 1 ? 'Between 0 and 1.' : null));
  if (temperature.error) errors.temperature = temperature.error;
  if (maxTokens.error) errors.maxTokens = maxTokens.error;
  if (topP.error) errors.topP = topP.error;
  return {
    options: { temperature: temperature.value, maxTokens: maxTokens.value, topP: topP.value, reasoningEffort: settings.reasoningEffort || undefined },
    errors,
  };
}

/** The options for one model: reasoning effort only where the model reasons. */
export function optionsFor(options: ChatOptions, model: PlaygroundModel | undefined): ChatOptions {
  return model?.reasoning ? options : { ...options, reasoningEffort: undefined };
}
