/** The cookie that remembers a dismissed low-credit banner for one team (ids are `[A-Za-z0-9_-]`). */
export function lowCreditBannerCookie(teamId: string): string {
  return `gh-low-credit-${teamId.replace(/[^A-Za-z0-9_-]/g, '')}`;
}

/** How long a dismissal lasts: long enough to stop nagging, short enough that a team that stays low hears again. */
export const LOW_CREDIT_BANNER_DAYS = 7;
