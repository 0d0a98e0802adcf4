import { Badge } from '@/components/ui/badge';
import type { ViewMessage, ViewToolCall } from '@/lib/privacy/body-view';
import type { GenerationBody } from '@/lib/services/usage/get-generation-body';

function ToolCalls({ calls }: { calls: ViewToolCall[] }) {
  return calls.map((call, index) => (
    <p key={`${call.id ?? ''}${index}`} className="body-tool">
      <Badge>tool call</Badge> <code>{call.name}</code> <span className="mono">{call.arguments}</span>
    </p>
  ));
}

function Message({ message }: { message: ViewMessage }) {
  return (
    <li className="body-message">
      <span className="body-role">{message.role}</span>
      {message.text ? <p className="body-text">{message.text}</p> : null}
      <ToolCalls calls={message.toolCalls} />
    </li>
  );
}

const pretty = (text: string | null) => {
  if (text === null) return '';
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
};

/** The stored, redacted conversation and answer of one generation (a server component: `<details>` needs no script). */
export function GenerationBodyView({ body }: { body: NonNullable<GenerationBody['body']> }) {
  return (
    <div className="stack" style={{ gap: 16 }}>
      <p className="muted" style={{ margin: 0, fontSize: '0.8rem' }}>
        Redacted before it was stored ({body.redactions} {body.redactions === 1 ? 'value' : 'values'} replaced).{body.truncated ? ' Cut at the storage limit.' : ''}
      </p>
      <section className="stack" style={{ gap: 8 }}>
        <h3 style={{ margin: 0, fontSize: '0.9rem' }}>Messages</h3>
        {body.messages.length ? (
          <ol className="body-messages">
            {body.messages.map((message, index) => (
              <Message key={index} message={message} />
            ))}
          </ol>
        ) : (
          <p className="muted" style={{ margin: 0 }}>No messages could be read; see the raw request below.</p>
        )}
      </section>
      <section className="stack" style={{ gap: 8 }}>
        <h3 style={{ margin: 0, fontSize: '0.9rem' }}>Output</h3>
        {body.output ? (
          <>
            {body.output.reasoning ? <p className="body-text muted">{body.output.reasoning}</p> : null}
            {body.output.text ? <p className="body-text">{body.output.text}</p> : null}
            <ToolCalls calls={body.output.toolCalls} />
            {!body.output.text && !body.output.toolCalls.length ? <p className="muted" style={{ margin: 0 }}>No text or tool calls.</p> : null}
          </>
        ) : (
          <p className="muted" style={{ margin: 0 }}>No answer was stored.</p>
        )}
      </section>
      <details className="body-raw">
        <summary>Raw request</summary>
        <pre>{pretty(body.request)}</pre>
      </details>
      {body.response !== null ? (
        <details className="body-raw">
          <summary>Raw response</summary>
          <pre>{pretty(body.response)}</pre>
        </details>
      ) : null}
    </div>
  );
}
