'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { NavIcon } from './nav-icon';

const items = [
  { href: '', label: 'Overview', icon: 'overview' },
  { href: '/keys', label: 'API keys', icon: 'keys' },
  { href: '/usage', label: 'Usage', icon: 'usage' },
  { href: '/models', label: 'Models', icon: 'models' },
  { href: '/playground', label: 'Playground', icon: 'playground' },
  { href: '/credentials', label: 'Provider keys', icon: 'credentials' },
  { href: '/oidc', label: 'OIDC trusts', icon: 'oidc' },
  { href: '/members', label: 'Members', icon: 'members' },
  { href: '/credits', label: 'Credits', icon: 'credits' },
  { href: '/budgets', label: 'Budgets', icon: 'budgets', adminOnly: true },
  { href: '/settings', label: 'Settings', icon: 'settings' },
  { href: '/alerts', label: 'Alerts', icon: 'alerts', adminOnly: true },
  { href: '/audit', label: 'Audit log', icon: 'audit', adminOnly: true },
];

/** The team's sections (alerts and the audit log only for admins); the current one is marked for assistive technology too. */
export function ShellNav({ team, admin = false }: { team: string; admin?: boolean }) {
  const pathname = usePathname();
  const base = `/t/${team}`;
  return (
    <nav className="nav" aria-label="Team">
      {items.filter((item) => admin || !('adminOnly' in item)).map((item) => {
        const href = base + item.href;
        const current = item.href === '' ? pathname === base : pathname === href || pathname.startsWith(`${href}/`);
        return (
          <Link key={item.label} href={href} aria-current={current ? 'page' : undefined}>
            <NavIcon name={item.icon} />
            {item.label}
          </Link>
        );
      })}
    </nav>
  );
}
