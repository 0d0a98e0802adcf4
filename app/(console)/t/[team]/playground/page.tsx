import type { Metadata } from 'next';
import Link from 'next/link';
import { shownOffering } from '@/components/models/model-filters';
import { unitPriceLabel } from '@/components/models/model-format';
import { PlaygroundModes } from '@/components/playground/playground-modes';
import type { PlaygroundModel } from '@/components/playground/conversation';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { requireConsoleTeam } from '@/lib/auth/console-session';
import { providers } from '@/lib/providers/registry';
import { getRuntime } from '@/lib/runtime';
import { roleAtLeast } from '@/lib/services/context';
import { listTeamModels } from '@/lib/services/models/list-team-models';
import '@/components/playground/playground.css';

export const metadata: Metadata = { title: 'Playground · Gatehouse' };

const providerNames = Object.fromEntries(providers.map((provider) => [provider.slug, provider.name]));

/** Tried in this order when the address names no model. */
const preferred = ['openai/gpt-4o-mini', 'anthropic/claude-3.5-haiku', 'google/gemini-2.5-flash'];

const description = 'Chat with any model through this Gatehouse. Calls are billed to the team and logged like API calls.';

export default async function PlaygroundPage({ params, searchParams }: { params: Promise<{ team: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { team: slug } = await params;
  const { team, role, ctx } = await requireConsoleTeam(slug, 'viewer');
  if (!roleAtLeast(role, 'member')) {
    return (
      <>
        <PageHeader title="Playground" description={description} />
        <div className="card">
          <EmptyState title="Viewers cannot use the playground">Playground calls spend the team’s credits, so they need the member role. Ask a team admin to change your role.</EmptyState>
        </div>
      </>
    );
  }
  const runtime = await getRuntime();
  const catalog = await listTeamModels({ ctx, deps: runtime.gateway, input: { team: team.id } });
  const ofKind = (kind: string): PlaygroundModel[] =>
    catalog
      // A model the team's lists block is not offered at all: it could never be made usable here.
      .filter((model) => model.kind === kind && !model.blockedByModelList)
      .map((model) => {
        const offering = shownOffering(model, '');
        return {
          id: model.id,
          name: model.name,
          creator: model.creator,
          usable: model.usable,
          reasoning: model.capabilities.includes('reasoning'),
          maxOutputTokens: model.maxOutputTokens,
          inputPrice: offering?.inputPrice ?? null,
          outputPrice: offering?.outputPrice ?? null,
          unitPrice: unitPriceLabel(offering?.unitPrice, offering?.priceUnit),
        };
      });
  const models = ofKind('language');
  const usable = models.filter((model) => model.usable);
  if (usable.length === 0) {
    return (
      <>
        <PageHeader title="Playground" description={description} />
        <div className="card">
          <EmptyState
            title="No model is usable by this team yet"
            action={
              <div className="row" style={{ justifyContent: 'center' }}>
                <Link className="button button-primary" href={`/t/${team.slug}/credentials`}>
                  Add a provider key
                </Link>
                <Link className="button" href={`/t/${team.slug}/settings`}>
                  Routing policy
                </Link>
              </div>
            }
          >
            Models need a provider key (this Gatehouse’s or the team’s own) and a routing policy that allows the provider.
          </EmptyState>
        </div>
      </>
    );
  }
  const query = await searchParams;
  const asked = typeof query.model === 'string' ? query.model : undefined;
  const initialModel = (asked && usable.find((model) => model.id === asked)?.id) ?? preferred.find((id) => usable.some((model) => model.id === id)) ?? usable[0].id;
  return (
    <>
      <PageHeader
        title="Playground"
        description={description}
        actions={
          <Link className="button button-ghost" href={`/t/${team.slug}/models`}>
            Browse models
          </Link>
        }
      />
      <PlaygroundModes
        chat={{ team: team.slug, publicUrl: runtime.env.GATEHOUSE_PUBLIC_URL?.replace(/\/+$/, '') ?? null, models, initialModel, providerNames }}
        imageModels={ofKind('image').filter((model) => model.usable)}
        speechModels={ofKind('speech').filter((model) => model.usable)}
      />
    </>
  );
}
