import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { BudgetForm } from '@/components/budgets/budget-form';
import { DeleteBudgetButton } from '@/components/budgets/delete-budget-button';
import { Card, TableCard } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { requireConsoleTeam } from '@/lib/auth/console-session';
import { formatDollars } from '@/lib/billing/budgets';
import { listTeamBudgets } from '@/lib/services/budgets/list-budgets';
import { roleAtLeast } from '@/lib/services/context';
import { addBudgetAction, deleteBudgetAction } from './actions';

export const metadata: Metadata = { title: 'Budgets · Gatehouse' };

const periods: Record<string, string> = { day: 'per day', week: 'per week', month: 'per month', total: 'in total' };

/** Spend limits on parts of the team's traffic, for its admins; others are told there is no such page. */
export default async function BudgetsPage({ params }: { params: Promise<{ team: string }> }) {
  const { team: slug } = await params;
  const { team, role, ctx } = await requireConsoleTeam(slug, 'viewer');
  if (!roleAtLeast(role, 'admin')) notFound();
  const budgets = await listTeamBudgets({ ctx, input: { team: team.id } });
  return (
    <>
      <PageHeader
        title="Budgets"
        description="Spend limits on a member, a key, an end user or a tag, on top of the team's credits. A request that would pass one is refused with 402 naming it. Spend counts every request's cost, including those served with the team's own provider keys."
      />
      <div className="stack">
        <TableCard title="Budgets" description="Spent in the current period (UTC) from the usage log.">
          {budgets.length === 0 ? (
            <EmptyState title="No budgets yet">Add one below to cap a tag, a key, a member or an end user.</EmptyState>
          ) : (
            <table aria-label="Budgets">
              <thead>
                <tr>
                  <th scope="col">Applies to</th>
                  <th scope="col">Period</th>
                  <th scope="col">Spent / limit</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {budgets.map(({ budget, spentMicros, fraction }) => {
                  const label = `${budget.scope} '${budget.subject}'`;
                  return (
                    <tr key={budget.id}>
                      <td>
                        {budget.scope} <span className="mono">{budget.subject}</span>
                      </td>
                      <td>{periods[budget.period] ?? budget.period}</td>
                      <td>
                        <div className="nowrap">
                          {formatDollars(spentMicros)} / {formatDollars(budget.limitMicros)}
                        </div>
                        <meter min={0} max={1} low={0.8} high={0.99} optimum={0} value={Math.min(1, fraction)} aria-label={`${label}: ${Math.round(fraction * 100)}% spent`} style={{ width: '100%' }} />
                      </td>
                      <td>
                        <DeleteBudgetButton label={label} remove={deleteBudgetAction.bind(null, team.slug, budget.id)} />
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </TableCard>
        <Card title="Add a budget" description="The same scope, subject and period again changes the limit.">
          <BudgetForm action={addBudgetAction.bind(null, team.slug)} />
        </Card>
      </div>
    </>
  );
}
