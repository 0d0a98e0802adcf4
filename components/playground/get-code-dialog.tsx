'use client';

import Link from 'next/link';
import { useRef, useState } from 'react';
import { CodeTabs } from '@/components/keys/code-tabs';
import { codeSnippets, type SnippetInput } from './code-snippets';

/**
 * "Get code": the conversation so far as a program to run with one's own API key. A native
 * <dialog> (focus is trapped, Escape closes, focus returns to the button).
 */
export function GetCodeDialog({ team, models, snippet }: { team: string; models: string[]; snippet(model: string): SnippetInput }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [model, setModel] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const chosen = model && models.includes(model) ? model : models[0];
  return (
    <>
      <button
        type="button"
        className="button"
        onClick={() => {
          setOpen(true);
          dialog.current?.showModal();
        }}
      >
        Get code
      </button>
      <dialog ref={dialog} className="dialog code-dialog" aria-labelledby="get-code-title" onClose={() => setOpen(false)}>
        <div className="dialog-body">
          <h2 id="get-code-title">This conversation as code</h2>
          <p>
            Runs against this Gatehouse with an API key in <code>$GATEHOUSE_API_KEY</code>. <Link href={`/t/${team}/keys`}>Create a key</Link> if you have none.
          </p>
          {models.length > 1 ? (
            <div className="field">
              <label htmlFor="get-code-model">Model</label>
              <select id="get-code-model" className="select" value={chosen} onChange={(event) => setModel(event.target.value)}>
                {models.map((item) => (
                  <option key={item} value={item}>
                    {item}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
          {open && chosen ? <CodeTabs samples={codeSnippets(snippet(chosen))} /> : null}
          <div className="dialog-actions">
            <button type="button" className="button" onClick={() => dialog.current?.close()}>
              Close
            </button>
          </div>
        </div>
      </dialog>
    </>
  );
}
