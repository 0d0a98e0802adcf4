import type { Metadata } from 'next';
import Link from 'next/link';
import { signOutAction } from '../actions';
import { Badge } from '@/components/ui/badge';
import { Card, TableCard } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { consoleContext, requireConsoleUser } from '@/lib/auth/console-session';
import { formatDollars } from '@/lib/console/format';
import { listMyTeams } from '@/lib/services/teams/list-my-teams';
import { CreateTeamForm } from './create-team-form';

export const metadata: Metadata = { title: 'Teams · Gatehouse' };

/** Where a signed-in user lands: their teams, and a way to make one. */
export default async function TeamsPage() {
  const user = await requireConsoleUser('/teams');
  const teams = await listMyTeams({ ctx: await consoleContext(user) });
  return (
    <main style={{ maxWidth: 880 }}>
      <PageHeader
        title="Teams"
        description={`Signed in as ${user.email}${user.isInstanceAdmin ? ' · instance admin' : ''}`}
        actions={
          <div className="row">
            {user.isInstanceAdmin ? (
              <Link href="/audit" className="button">
                Audit log
              </Link>
            ) : null}
            <Link href="/account" className="button">
              Account
            </Link>
            <form action={signOutAction}>
              <button type="submit" className="button">
                Sign out
              </button>
            </form>
          </div>
        }
      />
      <div className="stack">
        <TableCard title="Your teams" description="Each team has its own API keys, provider keys, credits and members.">
          {teams.length === 0 ? (
            <EmptyState title="You are not in a team yet">Create one below, or ask a team admin for an invite link.</EmptyState>
          ) : (
            <table>
              <thead>
                <tr>
                  <th scope="col">Team</th>
                  <th scope="col">Your role</th>
                  <th scope="col">Plan</th>
                  <th scope="col" className="num">
                    Balance
                  </th>
                </tr>
              </thead>
              <tbody>
                {teams.map((team) => (
                  <tr key={team.id}>
                    <td>
                      <Link href={`/t/${team.slug}`}>{team.name}</Link> <span className="muted mono">{team.slug}</span>
                    </td>
                    <td>
                      <Badge tone={team.role === 'owner' ? 'accent' : 'muted'}>{team.role === 'instance-admin' ? 'instance admin' : team.role}</Badge>
                    </td>
                    <td>{team.plan}</td>
                    <td className="num">{formatDollars(team.balanceMicros)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </TableCard>
        <div id="create">
          <Card title="Create a team" description="You become its owner. Invite others from its Members page.">
            <CreateTeamForm />
          </Card>
        </div>
      </div>
    </main>
  );
}
