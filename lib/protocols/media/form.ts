import { GatewayError } from '../../gateway/errors';

/** The text fields of a multipart form (files left out), last value wins; for validation. */
export function textFields(form: FormData): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [name, value] of form.entries()) if (typeof value === 'string') fields[name] = value;
  return fields;
}

export function requiredFile(form: FormData, name: string): File {
  const value = form.get(name);
  if (!(value instanceof File) || value.size === 0) throw new GatewayError('invalid_request', `Invalid request: '${name}' must be an uploaded file`, { param: name });
  return value;
}

/** The uploaded files under `name` (and OpenAI's `name[]`), in order. */
export function filesOf(form: FormData, name: string): File[] {
  return [...form.getAll(name), ...form.getAll(`${name}[]`)].filter((value): value is File => value instanceof File && value.size > 0);
}
