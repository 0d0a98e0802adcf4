import type { Metadata } from 'next';
import { InviteForm } from '@/components/members/invite-form';
import { LeaveTeamButton } from '@/components/members/leave-team-button';
import { MemberRowActions } from '@/components/members/member-row-actions';
import { RevokeInviteButton } from '@/components/members/revoke-invite-button';
import { Badge } from '@/components/ui/badge';
import { Card, TableCard } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { requireConsoleTeam } from '@/lib/auth/console-session';
import { formatDate, formatRelative } from '@/lib/console/format';
import { roleAtLeast, teamRoles } from '@/lib/services/context';
import { listMembers } from '@/lib/services/members/list-members';
import { changeRoleAction, createInviteAction, leaveTeamAction, removeMemberAction, revokeInviteAction } from './actions';

export const metadata: Metadata = { title: 'Members · Gatehouse' };

const roleHelp = 'Viewers see everything but change nothing. Members also create API keys. Admins manage provider keys, settings, members and revoke keys. Owners can do everything, including managing other owners.';

export default async function MembersPage({ params }: { params: Promise<{ team: string }> }) {
  const { team: slug } = await params;
  const { user, team, role, ctx } = await requireConsoleTeam(slug, 'viewer');
  const { members, invites } = await listMembers({ ctx, input: { team: team.id } });
  const canManage = roleAtLeast(role, 'admin');
  const grantable = teamRoles.filter((option) => roleAtLeast(role, option));
  const isMember = members.some((member) => member.userId === user.id);
  return (
    <>
      <PageHeader title="Members" description={roleHelp} actions={isMember ? <LeaveTeamButton teamName={team.name} leave={leaveTeamAction.bind(null, team.slug)} /> : null} />
      <div className="stack">
        <TableCard title="People" description={`${members.length} member${members.length === 1 ? '' : 's'}`}>
          {members.length === 0 ? (
            <EmptyState title="Nobody is in this team yet">Create an invite link below and send it to the first member.</EmptyState>
          ) : (
            <table>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Joined</th>
                  <th scope="col" className={canManage ? 'num' : undefined}>
                    Role
                  </th>
                </tr>
              </thead>
              <tbody>
                {members.map((member) => (
                  <tr key={member.userId}>
                    <td>
                      <strong>{member.name ?? member.email}</strong> {member.userId === user.id ? <Badge tone="accent">you</Badge> : null}
                      {member.name ? <div className="muted">{member.email}</div> : null}
                    </td>
                    <td className="nowrap">{formatDate(member.joinedAt)}</td>
                    <td>
                      {canManage ? (
                        <MemberRowActions
                          name={member.name ?? member.email}
                          role={member.role}
                          roles={grantable}
                          liveKeys={member.liveKeys ?? 0}
                          changeRole={changeRoleAction.bind(null, team.slug, member.userId)}
                          remove={removeMemberAction.bind(null, team.slug, member.userId)}
                        />
                      ) : (
                        <Badge tone={member.role === 'owner' ? 'accent' : 'muted'}>{member.role}</Badge>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </TableCard>
        {canManage ? (
          <>
            <Card title="Invite someone" description="An invite is a one-time link. Whoever opens it signs in (or creates an account) and joins with the role you pick.">
              <InviteForm roles={grantable} action={createInviteAction.bind(null, team.slug)} />
            </Card>
            <TableCard title="Open invites">
              {invites.length === 0 ? (
                <EmptyState title="No open invites">Invite links you create appear here until they are used or expire.</EmptyState>
              ) : (
                <table>
                  <thead>
                    <tr>
                      <th scope="col">Role</th>
                      <th scope="col">Created by</th>
                      <th scope="col">Expires</th>
                      <th scope="col">
                        <span className="visually-hidden">Actions</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {invites.map((invite) => (
                      <tr key={invite.id}>
                        <td>
                          <Badge>{invite.role}</Badge>
                        </td>
                        <td>{invite.createdByEmail ?? '—'}</td>
                        <td>{formatRelative(invite.expiresAt)}</td>
                        <td className="num">
                          <RevokeInviteButton revoke={revokeInviteAction.bind(null, team.slug, invite.id)} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </TableCard>
          </>
        ) : null}
      </div>
    </>
  );
}
