'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { consoleContext, requireConsoleTeam, requireConsoleUser } from '@/lib/auth/console-session';
import { formText, runAction, type ActionState } from '@/lib/console/action-state';
import { publicBaseUrl } from '@/lib/console/base-url';
import { changeRole } from '@/lib/services/members/change-role';
import { createInvite } from '@/lib/services/members/create-invite';
import { leaveTeam } from '@/lib/services/members/leave-team';
import { removeMember } from '@/lib/services/members/remove-member';
import { revokeInvite } from '@/lib/services/members/revoke-invite';

const role = z.enum(['owner', 'admin', 'member', 'viewer']);

/** Create invite link: admins and above (owners for the owner role). The link is shown once. */
export async function createInviteAction(teamSlug: string, _previous: ActionState<{ link: string; role: string }> | undefined, form: FormData): Promise<ActionState<{ link: string; role: string }>> {
  return runAction(async () => {
    const { team, ctx } = await requireConsoleTeam(teamSlug, 'admin');
    const invite = await createInvite({ ctx, input: { team: team.id, role: role.parse(formText(form, 'role')), expiresInDays: formText(form, 'expiresInDays') ?? 7 } });
    revalidatePath(`/t/${team.slug}/members`);
    return { ok: true, data: { link: `${await publicBaseUrl()}/invite/${invite.token}`, role: invite.role } };
  });
}

/** Change a member's role: admins and above. */
export async function changeRoleAction(teamSlug: string, userId: string, newRole: string): Promise<ActionState> {
  return runAction(async () => {
    const { team, ctx } = await requireConsoleTeam(teamSlug, 'admin');
    await changeRole({ ctx, input: { team: team.id, userId, role: role.parse(newRole) } });
    revalidatePath(`/t/${team.slug}/members`);
    return { ok: true };
  });
}

/** Remove a member: admins and above (owners for owners). */
export async function removeMemberAction(teamSlug: string, userId: string): Promise<ActionState> {
  return runAction(async () => {
    const { team, ctx } = await requireConsoleTeam(teamSlug, 'admin');
    await removeMember({ ctx, input: { team: team.id, userId } });
    revalidatePath(`/t/${team.slug}/members`);
    return { ok: true };
  });
}

/** Withdraw an open invite: admins and above. */
export async function revokeInviteAction(teamSlug: string, inviteId: string): Promise<ActionState> {
  return runAction(async () => {
    const { team, ctx } = await requireConsoleTeam(teamSlug, 'admin');
    await revokeInvite({ ctx, input: { team: team.id, inviteId } });
    revalidatePath(`/t/${team.slug}/members`);
    return { ok: true };
  });
}

/** Leave the team: any member (not the last owner). */
export async function leaveTeamAction(teamSlug: string): Promise<ActionState> {
  const user = await requireConsoleUser(`/t/${teamSlug}/members`);
  const result = await runAction(async () => {
    await leaveTeam({ ctx: await consoleContext(user), input: { team: teamSlug } });
    return { ok: true };
  });
  if (result.ok) redirect('/teams');
  return result;
}
