import { mayName, scanObject, spliceHeadOnly, spliceMembers } from './splice';

/**
 * Rewrites the same top-level members (`id`, `model`) in every event of one stream. An upstream
 * starts each event with the same members in the same order (`{"id":"chatcmpl-…","object":…,
 * "model":"gpt-4o",…`), so once an event's head is read the rewritten head is reused for every
 * event that starts with the same text: no scan, no parse, no serialisation. The head is read
 * as far as the last rewritten member (`spliceHeadOnly`), and the whole event is scanned only
 * when that cannot be reused.
 *
 * Exact, given a `data` that is valid JSON (the caller has parsed it): a prefix that ends where a
 * top-level member's value ends reads the same in any valid document that continues it with `,`
 * or `}`. An event whose rest could name a rewritten member anywhere (a nested `id`, say, or a
 * `\u` escape, which could spell one) is scanned in full, so a repeated member can never keep
 * the upstream's value. Returns undefined when the caller must serialise the event itself (not
 * one object, repeated names, a line break that would split the SSE frame).
 */
export function createHeadSplicer(values: Record<string, string>, remove?: string) {
  const names = Object.keys(values);
  const quoted = names.map((name) => JSON.stringify(name));
  const changes: Record<string, string | undefined> = { ...values };
  if (remove) changes[remove] = undefined;
  // `"usage":null` as the last member, as OpenAI sends it on every chunk once usage is asked for.
  const removedName = remove && JSON.stringify(remove);
  const nullTail = removedName && `,${removedName}:null}`;
  let headIn: string | undefined;
  let headOut = '';

  /** The event's text after the head, with the removed member cut off its end; undefined if it needs a full scan. */
  function rest(data: string, from: number): string | undefined {
    if (mayName(data, from, quoted)) return undefined;
    if (!removedName) return data.slice(from);
    const at = data.indexOf(removedName, from);
    if (at < 0) return data.slice(from);
    return nullTail && at === data.length - nullTail.length + 1 && data.endsWith(nullTail) ? `${data.slice(from, at - 1)}}` : undefined;
  }

  return (data: string): string | undefined => {
    if (data.includes('\n') || data.includes('\r')) return undefined;
    if (headIn !== undefined && data.startsWith(headIn)) {
      const next = data.charCodeAt(headIn.length);
      const tail = next === 0x2c || next === 0x7d ? rest(data, headIn.length) : undefined;
      if (tail !== undefined) return headOut + tail;
    }
    // Only the head is read when the rest is safe to keep and nothing to remove sits in the head.
    const head = spliceHeadOnly(data, values);
    if (head && !(removedName && data.lastIndexOf(removedName, head.at) >= 0)) {
      const tail = rest(data, head.at);
      if (tail !== undefined) {
        headIn = data.slice(0, head.at);
        headOut = head.out;
        return headOut + tail;
      }
    }
    const scanned = scanObject(data);
    if (!scanned) return undefined;
    const members = names.map((name) => scanned.byName.get(name));
    if (members.every((member) => member !== undefined)) {
      const sorted = members.map((member) => member!).sort((a, b) => a.start - b.start);
      const removed = remove ? scanned.byName.get(remove) : undefined;
      // Reusable only if nothing to remove sits inside the head.
      if (!removed || removed.start > sorted[sorted.length - 1].end) {
        let out = '';
        let at = 0;
        for (const member of sorted) {
          out += data.slice(at, member.start) + values[member.name];
          at = member.end;
        }
        headIn = data.slice(0, at);
        headOut = out;
      }
    }
    return spliceMembers(scanned, changes);
  };
}
