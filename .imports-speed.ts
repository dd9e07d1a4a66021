import { Readable } from 'node:stream';
import { PGlite } from '@electric-sql/pglite';
import ExcelJS from 'exceljs';
import pg from 'pg';
import { loadConfig } from './src/config.ts';
import { systemActor } from './src/db/audit.ts';
import { type Database, openPostgres, wrapPglite } from './src/db/database.ts';
import { migrate } from './src/db/migrate.ts';
import type { Deps } from './src/deps.ts';
import { createCalendarStore } from './src/modules/calendar/calendar.service.ts';
import { runDemo } from './src/modules/demo/demo.service.ts';
import { runImport } from './src/modules/imports/imports.service.ts';

async function open(engine: string): Promise<Database> {
  if (engine === 'pglite') return wrapPglite(await PGlite.create());
  const admin = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
  await admin.connect();
  await admin.query('DROP DATABASE IF EXISTS imports_speed WITH (FORCE)');
  await admin.query('CREATE DATABASE imports_speed');
  await admin.end();
  return openPostgres('postgres://postgres@127.0.0.1:5432/imports_speed', 4);
}

function billingCsv(codes: string[], months: number): string {
  const lines = ['customerCode,month,revenue,voice,data,bandwidth,newServices,idc,driven,arrearsMonths,dedicatedCost,newServicesCount'];
  for (const code of codes) {
    for (let m = 0; m < months; m++) {
      const month = `${2019 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
      lines.push(`${code},${month},123456.78,20000.01,30000.5,40000,10000,5000,,0,1200.3,2`);
    }
  }
  return `${lines.join('\n')}\n`;
}

const chunks = (text: string | Buffer) => Readable.from((function* () {
  const buf = typeof text === 'string' ? Buffer.from(text) : text;
  for (let i = 0; i < buf.length; i += 64 * 1024) yield buf.subarray(i, i + 64 * 1024);
})());

for (const engine of process.argv.slice(2)) {
  const database = await open(engine);
  await migrate(database.db);
  const deps: Deps = { db: database.db, database, config: loadConfig({ LOG_LEVEL: 'silent' }), now: () => new Date(), calendars: createCalendarStore() };
  let t = performance.now();
  const demo = await runDemo(deps, systemActor('bench'), { customers: 2000, seed: 1 });
  console.log(engine, 'demo 2000 customers', ((performance.now() - t) / 1000).toFixed(1), 's', JSON.stringify(demo.generated.customers));
  const codes = Array.from({ length: 2000 }, (_, i) => `KA${String(i + 1).padStart(6, '0')}`);
  const csv = billingCsv(codes, 25);
  for (const pass of ['insert', 'reimport']) {
    t = performance.now();
    const run = await runImport(deps, systemActor('bench'), { kind: 'billing', fileName: 'b.csv', mode: 'all-or-nothing', source: chunks(csv) });
    const s = (performance.now() - t) / 1000;
    console.log(engine, `csv ${pass}`, run.rowsImported, 'rows', s.toFixed(2), 's', Math.round(run.rowsImported / s), 'rows/s', `rss ${Math.round(process.memoryUsage().rss / 1e6)} MB`);
  }
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('billing');
  for (const line of csv.trim().split('\n')) {
    const cells = line.split(',');
    ws.addRow(cells.map((c, i) => (i >= 2 && c !== '' && !Number.isNaN(Number(c)) ? Number(c) : c)));
  }
  const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
  t = performance.now();
  const run = await runImport(deps, systemActor('bench'), { kind: 'billing', fileName: 'b.xlsx', mode: 'all-or-nothing', source: chunks(xlsx) });
  const s = (performance.now() - t) / 1000;
  console.log(engine, 'xlsx reimport', run.rowsImported, 'rows', s.toFixed(2), 's', Math.round(run.rowsImported / s), 'rows/s');
  await database.close();
}
