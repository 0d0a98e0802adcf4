import { Field } from '@/components/ui/field';
import type { Settings, SettingsErrors } from './conversation';

const efforts = ['minimal', 'low', 'medium', 'high'];

/** The request options shared by every model in the conversation. Empty fields use the model's default. */
export function SettingsPanel({
  settings,
  errors,
  onChange,
  showReasoning,
  maxOutputTokens,
}: {
  settings: Settings;
  errors: SettingsErrors;
  onChange(patch: Partial<Settings>): void;
  showReasoning: boolean;
  maxOutputTokens: number | null;
}) {
  const described = (id: string, error?: string) => ({ 'aria-invalid': error ? true : undefined, 'aria-describedby': error ? `${id}-error` : `${id}-hint` });
  return (
    <div className="form playground-settings">
      <Field id="pg-system" label="System prompt" hint="Sent first, to every model.">
        <textarea
          id="pg-system"
          className="textarea"
          rows={4}
          placeholder="You are a helpful assistant."
          value={settings.system}
          onChange={(event) => onChange({ system: event.target.value })}
          aria-describedby="pg-system-hint"
        />
      </Field>
      <div className="playground-numbers">
        <Field id="pg-temperature" label="Temperature" hint="0–2" error={errors.temperature}>
          <input id="pg-temperature" className="input" type="number" inputMode="decimal" min={0} max={2} step={0.1} placeholder="default" value={settings.temperature} onChange={(event) => onChange({ temperature: event.target.value })} {...described('pg-temperature', errors.temperature)} />
        </Field>
        <Field id="pg-top-p" label="Top-p" hint="0–1" error={errors.topP}>
          <input id="pg-top-p" className="input" type="number" inputMode="decimal" min={0} max={1} step={0.05} placeholder="default" value={settings.topP} onChange={(event) => onChange({ topP: event.target.value })} {...described('pg-top-p', errors.topP)} />
        </Field>
      </div>
      <Field id="pg-max-tokens" label="Max tokens" hint={maxOutputTokens ? `Up to ${maxOutputTokens.toLocaleString('en')}` : 'Output limit'} error={errors.maxTokens}>
        <input id="pg-max-tokens" className="input" type="number" inputMode="numeric" min={1} step={1} placeholder="default" value={settings.maxTokens} onChange={(event) => onChange({ maxTokens: event.target.value })} {...described('pg-max-tokens', errors.maxTokens)} />
      </Field>
      {showReasoning ? (
        <Field id="pg-reasoning" label="Reasoning effort" hint="Only sent to models that reason.">
          <select id="pg-reasoning" className="select" value={settings.reasoningEffort} onChange={(event) => onChange({ reasoningEffort: event.target.value })} aria-describedby="pg-reasoning-hint">
            <option value="">Model default</option>
            {efforts.map((effort) => (
              <option key={effort} value={effort}>
                {effort}
              </option>
            ))}
          </select>
        </Field>
      ) : null}
    </div>
  );
}
