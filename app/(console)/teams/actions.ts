'use server';

import { redirect } from 'next/navigation';
import { consoleContext, requireConsoleUser } from '@/lib/auth/console-session';
import { formText, runAction, type ActionState } from '@/lib/console/action-state';
import { createTeam } from '@/lib/services/teams/create-team';

/** Any signed-in user can create a team and becomes its owner. */
export async function createTeamAction(_previous: ActionState | undefined, form: FormData): Promise<ActionState> {
  const user = await requireConsoleUser('/teams');
  const result = await runAction(async () => {
    const team = await createTeam({ ctx: await consoleContext(user), input: { name: formText(form, 'name') ?? '', slug: formText(form, 'slug') } });
    return { ok: true, data: team };
  });
  if (result.ok && result.data) redirect(`/t/${result.data.slug}`);
  return result.ok ? { ok: true } : result;
}
