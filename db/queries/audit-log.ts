import type { DbOrTx } from '../client';
import { auditLog } from '../schema';

export async function insertAuditEntry(db: DbOrTx, entry: typeof auditLog.$inferInsert) {
  await db.insert(auditLog).values(entry);
}
