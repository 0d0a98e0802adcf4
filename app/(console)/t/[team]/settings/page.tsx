import type { Metadata } from 'next';
import { PlanForm } from '@/components/settings/plan-form';
import { BodiesForm } from '@/components/settings/bodies-form';
import { ModelListsForm } from '@/components/settings/model-lists-form';
import { RoutingPolicyForm } from '@/components/settings/routing-policy-form';
import { Card } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { requireConsoleTeam } from '@/lib/auth/console-session';
import { formatDollars } from '@/lib/console/format';
import { providers } from '@/lib/providers/registry';
import { getRuntime } from '@/lib/runtime';
import { roleAtLeast } from '@/lib/services/context';
import { getTeamSettings } from '@/lib/services/teams/get-team-settings';
import { listPlans } from '@/lib/services/teams/list-plans';
import { saveBodiesAction, saveModelListsAction, saveRoutingPolicyAction, setPlanAction } from './actions';

export const metadata: Metadata = { title: 'Settings · Gatehouse' };

const perMinute = (value: number | null, unit: string) => (value === null ? `unlimited ${unit}` : `${value.toLocaleString('en')} ${unit}/min`);

export default async function SettingsPage({ params }: { params: Promise<{ team: string }> }) {
  const { team: slug } = await params;
  const { user, team, role, ctx } = await requireConsoleTeam(slug, 'viewer');
  const runtime = await getRuntime();
  const [{ settings }, plans] = await Promise.all([getTeamSettings({ ctx, input: { team: team.id } }), listPlans({ ctx })]);
  const canEdit = roleAtLeast(role, 'admin');
  const providerOptions = providers.map((provider) => {
    const facts = runtime.gateway.providerFacts(provider.slug);
    return { slug: provider.slug, name: provider.name, zeroDataRetention: facts?.zeroDataRetention ?? provider.facts.zeroDataRetention, trainsOnPrompts: facts?.trainsOnPrompts ?? provider.facts.trainsOnPrompts };
  });
  const current = plans.find((plan) => plan.id === team.plan);
  return (
    <>
      <PageHeader title="Settings" description={<>Team <strong>{team.name}</strong> (<code>{team.slug}</code>)</>} />
      <div className="stack">
        <Card title="Routing policy" description={canEdit ? 'Applies to every request of this team, whatever the request asks for.' : 'Team admins can change this.'}>
          <RoutingPolicyForm providers={providerOptions} policy={settings} disabled={!canEdit} action={saveRoutingPolicyAction.bind(null, team.slug)} />
        </Card>
        <Card title="Model access" description="Models this team may call, on every door; a blocked model gets 403 naming the rule.">
          <ModelListsForm lists={settings} disabled={!canEdit} action={saveModelListsAction.bind(null, team.slug)} />
        </Card>
        <Card
          title="Request and response bodies"
          description={
            !runtime.env.GATEHOUSE_STORE_BODIES
              ? 'Turned off for this Gatehouse by its operator: nothing is stored whatever this says.'
              : settings.zeroDataRetention
                ? 'Nothing is stored while zero data retention is on.'
                : 'Off by default. Stored bodies are redacted before they are written.'
          }
        >
          <BodiesForm settings={settings} disabled={!canEdit} action={saveBodiesAction.bind(null, team.slug)} />
        </Card>
        <Card
          title="Plan"
          description={
            current
              ? `${current.name}: ${perMinute(current.requestsPerMinute, 'requests')}, ${perMinute(current.tokensPerMinute, 'tokens')}, bring-your-own-key ${current.byokAllowed ? 'included' : 'not included'}${current.monthlyCreditsMicros > 0 ? `, ${formatDollars(current.monthlyCreditsMicros)} of credits a month` : ''}.`
              : `Plan '${team.plan}'.`
          }
        >
          {user.isInstanceAdmin ? (
            <PlanForm
              current={team.plan}
              action={setPlanAction.bind(null, team.slug)}
              plans={plans.map((plan) => ({ id: plan.id, name: plan.name, summary: `${perMinute(plan.requestsPerMinute, 'requests')}, BYOK ${plan.byokAllowed ? 'yes' : 'no'}${plan.monthlyCreditsMicros > 0 ? `, ${formatDollars(plan.monthlyCreditsMicros)}/month` : ''}` }))}
            />
          ) : (
            <p className="muted" style={{ margin: 0 }}>
              Only instance admins change plans.
            </p>
          )}
        </Card>
      </div>
    </>
  );
}
