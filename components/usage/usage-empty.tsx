import Link from 'next/link';
import { CodeTabs } from '@/components/keys/code-tabs';
import { keySnippets } from '@/components/keys/snippets';
import { Card } from '@/components/ui/card';

/** A team that never made a call: how to make the first one. */
export function FirstCall({ team, baseUrl }: { team: string; baseUrl: string }) {
  return (
    <Card title="No calls yet" description="Every request through this Gatehouse shows up here within a second, with its model, cost, latency and status.">
      <ol style={{ margin: '0 0 16px', paddingLeft: 20, fontSize: '0.9rem', display: 'grid', gap: 4 }}>
        <li>
          <Link href={`/t/${team}/keys`}>Create an API key</Link> for this team.
        </li>
        <li>
          Add <Link href={`/t/${team}/credits`}>credits</Link> or your own <Link href={`/t/${team}/credentials`}>provider key</Link>.
        </li>
        <li>
          Call <code>{baseUrl}/v1</code> with any OpenAI-compatible client:
        </li>
      </ol>
      <CodeTabs samples={keySnippets(baseUrl, '$GATEHOUSE_API_KEY')} />
    </Card>
  );
}
