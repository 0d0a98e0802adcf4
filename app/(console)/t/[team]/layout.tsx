import { cookies } from 'next/headers';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { DismissibleBanner } from '@/components/console/dismissible-banner';
import { ShellMenu } from '@/components/console/shell-menu';
import { ShellNav } from '@/components/console/shell-nav';
import { TeamSwitcher } from '@/components/console/team-switcher';
import { requireConsoleTeam } from '@/lib/auth/console-session';
import { LOW_CREDIT_BANNER_DAYS, lowCreditBannerCookie } from '@/lib/console/banner-cookies';
import { formatDollars } from '@/lib/console/format';
import { roleAtLeast } from '@/lib/services/context';
import { countRecentAlerts } from '@/lib/services/alerts/manage-alert-rules';
import { getCreditSummary } from '@/lib/services/credits/get-credit-summary';
import { listTeams } from '@/lib/services/teams/list-teams';
import { signOutAction } from '../../actions';

/** The console shell for one team: switcher, sections, the signed-in user, a low-credit banner (dismissible per team), and (for admins) a new-alerts banner. */
export default async function TeamLayout({ children, params }: { children: ReactNode; params: Promise<{ team: string }> }) {
  const { team: slug } = await params;
  const { user, team, role, ctx } = await requireConsoleTeam(slug, 'viewer');
  const admin = roleAtLeast(role, 'admin');
  const [teams, credits, cookieStore, alerts] = await Promise.all([
    listTeams({ ctx }),
    getCreditSummary({ ctx, input: { team: team.id } }),
    cookies(),
    admin ? countRecentAlerts({ ctx, input: { team: team.id } }) : Promise.resolve(0),
  ]);
  const bannerCookie = lowCreditBannerCookie(team.id);
  const showLowCredit = credits.low && !cookieStore.has(bannerCookie);
  return (
    <div className="shell">
      <a className="skip-link" href="#content">
        Skip to content
      </a>
      <ShellMenu
        brand={
          <Link href="/teams" className="sidebar-brand">
            <span className="logo" aria-hidden="true">
              G
            </span>
            Gatehouse
          </Link>
        }
      >
        <TeamSwitcher key={team.slug} current={team} role={role} teams={teams.map((item) => ({ slug: item.slug, name: item.name }))} />
        <ShellNav team={team.slug} admin={admin} />
        <div className="sidebar-footer">
          <div className="user-line">
            <span>{user.name ?? user.email}</span>
            {user.name ? <span className="muted">{user.email}</span> : null}
          </div>
          <form action={signOutAction}>
            <button type="submit" className="button button-ghost button-small">
              Sign out
            </button>
          </form>
        </div>
      </ShellMenu>
      <main className="content" id="content">
        {showLowCredit ? (
          <DismissibleBanner cookie={bannerCookie} maxAgeDays={LOW_CREDIT_BANNER_DAYS} tone="warning">
            <span>
              Credits are low: <strong>{formatDollars(credits.balanceMicros)}</strong> left (warning below {formatDollars(credits.lowBalanceThresholdMicros)}).
              Requests on system credentials are refused when the balance runs out.
            </span>
            <Link className="button button-small" href={`/t/${team.slug}/credits`} style={{ marginLeft: 'auto' }}>
              View credits
            </Link>
          </DismissibleBanner>
        ) : null}
        {alerts > 0 ? (
          <div className="alert alert-warning banner" role="status" data-testid="alerts-banner">
            <span>
              {alerts === 1 ? '1 new alert' : `${alerts} new alerts`} in the last week.
            </span>
            <Link className="button button-small" href={`/t/${team.slug}/alerts`}>
              View alerts
            </Link>
          </div>
        ) : null}
        {children}
      </main>
    </div>
  );
}
