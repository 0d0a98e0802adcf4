import Link from 'next/link';
import { providers } from '@/lib/providers/registry';
import { getRuntime } from '@/lib/runtime';

export const dynamic = 'force-dynamic';

/** The front page: where the gateway is, and what this install can serve right now. */
export default async function Home() {
  const runtime = await getRuntime();
  const models = await runtime.gateway.catalog.list();
  const configured = providers.filter((provider) => runtime.gateway.systemConnection(provider).configured).map((provider) => provider.slug);
  const available = models.filter((model) => model.offerings.some((offering) => configured.includes(offering.provider)));
  return (
    <main>
      <h1>Gatehouse</h1>
      <p className="lead">One API key and one endpoint in front of {models.length} models from many providers.</p>
      <p style={{ margin: '-16px 0 32px' }}>
        <Link className="button button-primary" href="/teams">
          Open the console
        </Link>
      </p>
      <section className="panel">
        <h2>Call it</h2>
        <pre>{`curl $GATEHOUSE_URL/v1/chat/completions \\
  -H "Authorization: Bearer $GATEHOUSE_API_KEY" \\
  -H "content-type: application/json" \\
  -d '{"model":"openai/gpt-4o","messages":[{"role":"user","content":"Hello"}]}'`}</pre>
      </section>
      <section className="panel">
        <h2>Providers with system credentials</h2>
        <p>{configured.length === 0 ? 'None yet: set OPENAI_API_KEY, ANTHROPIC_API_KEY, … or add a BYOK credential to a team.' : configured.join(', ')}</p>
        <p className="off">
          {available.length} of {models.length} models are available through them (GET /v1/models).
        </p>
      </section>
    </main>
  );
}
