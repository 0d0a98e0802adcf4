import { count, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { users } from '../schema';

/** What pages and sessions may know about a user: never the password hash. */
const publicColumns = { id: users.id, email: users.email, name: users.name, isInstanceAdmin: users.isInstanceAdmin };

export type PublicUser = { id: string; email: string; name: string | null; isInstanceAdmin: boolean };

/** Emails are compared case-insensitively; they are stored lower-cased. */
export const normalizeEmail = (email: string) => email.trim().toLowerCase();

export async function findUserById(db: DbOrTx, id: string): Promise<PublicUser | undefined> {
  const [row] = await db.select(publicColumns).from(users).where(eq(users.id, id)).limit(1);
  return row;
}

export async function findUserByEmail(db: DbOrTx, email: string): Promise<PublicUser | undefined> {
  const [row] = await db.select(publicColumns).from(users).where(eq(users.email, normalizeEmail(email))).limit(1);
  return row;
}

/** Only for verifying a password at sign-in. */
export async function findPasswordHash(db: DbOrTx, email: string) {
  const [row] = await db
    .select({ id: users.id, passwordHash: users.passwordHash, disabledAt: users.disabledAt })
    .from(users)
    .where(eq(users.email, normalizeEmail(email)))
    .limit(1);
  return row;
}

/** Only for checking the current password before it is changed. */
export async function findPasswordHashById(db: DbOrTx, id: string) {
  const [row] = await db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, id)).limit(1);
  return row;
}

export async function updatePasswordHash(db: DbOrTx, id: string, passwordHash: string) {
  await db.update(users).set({ passwordHash }).where(eq(users.id, id));
}

/** Whether an instance admin has disabled this account (undefined: no such user). */
export async function findUserDisabled(db: DbOrTx, email: string): Promise<boolean | undefined> {
  const [row] = await db.select({ disabledAt: users.disabledAt }).from(users).where(eq(users.email, normalizeEmail(email))).limit(1);
  return row ? row.disabledAt !== null : undefined;
}

/** Disables (or enables again) an account; false when there is no such user. */
export async function setUserDisabledAt(db: DbOrTx, id: string, disabledAt: Date | null): Promise<boolean> {
  const rows = await db.update(users).set({ disabledAt }).where(eq(users.id, id)).returning({ id: users.id });
  return rows.length > 0;
}

export async function insertUser(db: DbOrTx, user: { id: string; email: string; name?: string | null; passwordHash?: string | null; isInstanceAdmin?: boolean }) {
  const [row] = await db
    .insert(users)
    .values({ ...user, email: normalizeEmail(user.email) })
    .returning(publicColumns);
  return row;
}

export async function countUsers(db: DbOrTx): Promise<number> {
  const [row] = await db.select({ value: count() }).from(users);
  return Number(row?.value ?? 0);
}

/** Emails by user id, for showing who created what. */
export async function findUserEmails(db: DbOrTx, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select({ id: users.id, email: users.email }).from(users).where(inArray(users.id, ids));
  return new Map(rows.map((row) => [row.id, row.email]));
}

export async function setUserName(db: DbOrTx, id: string, name: string) {
  await db.update(users).set({ name: sql`coalesce(${users.name}, ${name})` }).where(eq(users.id, id));
}
