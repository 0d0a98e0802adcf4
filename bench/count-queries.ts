/**
 * Opt-in diagnostics for the Gatehouse child (BENCH_DIAG=1): counts the SQL statements the
 * database client sends, by text, so queries per request can be read from the results.
 */
export function queryCounter(): { onQuery(sql: string): void; counts(): Record<string, number> } {
  const counts = new Map<string, number>();
  return {
    onQuery(sql) {
      const key = sql.replace(/\s+/g, ' ').slice(0, 160);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    },
    counts: () => Object.fromEntries([...counts].sort((a, b) => b[1] - a[1])),
  };
}
