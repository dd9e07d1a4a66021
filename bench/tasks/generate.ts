/**
 * Data generator of the tasks benchmark: N customers spread over the demo account managers and
 * regions with tiers like a live book (2 % 5A, 8 % 4A, 15 % 3A, 25 % 2A, 30 % 1A, 20 % none yet;
 * about 1 % inactive), three key contacts each (core, important, ordinary) with birthdays spread
 * over the year. Set-based SQL (generate_series), deterministic.
 */
import type pg from 'pg';

export type GenerateReport = { customers: number; contacts: number; seconds: Record<string, number> };

const timed = async (seconds: Record<string, number>, name: string, work: () => Promise<unknown>) => {
  const t0 = performance.now();
  await work();
  seconds[name] = Math.round((performance.now() - t0) / 100) / 10;
};

/**
 * Fills an empty, migrated database that already has the demo org (regions, account managers).
 * Customers and contacts were last changed a day before now (`updated_at`), as in a live book
 * where the hourly job does not find the whole portfolio changed in the last minute.
 */
export async function generate(client: pg.ClientBase, n: number): Promise<GenerateReport> {
  const lastChangedAt = new Date(Date.now() - 86_400_000).toISOString();
  const seconds: Record<string, number> = {};
  await client.query(`set maintenance_work_mem = '256MB'`);
  // Consistent by construction: skip the per-row foreign-key triggers while loading.
  await client.query('set session_replication_role = replica');
  await client.query('set synchronous_commit = off');
  await timed(seconds, 'customers', () =>
    client.query(
      `with ams as (
         select array_agg(id order by username) as ids, array_agg(region_code order by username) as regions
         from users where role = 'account_manager' and region_code is not null)
       insert into customers (code, name, industry, region_code, account_manager_id, tier, stars,
         customer_since, status, created_at, updated_at)
       select 'B' || lpad(g::text, 8, '0'), '基准客户' || g,
         (array['A','C','D','F','G','I','J','K','L','M','O','P','Q'])[1 + g % 13],
         ams.regions[1 + g % array_length(ams.ids, 1)], ams.ids[1 + g % array_length(ams.ids, 1)],
         t.tier, case when t.tier is null then null else substr(t.tier, 1, 1)::int end,
         date '1998-01-01' + (g::bigint * 7919 % 9500)::int,
         case when g % 97 = 0 then 'inactive' else 'active' end, $2::timestamptz, $2::timestamptz
       from generate_series(1, $1::int) g cross join ams
       cross join lateral (select case when g % 100 < 2 then '5A' when g % 100 < 10 then '4A'
         when g % 100 < 25 then '3A' when g % 100 < 50 then '2A' when g % 100 < 80 then '1A' end as tier) t`,
      [n, lastChangedAt],
    ),
  );
  await timed(seconds, 'contacts', async () => {
    await client.query('drop index if exists contacts_customer_idx');
    await client.query('drop index if exists contacts_phone_idx');
    await client.query(
      `insert into contacts (customer_id, name, role, phone, birthday, created_at, updated_at)
       select c.id, '联系人' || k, (array['core', 'important', 'ordinary'])[k],
         '138' || lpad((abs(hashtext(c.code || k)) % 100000000)::text, 8, '0'),
         date '1962-01-01' + (abs(hashtext(c.code || 'b' || k)) % 12784), $1::timestamptz, $1::timestamptz
       from customers c cross join generate_series(1, 3) k`,
      [lastChangedAt],
    );
    await client.query('create index contacts_customer_idx on contacts (customer_id)');
    await client.query('create index contacts_phone_idx on contacts (phone text_pattern_ops)');
  });
  await client.query('set session_replication_role = origin');
  await timed(seconds, 'analyze', () => client.query('analyze customers; analyze contacts'));
  const { rows } = await client.query<{ c: number; k: number }>(
    'select (select count(*) from customers)::int as c, (select count(*) from contacts)::int as k',
  );
  return { customers: rows[0]!.c, contacts: rows[0]!.k, seconds };
}
