'use server';

import { revalidatePath } from 'next/cache';
import { requireConsoleTeam } from '@/lib/auth/console-session';
import { formText, runAction, type ActionState } from '@/lib/console/action-state';
import { createBudget } from '@/lib/services/budgets/create-budget';
import { deleteBudget } from '@/lib/services/budgets/delete-budget';

/** Add (or change the limit of) a budget: admins and above; the verb validates every field. */
export async function addBudgetAction(teamSlug: string, _previous: ActionState | undefined, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const { team, ctx } = await requireConsoleTeam(teamSlug, 'admin');
    const budget = await createBudget({
      ctx,
      input: { team: team.id, scope: formText(form, 'scope') as never, subject: formText(form, 'subject') ?? '', period: formText(form, 'period') as never, limit: formText(form, 'limit') ?? '' },
    });
    revalidatePath(`/t/${team.slug}/budgets`);
    return { ok: true, message: `Budget set for ${budget.scope} '${budget.subject}'. It applies from the next request.` };
  });
}

/** Delete a budget: admins and above. */
export async function deleteBudgetAction(teamSlug: string, budgetId: string): Promise<ActionState> {
  return runAction(async () => {
    const { team, ctx } = await requireConsoleTeam(teamSlug, 'admin');
    await deleteBudget({ ctx, input: { team: team.id, budgetId } });
    revalidatePath(`/t/${team.slug}/budgets`);
    return { ok: true };
  });
}
