/**
 * Data generator of the assessment benchmark: N customers with 24 months of billing, surveys for
 * half of them and account-manager inputs for a fifth, all with set-based SQL (generate_series)
 * so a million customers take minutes, not hours. Deterministic per `seed` (setseed).
 */
import type pg from 'pg';

export type GenerateReport = { customers: number; billingRows: number; seconds: Record<string, number> };

const timed = async (seconds: Record<string, number>, name: string, work: () => Promise<unknown>) => {
  const t0 = performance.now();
  await work();
  seconds[name] = Math.round((performance.now() - t0) / 100) / 10;
};

/**
 * Fills an empty, migrated database that already has the demo org (regions and account
 * managers). `lastMonth` is the newest billing month (first day); 24 months end there.
 */
export async function generate(
  client: pg.ClientBase,
  n: number,
  options: { lastMonth: string; seed?: number },
): Promise<GenerateReport> {
  const seconds: Record<string, number> = {};
  await client.query(`set maintenance_work_mem = '256MB'`);
  // The generated rows are consistent by construction: skip the per-row foreign-key triggers
  // (a superuser setting; the server's own checks are what the tests exercise).
  await client.query(`set session_replication_role = replica`);
  await client.query('select setseed($1)', [((options.seed ?? 7) % 1000) / 1000]);
  await timed(seconds, 'customers', async () => {
    // Portfolios: every account manager, in its own region; tiers spread like a live book.
    await client.query(
      `with ams as (
         select array_agg(id order by username) as ids, array_agg(region_code order by username) as regions
         from users where role = 'account_manager' and region_code is not null)
       insert into customers (code, name, industry, region_code, account_manager_id, tier, stars,
         customer_since, status)
       select 'B' || lpad(g::text, 8, '0'), '基准客户' || g,
         (array['A','C','D','F','G','I','J','K','L','M','O','P','Q'])[1 + g % 13],
         ams.regions[1 + g % array_length(ams.ids, 1)], ams.ids[1 + g % array_length(ams.ids, 1)],
         t.tier, t.stars, date '1998-01-01' + (g::bigint * 7919 % 9500)::int,
         case when g % 97 = 0 then 'inactive' else 'active' end
       from generate_series(1, $1::int) g cross join ams
       cross join lateral (select case when g % 100 < 2 then '5A' when g % 100 < 10 then '4A'
         when g % 100 < 25 then '3A' when g % 100 < 50 then '2A' when g % 100 < 80 then '1A' end as tier) t0
       cross join lateral (select t0.tier, case when t0.tier is null then null
         else substr(t0.tier, 1, 1)::int end as stars) t`,
      [n],
    );
  });
  await timed(seconds, 'billing', async () => {
    // Bulk load without the indexes, then build them by sorting: maintaining a b-tree over random
    // uuids row by row is what makes a naive load take half an hour at a million customers.
    await client.query('drop index if exists billing_month_idx');
    await client.query('alter table billing_monthly drop constraint billing_monthly_customer_id_month_pk');
    await client.query('set synchronous_commit = off');
    await client.query(
      `insert into billing_monthly (customer_id, month, revenue_fen, voice_fen, data_fen, bandwidth_fen,
         new_services_fen, idc_fen, driven_fen, arrears_months, dedicated_cost_fen, new_services_count)
       select c.id, ($1::date - make_interval(months => k))::date,
         r.rev, r.rev * 25 / 100, r.rev * 30 / 100, r.rev * c.bw / 100, r.rev * c.ns / 100, r.rev * 5 / 100,
         case when c.base % 3 = 0 then r.rev / 8 end,
         case when c.base % 53 = 0 and k < 3 then 3 - k else 0 end,
         c.base / 50, (c.ns / 4)::int
       from (select id, (abs(hashtext(id::text)) % 1000000) + 20000 as base,
               10 + abs(hashtext(code)) % 40 as bw, 2 + abs(hashtext(name)) % 20 as ns,
               (abs(hashtext(code || 'g')) % 41 - 20) as growth
             from customers) c
       cross join generate_series(0, 23) k
       cross join lateral (select greatest(0, (c.base * 100 * (1 + c.growth * (24 - k) / 1000.0)
         * (1 + 0.08 * sin(k * 0.5236)))::bigint) as rev) r`,
      [options.lastMonth],
    );
    await client.query(
      'alter table billing_monthly add constraint billing_monthly_customer_id_month_pk primary key (customer_id, month)',
    );
    await client.query('create index billing_month_idx on billing_monthly (month)');
  });
  await timed(seconds, 'surveys+inputs', async () => {
    await client.query(
      `insert into customer_satisfaction (customer_id, period, satisfaction, competitor_satisfaction,
         wallet_share, entered_by)
       select id, ($1::date - interval '2 months')::date, 40 + abs(hashtext(code || 's')) % 60,
         40 + abs(hashtext(code || 'c')) % 60, (abs(hashtext(code || 'w')) % 100) / 100.0, 'bench'
       from customers where abs(hashtext(code)) % 2 = 0`,
      [options.lastMonth],
    );
    await client.query(
      `insert into indicator_inputs (customer_id, period, indicator, value, entered_by)
       select c.id, ($1::date - interval '3 months')::date, i.key,
         case when i.key = 'demandForecast' then (abs(hashtext(c.code || i.key)) % 5000000)::float8
              when i.key = 'servicesMovedOut' then (abs(hashtext(c.code || i.key)) % 3)::float8
              else (1 + abs(hashtext(c.code || i.key)) % 5)::float8 end, 'bench'
       from customers c
       cross join unnest(array['priceSensitivity','socialInfluence','businessCondition','demandForecast',
         'valueChainRole','telecomDependence','servicesMovedOut','reciprocity']) as i(key)
       where abs(hashtext(c.code)) % 5 = 1`,
      [options.lastMonth],
    );
  });
  await client.query(`set session_replication_role = origin`);
  await timed(seconds, 'analyze', () => client.query('analyze'));
  const { rows } = await client.query<{ n: number }>('select count(*)::int as n from billing_monthly');
  return { customers: n, billingRows: Number(rows[0]?.n ?? 0), seconds };
}
