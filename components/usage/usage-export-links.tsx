/** Downloads of the rows the current filters select, streamed by the console's export route. */
export function UsageExportLinks({ team, search }: { team: string; search: string }) {
  const href = (format: 'csv' | 'jsonl') => {
    const params = new URLSearchParams(search);
    params.set('format', format);
    return `/api/console/teams/${encodeURIComponent(team)}/usage/export?${params}`;
  };
  return (
    <>
      <a className="button button-small" href={href('csv')} download data-testid="usage-export-csv">
        Export CSV
      </a>
      <a className="button button-small button-ghost" href={href('jsonl')} download>
        Export JSON Lines
      </a>
    </>
  );
}
