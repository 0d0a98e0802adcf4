import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { toBodyView } from '@/lib/privacy/body-view';
import { GenerationBodyView } from './generation-body';

const render = (request: unknown, response: unknown, extra: { truncated?: boolean; redactions?: number } = {}) => {
  const requestText = JSON.stringify(request);
  const responseText = response === null ? null : JSON.stringify(response);
  return renderToStaticMarkup(
    createElement(GenerationBodyView, {
      body: { ...toBodyView(requestText, responseText), request: requestText, response: responseText, truncated: extra.truncated ?? false, redactions: extra.redactions ?? 0, createdAt: new Date(0).toISOString() },
    }),
  );
};

describe('the generation page’s body view', () => {
  it('shows each message with its role, tool calls and the output, and escapes what the model said', () => {
    const html = render(
      { messages: [{ role: 'user', content: 'Weather in <b>Oslo</b>?' }, { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } }] }, { role: 'tool', tool_call_id: 'call_1', content: 'rain' }] },
      { choices: [{ message: { content: '<script>alert(1)</script> Rain.' } }] },
      { redactions: 2, truncated: true },
    );
    expect(html).toContain('<span class="body-role">user</span><p class="body-text">Weather in &lt;b&gt;Oslo&lt;/b&gt;?</p>');
    expect(html).toContain('<code>get_weather</code> <span class="mono">{&quot;city&quot;:&quot;Oslo&quot;}</span>');
    expect(html).toContain('<span class="body-role">tool</span><p class="body-text">rain</p>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; Rain.');
    expect(html).not.toContain('<script>');
    expect(html).toContain('2 values replaced). Cut at the storage limit.');
  });

  it('says so when nothing could be read or no answer was kept', () => {
    const html = render({ unknown: true }, null);
    expect(html).toContain('No messages could be read');
    expect(html).toContain('No answer was stored.');
    expect(html).not.toContain('Raw response');
  });
});
