import { countLiveKeysByCreator } from '@/db/queries/api-keys';
import { listPendingInvites } from '@/db/queries/invites';
import { listMembers as listMemberRows } from '@/db/queries/memberships';
import { requireTeamRole, type ServiceContext } from '../context';
import { actorRole } from './roles';

/**
 * A team's members; for admins also pending invites (never their tokens) and how many working
 * keys each member created, which removing them would stop.
 */
export async function listMembers({ ctx, input }: { ctx: ServiceContext; input: { team: string } }) {
  const team = await requireTeamRole(ctx, input.team, 'viewer');
  const role = await actorRole(ctx, team.id);
  const rows = await listMemberRows(ctx.db, team.id);
  const canManage = role === 'instance-admin' || role === 'owner' || role === 'admin';
  const invites = canManage ? await listPendingInvites(ctx.db, team.id) : [];
  const liveKeys = canManage ? await countLiveKeysByCreator(ctx.db, team.id) : new Map<string, number>();
  const members = rows.map((member) => ({ ...member, liveKeys: canManage ? (liveKeys.get(member.userId) ?? 0) : null }));
  return { team, members, invites };
}
