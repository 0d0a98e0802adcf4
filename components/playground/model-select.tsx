import { pricePerMillion } from '@/components/models/model-format';
import type { PlaygroundModel } from './conversation';

function label(model: PlaygroundModel): string {
  if (model.unitPrice) return `${model.id} — ${model.unitPrice}`;
  const price = model.inputPrice === null ? '' : ` — ${pricePerMillion(model.inputPrice)} / ${pricePerMillion(model.outputPrice)} per 1M`;
  return `${model.id}${price}`;
}

/**
 * A native select (keyboard and screen-reader friendly, type-ahead by id), grouped by
 * creator; models this team cannot use now are listed last, disabled, so none goes missing.
 */
export function ModelSelect({ id, models, value, onChange, disabled }: { id: string; models: PlaygroundModel[]; value: string; onChange(model: string): void; disabled?: boolean }) {
  const groups = new Map<string, PlaygroundModel[]>();
  for (const model of models.filter((item) => item.usable)) groups.set(model.creator, [...(groups.get(model.creator) ?? []), model]);
  const unavailable = models.filter((model) => !model.usable);
  return (
    <select id={id} className="select" value={value} onChange={(event) => onChange(event.target.value)} disabled={disabled}>
      {[...groups.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([creator, list]) => (
          <optgroup key={creator} label={creator}>
            {list.map((model) => (
              <option key={model.id} value={model.id}>
                {label(model)}
              </option>
            ))}
          </optgroup>
        ))}
      {unavailable.length ? (
        <optgroup label="Not usable by this team now">
          {unavailable.map((model) => (
            <option key={model.id} value={model.id} disabled>
              {model.id}
            </option>
          ))}
        </optgroup>
      ) : null}
    </select>
  );
}
