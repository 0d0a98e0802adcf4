import { listProviderFacts } from '@/db/queries/catalog';
import { providers } from '../../providers/registry';
import { requireInstanceAdmin, type ServiceContext } from '../context';

/** Every provider with its policy facts and whether system credentials are configured. */
export async function listProviders({ ctx, configured }: { ctx: ServiceContext; configured(slug: string): boolean }) {
  requireInstanceAdmin(ctx);
  const facts = new Map((await listProviderFacts(ctx.db)).map((row) => [row.slug, row]));
  return providers.map((provider) => ({
    slug: provider.slug,
    name: provider.name,
    api: provider.api,
    systemCredentials: configured(provider.slug),
    zeroDataRetention: facts.get(provider.slug)?.zeroDataRetention ?? provider.facts.zeroDataRetention,
    trainsOnPrompts: facts.get(provider.slug)?.trainsOnPrompts ?? provider.facts.trainsOnPrompts,
    headquarters: facts.get(provider.slug)?.headquarters ?? provider.facts.headquarters,
    enabled: facts.get(provider.slug)?.enabled ?? true,
  }));
}
