/**
 * Model mappings as people type them, one `gatehouse-model=upstream-id` per line; blank
 * lines and `#` comments are skipped. Returns the mapping, or the first line that is wrong.
 */
export function parseModelMappings(text: string): { ok: true; mappings: Record<string, string> } | { ok: false; error: string } {
  const mappings: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (const [index, raw] of lines.entries()) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const at = line.indexOf('=');
    const key = at > 0 ? line.slice(0, at).trim() : '';
    const value = at > 0 ? line.slice(at + 1).trim() : '';
    if (!key || !value) return { ok: false, error: `Model mappings, line ${index + 1}: write it as model=upstream-id, e.g. openai/gpt-4o=my-gpt4o-deployment.` };
    mappings[key] = value;
  }
  return { ok: true, mappings };
}

export function formatModelMappings(mappings: Record<string, string>): string {
  return Object.entries(mappings)
    .map(([key, value]) => `${key}=${value}`)
    .join('\n');
}
