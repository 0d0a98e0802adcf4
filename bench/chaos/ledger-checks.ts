import postgres from 'postgres';
import { REDIS_FREEZE, type Fault } from './faults';
import type { ChaosTeam, LoadTally } from './load';

export type Check = { name: string; ok: boolean; detail: string };

type Sql = postgres.Sql;

/**
 * Waits until the usage log stops growing (every instance's meter has flushed), bounded.
 * Returns the number of rows then.
 */
export async function waitForQuietLedger(url: string, timeoutMs: number): Promise<number> {
  const sql = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 5 });
  try {
    const deadline = Date.now() + timeoutMs;
    let last = -1;
    let stable = 0;
    while (Date.now() < deadline) {
      const [{ rows }] = await sql<{ rows: number }[]>`select count(*)::int as rows from usage_logs`.catch(() => [{ rows: -1 }]);
      stable = rows === last && rows >= 0 ? stable + 1 : 0;
      last = rows;
      if (stable >= 4) return rows;
      await new Promise((resolve) => setTimeout(resolve, 750));
    }
    return last;
  } finally {
    await sql.end();
  }
}

/** The hold rows still live: a hold is deleted with its generation's usage row, and stops counting when it expires. */
async function liveHolds(sql: Sql): Promise<number> {
  const [{ holds }] = await sql<{ holds: number }[]>`select count(*)::int as holds from credit_holds where expires_at > now()`;
  return holds;
}

