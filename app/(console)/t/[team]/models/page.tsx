import type { Metadata } from 'next';
import { ModelsExplorer } from '@/components/models/models-explorer';
import { PageHeader } from '@/components/ui/page-header';
import { requireConsoleTeam } from '@/lib/auth/console-session';
import { providers } from '@/lib/providers/registry';
import { getRuntime } from '@/lib/runtime';
import { listTeamModels } from '@/lib/services/models/list-team-models';
import '@/components/models/models.css';

export const metadata: Metadata = { title: 'Models · Gatehouse' };

const providerNames = Object.fromEntries(providers.map((provider) => [provider.slug, provider.name]));

/** Every model this Gatehouse knows, with prices, limits and whether this team can use it now. */
export default async function ModelsPage({ params }: { params: Promise<{ team: string }> }) {
  const { team: slug } = await params;
  const { team, ctx } = await requireConsoleTeam(slug, 'viewer');
  const runtime = await getRuntime();
  const models = await listTeamModels({ ctx, deps: runtime.gateway, input: { team: team.id } });
  return (
    <>
      <PageHeader
        title="Models"
        description="Prices are in dollars per million tokens. A provider is usable when this Gatehouse or your team has a key for it and the team's routing policy allows it."
      />
      <ModelsExplorer team={team.slug} models={models} providerNames={providerNames} />
    </>
  );
}
