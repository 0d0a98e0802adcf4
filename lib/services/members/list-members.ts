import { listPendingInvites } from '@/db/queries/invites';
import { listMembers as listMemberRows } from '@/db/queries/memberships';
import { requireTeamRole, type ServiceContext } from '../context';
import { actorRole } from './roles';

/** A team's members; pending invites too for admins (never their tokens). */
export async function listMembers({ ctx, input }: { ctx: ServiceContext; input: { team: string } }) {
  const team = await requireTeamRole(ctx, input.team, 'viewer');
  const role = await actorRole(ctx, team.id);
  const members = await listMemberRows(ctx.db, team.id);
  const canManage = role === 'instance-admin' || role === 'owner' || role === 'admin';
  const invites = canManage ? await listPendingInvites(ctx.db, team.id) : [];
  return { team, members, invites };
}
