/** Small line icons for the console navigation (24×24 paths, stroked). */
const paths: Record<string, string> = {
  overview: 'M3 12l9-8 9 8M5 10v10h5v-6h4v6h5V10',
  keys: 'M15 7a4 4 0 1 1-3.46 6H9v2H7v2H4v-3l6.54-6.54A4 4 0 0 1 15 7zm1 2h.01',
  usage: 'M4 20V10m6 10V4m6 16v-7m6 7H2',
  credentials: 'M12 3l8 4v5c0 5-3.5 8-8 9-4.5-1-8-4-8-9V7l8-4zm-3 9l2 2 4-4',
  oidc: 'M4 5h16v14H4zM9 12a2 2 0 1 0 0-4 2 2 0 0 0 0 4zm-3 4a3 3 0 0 1 6 0m3-6h3m-3 3h3',
  members: 'M16 20v-2a4 4 0 0 0-4-4H6a4 4 0 0 0-4 4v2M9 10a3 3 0 1 0 0-6 3 3 0 0 0 0 6zm13 10v-2a4 4 0 0 0-3-3.87M16 4.13a3 3 0 0 1 0 5.75',
  credits: 'M12 2v20M17 6H9.5a3.5 3.5 0 0 0 0 7h5a3.5 3.5 0 0 1 0 7H6',
  models: 'M12 2l9 5-9 5-9-5 9-5zm-9 10l9 5 9-5M3 17l9 5 9-5',
  playground: 'M21 12a8 8 0 0 1-11.6 7.1L4 20l1-4.6A8 8 0 1 1 21 12zM9 10l2 2-2 2m4 0h2',
  settings: 'M4 6h10M18 6h2M4 12h4m4 0h8M4 18h12m4 0h0M14 4v4M8 10v4m8 2v4',
  alerts: 'M6 16V11a6 6 0 0 1 12 0v5l2 2H4l2-2zm4 4a2 2 0 0 0 4 0',
  audit: 'M9 4h6v3H9zM7 5H5v16h14V5h-2M8 11h8M8 15h8M8 19h5',
  budgets: 'M12 21a9 9 0 1 1 9-9M12 12V3m0 9l6.36 6.36',
};

export function NavIcon({ name }: { name: string }) {
  return (
    <svg className="nav-icon" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
      <path d={paths[name] ?? paths.overview} />
    </svg>
  );
}