/** Every money and logging invariant the chaos run must leave intact, with the figures. */
export async function checkLedger(url: string, tally: LoadTally, faults: Fault[], teams: ChaosTeam[], limits: { keySpendLimitMicros: number; instances: number }): Promise<{ checks: Check[]; figures: Record<string, unknown> }> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  const checks: Check[] = [];
  const figures: Record<string, unknown> = {};
  try {
    const name = (teamId: string) => teams.find((team) => team.id === teamId)?.name ?? teamId;
    const ids = [...tally.generationIds.keys()];
    const found = new Set<string>();
    for (let at = 0; at < ids.length; at += 5_000) {
      const rows = await sql<{ generation_id: string }[]>`select generation_id from usage_logs where generation_id = any(${ids.slice(at, at + 5_000)})`;
      for (const row of rows) found.add(row.generation_id);
    }
    const lost = ids.filter((id) => !found.has(id));
    const lostByDoor = new Map<string, number>();
    for (const id of lost) {
      const seen = tally.generationIds.get(id)!;
      const key = `${seen.instance} ${seen.door} ${seen.status}`;
      lostByDoor.set(key, (lostByDoor.get(key) ?? 0) + 1);
    }
    // A row lost to a kill -9 was answered by that instance shortly before it died (the meter's batch window).
    const nearKill = lost.filter((id) => {
      const seen = tally.generationIds.get(id)!;
      return faults.some((fault) => fault.killed === seen.instance && seen.at <= fault.time && fault.time - seen.at < 5_000);
    }).length;
    figures.generationIdsReceived = ids.length;
    figures.rowsLost = lost.length;
    figures.rowsLostWithin5sBeforeAKill = nearKill;
    checks.push({ name: 'no row lost: every generation id a client received has a usage row', ok: lost.length === 0, detail: lost.length ? `${lost.length} of ${ids.length} missing, ${nearKill} answered by an instance less than 5 s before it was killed (${[...lostByDoor].map(([key, n]) => `${key}: ${n}`).join(', ')}); e.g. ${lost.slice(0, 3).join(', ')}` : `${ids.length} ids, all logged` });

    const [rowCounts] = await sql<{ rows: number; distinct: number }[]>`select count(*)::int as rows, count(distinct generation_id)::int as distinct from usage_logs`;
    checks.push({ name: 'one usage row per generation id', ok: rowCounts.rows === rowCounts.distinct, detail: `${rowCounts.rows} rows, ${rowCounts.distinct} generation ids` });

    const doubles = await sql<{ generation_id: string; debits: number }[]>`
      select generation_id, count(*)::int as debits from credit_ledger where kind = 'debit' and generation_id is not null group by generation_id having count(*) > 1`;
    // Usage debits are one ledger row per team and UTC day (`usage:<team>:<day>`), plus per-request rows
    // written before that change: each day's debits must equal what that day's usage rows bill.
    const mismatched = await sql<{ team_id: string; day: string; billed: number; debited: number }[]>`
      with billed as (
        select team_id, to_char(created_at at time zone 'UTC', 'YYYY-MM-DD') as day, sum(billed_micros) as billed from usage_logs group by 1, 2
      ), debited as (
        select team_id, day, sum(debited) as debited from (
          select l.team_id, substr(l.idempotency_key, length('usage:' || l.team_id || ':') + 1) as day, -l.amount_micros as debited
          from credit_ledger l where l.kind = 'debit' and l.idempotency_key like 'usage:%'
          union all
          select l.team_id, to_char(u.created_at at time zone 'UTC', 'YYYY-MM-DD'), -l.amount_micros
          from credit_ledger l join usage_logs u on u.generation_id = l.generation_id where l.kind = 'debit'
        ) as debits group by 1, 2
      )
      select coalesce(b.team_id, d.team_id) as team_id, coalesce(b.day, d.day) as day, coalesce(b.billed, 0)::bigint as billed, coalesce(d.debited, 0)::bigint as debited
      from billed b full join debited d on d.team_id = b.team_id and d.day = b.day
      where coalesce(b.billed, 0) <> coalesce(d.debited, 0)`;
    figures.doubleCharges = doubles.length;
    checks.push({
      name: 'no double charge: at most one per-request debit per generation, and each day\'s debits equal what its usage rows bill',
      ok: doubles.length === 0 && mismatched.length === 0,
      detail: `${doubles.length} generations debited more than once; ${mismatched.length} team-days whose debits differ from the billed amount${mismatched.length ? ` (e.g. ${mismatched.slice(0, 3).map((row) => `${name(row.team_id)} ${row.day}: billed ${row.billed}, debited ${row.debited}`).join('; ')})` : ''}`,
    });

    const perTeam = await sql<{ team_id: string; balance: number; reserved: number; ledger: number; grants: number; billed: number; debited: number; lowest: number | null }[]>`
      select b.team_id, b.balance_micros::bigint as balance,
        (select coalesce(sum(credit_micros), 0) from credit_holds h where h.team_id = b.team_id and h.expires_at > now())::bigint as reserved,
        (select coalesce(sum(amount_micros), 0) from credit_ledger l where l.team_id = b.team_id)::bigint as ledger,
        (select coalesce(sum(amount_micros), 0) from credit_ledger l where l.team_id = b.team_id and l.kind <> 'debit')::bigint as grants,
        (select coalesce(sum(billed_micros), 0) from usage_logs u where u.team_id = b.team_id)::bigint as billed,
        (select coalesce(-sum(amount_micros), 0) from credit_ledger l where l.team_id = b.team_id and l.kind = 'debit')::bigint as debited,
        (select min(balance_after_micros) from credit_ledger l where l.team_id = b.team_id)::bigint as lowest
      from credit_balances b`;
    const unbalanced = perTeam.filter((row) => Number(row.ledger) !== Number(row.balance) || Number(row.grants) - Number(row.billed) !== Number(row.balance) || Number(row.billed) !== Number(row.debited));
    checks.push({
      name: 'ledger = balance = grants − Σ billed, per team',
      ok: unbalanced.length === 0,
      detail: unbalanced.length
        ? unbalanced.map((row) => `${name(row.team_id)}: balance ${row.balance}, Σ ledger ${row.ledger}, grants ${row.grants} − billed ${row.billed} = ${Number(row.grants) - Number(row.billed)}, debited ${row.debited}`).join('; ')
        : `${perTeam.length} teams consistent`,
    });

    // "At most one request past zero": a team may end below zero by at most its dearest request, once per instance racing.
    const dearest = await sql<{ team_id: string; dearest: number }[]>`select team_id, max(billed_micros)::bigint as dearest from usage_logs group by team_id`;
    const overdrafts = perTeam.map((row) => ({ team: name(row.team_id), lowest: Math.min(Number(row.balance), Number(row.lowest ?? row.balance)), allowed: -Number(dearest.find((d) => d.team_id === row.team_id)?.dearest ?? 0) * limits.instances }));
    const worst = overdrafts.reduce((low, row) => (row.lowest < low.lowest ? row : low), { team: '-', lowest: 0, allowed: 0 });
    figures.maxOverdraftMicros = worst.lowest < 0 ? -worst.lowest : 0;
    const overdrawn = overdrafts.filter((row) => row.lowest < row.allowed);
    checks.push({
      name: `overdraft within one request per instance (${limits.instances})`,
      ok: overdrawn.length === 0,
      detail: `most negative balance ${(worst.lowest / 1e6).toFixed(6)} $ (${worst.team})${overdrawn.length ? `; beyond the bound: ${overdrawn.map((row) => `${row.team} ${(row.lowest / 1e6).toFixed(6)} $ < ${(row.allowed / 1e6).toFixed(6)} $`).join(', ')}` : ''}`,
    });

    const limited = teams.find((team) => team.kind === 'limited');
    if (limited) {
      const [{ spent, dearest: dearestKey }] = await sql<{ spent: number; dearest: number }[]>`
        select coalesce(sum(cost_micros), 0)::bigint as spent, coalesce(max(cost_micros), 0)::bigint as dearest from usage_logs where api_key_id = ${limited.keyId}`;
      const bound = limits.keySpendLimitMicros + Number(dearestKey) * limits.instances;
      figures.keySpendOverLimitMicros = Math.max(0, Number(spent) - limits.keySpendLimitMicros);
      checks.push({ name: 'a key spend limit holds across instances (within one request per instance)', ok: Number(spent) <= bound, detail: `spent ${(Number(spent) / 1e6).toFixed(6)} $ of a ${(limits.keySpendLimitMicros / 1e6).toFixed(6)} $ limit` });
    }

    // A hung Redis must cost each request at most a command timeout: the rate-limited team's answers keep coming while it is frozen.
    const freeze = faults.find((fault) => fault.what === REDIS_FREEZE);
    const rateLimited = new Set(teams.filter((team) => team.rateLimited).map((team) => team.name));
    if (freeze && rateLimited.size > 0) {
      const window = (from: number, to: number) => tally.heads.filter((head) => rateLimited.has(head.team) && head.at >= from && head.at < to).length;
      const seconds = (freeze.downMs - 500) / 1000;
      const during = window(freeze.time + 500, freeze.time + freeze.downMs);
      const before = window(freeze.time - 500 - freeze.downMs, freeze.time - 500);
      figures.rateLimitedResponsesDuringRedisFreeze = during;
      checks.push({
        name: 'a rate-limited team is answered while Redis hangs',
        ok: during > 0,
        detail: `${(during / seconds).toFixed(1)} response heads a second in the freeze after its first half second, ${(before / seconds).toFixed(1)} a second just before it`,
      });
    }

    const serverErrors = [...tally.byOutcome].filter(([outcome]) => outcome.startsWith('500')).reduce((sum, [, n]) => sum + n, 0);
    figures.status500 = serverErrors;
    checks.push({ name: 'no 500: database and Redis trouble is a 503 with retry-after', ok: serverErrors === 0, detail: `${serverErrors} answers with status 500` });

    const reserved = perTeam.filter((row) => Number(row.reserved) !== 0);
    const holds = await liveHolds(sql);
    figures.holdsLeftReservedMicros = perTeam.reduce((sum, row) => sum + Number(row.reserved), 0);
    figures.liveHoldRows = holds;
    checks.push({
      name: 'no hold left reserved after the requests ended',
      ok: reserved.length === 0 && !holds,
      detail: `${reserved.length ? reserved.map((row) => `${name(row.team_id)}: ${row.reserved} µ$ held`).join(', ') : 'nothing held'}; live hold rows: ${holds}`,
    });
  } finally {
    await sql.end();
  }
  return { checks, figures };
}
