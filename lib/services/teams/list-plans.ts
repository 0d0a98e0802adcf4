import { listPlans as listPlanRows } from '@/db/queries/plans';
import type { ServiceContext } from '../context';

/** The plans a team can be on, with their limits (public to any signed-in user). */
export async function listPlans({ ctx }: { ctx: ServiceContext }) {
  return listPlanRows(ctx.db);
}
