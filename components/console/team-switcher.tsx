import Link from 'next/link';

type TeamOption = { slug: string; name: string };

/** A disclosure menu of the user's teams; plain links, so it works with a keyboard and without JavaScript. */
export function TeamSwitcher({ current, role, teams }: { current: TeamOption; role: string; teams: TeamOption[] }) {
  return (
    <details className="switcher">
      <summary aria-label={`Team: ${current.name}. Switch team`}>
        <span style={{ minWidth: 0 }}>
          <span className="switcher-name" style={{ display: 'block' }}>
            {current.name}
          </span>
          <span className="switcher-role">{role === 'instance-admin' ? 'instance admin' : role}</span>
        </span>
        <svg width="16" height="16" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden="true">
          <path d="M8 9l4-4 4 4M8 15l4 4 4-4" />
        </svg>
      </summary>
      <div className="switcher-menu">
        {teams.map((team) => (
          <Link key={team.slug} href={`/t/${team.slug}`} aria-current={team.slug === current.slug ? 'true' : undefined}>
            <span>{team.name}</span>
            <span className="muted mono">{team.slug}</span>
          </Link>
        ))}
        <hr />
        <Link href="/teams">All teams</Link>
        <Link href="/teams#create">Create a team</Link>
      </div>
    </details>
  );
}
