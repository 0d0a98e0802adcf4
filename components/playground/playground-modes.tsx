'use client';

import { useState, type ComponentProps } from 'react';
import type { PlaygroundModel } from './conversation';
import { MediaPlayground } from './media-playground';
import { Playground } from './playground';

type Mode = 'chat' | 'image' | 'speech';

const modeLabels: Record<Mode, string> = { chat: 'Chat', image: 'Image', speech: 'Speech' };

/** Chat, image and speech playgrounds behind one switch; a mode shows only when the team has models of its kind. */
export function PlaygroundModes({ chat, imageModels, speechModels }: { chat: ComponentProps<typeof Playground>; imageModels: PlaygroundModel[]; speechModels: PlaygroundModel[] }) {
  const [mode, setMode] = useState<Mode>('chat');
  const modes: Mode[] = ['chat', ...(imageModels.length ? (['image'] as const) : []), ...(speechModels.length ? (['speech'] as const) : [])];
  return (
    <div className="playground-modes">
      {modes.length > 1 ? (
        <div className="playground-mode-switch" role="tablist" aria-label="Playground mode">
          {modes.map((item) => (
            <button key={item} type="button" role="tab" aria-selected={mode === item} className={`button button-small${mode === item ? ' button-primary' : ''}`} onClick={() => setMode(item)}>
              {modeLabels[item]}
            </button>
          ))}
        </div>
      ) : null}
      {mode === 'chat' ? <Playground {...chat} /> : null}
      {mode === 'image' ? <MediaPlayground team={chat.team} kind="image" models={imageModels} /> : null}
      {mode === 'speech' ? <MediaPlayground team={chat.team} kind="speech" models={speechModels} /> : null}
    </div>
  );
}
