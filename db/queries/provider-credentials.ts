import { and, asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { providerCredentials } from '../schema';

export async function insertCredential(db: DbOrTx, credential: typeof providerCredentials.$inferInsert) {
  await db.insert(providerCredentials).values(credential);
}

/** For pages and APIs: everything but the secret. */
export async function listCredentials(db: DbOrTx, teamId: string) {
  return db
    .select({
      id: providerCredentials.id,
      provider: providerCredentials.provider,
      label: providerCredentials.label,
      hint: providerCredentials.hint,
      baseUrl: providerCredentials.baseUrl,
      enabled: providerCredentials.enabled,
      zeroDataRetention: providerCredentials.zeroDataRetention,
      modelMappings: providerCredentials.modelMappings,
      createdAt: providerCredentials.createdAt,
    })
    .from(providerCredentials)
    .where(eq(providerCredentials.teamId, teamId))
    .orderBy(asc(providerCredentials.createdAt));
}

/** For the gateway only: enabled credentials with their ciphertext. */
export async function listEnabledSealedCredentials(db: DbOrTx, teamId: string) {
  return db
    .select({
      id: providerCredentials.id,
      provider: providerCredentials.provider,
      encryptedSecret: providerCredentials.encryptedSecret,
      baseUrl: providerCredentials.baseUrl,
      zeroDataRetention: providerCredentials.zeroDataRetention,
      modelMappings: providerCredentials.modelMappings,
    })
    .from(providerCredentials)
    .where(and(eq(providerCredentials.teamId, teamId), eq(providerCredentials.enabled, true)))
    .orderBy(asc(providerCredentials.createdAt));
}

export async function deleteCredential(db: DbOrTx, teamId: string, credentialId: string): Promise<boolean> {
  const rows = await db
    .delete(providerCredentials)
    .where(and(eq(providerCredentials.id, credentialId), eq(providerCredentials.teamId, teamId)))
    .returning({ id: providerCredentials.id });
  return rows.length > 0;
}

export async function setCredentialEnabled(db: DbOrTx, teamId: string, credentialId: string, enabled: boolean): Promise<boolean> {
  const rows = await db
    .update(providerCredentials)
    .set({ enabled })
    .where(and(eq(providerCredentials.id, credentialId), eq(providerCredentials.teamId, teamId)))
    .returning({ id: providerCredentials.id });
  return rows.length > 0;
}
