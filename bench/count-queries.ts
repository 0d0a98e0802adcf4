/**
 * Opt-in diagnostics for the Gatehouse child (BENCH_DIAG=1): counts the SQL
 * statements PGlite runs, by text, so queries per request can be read from the results.
 * Patches PGlite's prototype before the runtime opens its database.
 */
import { PGlite } from '@electric-sql/pglite';

type Query = (sql: string, ...rest: unknown[]) => Promise<unknown>;
type TxBody = (tx: { query: Query }) => Promise<unknown>;

export function countPgliteQueries(): () => Record<string, number> {
  const counts = new Map<string, number>();
  const count = (sql: string) => {
    const key = sql.replace(/\s+/g, ' ').slice(0, 160);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  };
  const proto = PGlite.prototype as unknown as { query: Query; exec: Query; transaction(body: TxBody): Promise<unknown> };
  const query = proto.query;
  const exec = proto.exec;
  const transaction = proto.transaction;
  proto.query = function (this: unknown, sql, ...rest) {
    count(sql);
    return query.call(this, sql, ...rest);
  };
  proto.exec = function (this: unknown, sql, ...rest) {
    count(sql);
    return exec.call(this, sql, ...rest);
  };
  proto.transaction = function (this: unknown, body) {
    count('BEGIN … COMMIT (transaction)');
    return transaction.call(this, (tx) =>
      body(
        new Proxy(tx, {
          get(target, key, receiver) {
            if (key !== 'query') return Reflect.get(target, key, receiver);
            return (sql: string, ...rest: unknown[]) => {
              count(sql);
              return target.query(sql, ...rest);
            };
          },
        }),
      ),
    );
  };
  return () => Object.fromEntries([...counts].sort((a, b) => b[1] - a[1]));
}
