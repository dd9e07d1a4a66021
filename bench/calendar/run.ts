/**
 * Working-day calendar benchmark: the prefix-index calendar of src/domain/calendar against a naive
 * day-by-day loop giving the same answers, in one process, on the shipped schedules (2004–2026).
 *
 *   npx tsx bench/calendar/run.ts [--seconds 1] [--seed 20250126]
 *
 * Inputs: `from` uniform over 2004-01-01…2030-12-31 (so 2027–2030 is past the loaded horizon and
 * provisional), `days` uniform over 0…750 working days (about three years), `to` uniform over
 * 0…1095 days after `from`. Prints operations per second, the speed-up, and checks the two
 * implementations agree on a sample first (exit code 1 when they do not).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  addWorkdays,
  buildCalendar,
  type CalendarData,
  countWorkdays,
  type WorkCalendar,
} from '../../src/domain/calendar/calendar.ts';
import {
  dayNumberOfParts,
  fromDayNumber,
  partsOfDayNumber,
  toDayNumber,
  weekdayOfDayNumber,
} from '../../src/domain/calendar/dates.ts';
import { assertSchedule, calendarDataOf, parseScheduleJson } from '../../src/domain/calendar/schedule.ts';

const { values } = parseArgs({
  options: { seconds: { type: 'string', default: '1' }, seed: { type: 'string', default: '20250126' } },
});
const secondsPerCase = Number(values.seconds);
const seed = Number(values.seed);

const dataDir = fileURLToPath(new URL('../../data/calendars/', import.meta.url));
function loadShipped(): CalendarData {
  const files = readdirSync(dataDir).filter((file) => /^\d{4}\.json$/.test(file));
  return calendarDataOf(
    files.map((file) =>
      assertSchedule(parseScheduleJson(JSON.parse(readFileSync(join(dataDir, file), 'utf8')))),
    ),
  );
}

/**
 * The naive reference: walk one day at a time, with the entries in a Map by day number and the
 * weekday by arithmetic (no string formatting inside the loop, so the comparison is about the
 * algorithm, not about allocation).
 */
function naiveCalendar(data: CalendarData) {
  const override = new Map<number, boolean>();
  for (const e of [...data.entries, ...(data.regional ?? [])]) {
    override.set(toDayNumber(e.date), e.kind === 'makeupWorkday');
  }
  const loaded = new Set(data.years);
  const works = (day: number) => {
    const o = override.get(day);
    if (o !== undefined) return o;
    const weekday = weekdayOfDayNumber(day);
    return weekday >= 1 && weekday <= 5;
  };
  /** Tracks the year while walking forward, so that "is this day loaded" costs no date arithmetic. */
  const walker = (day: number) => {
    let year = partsOfDayNumber(day).year;
    let nextYear = dayNumberOfParts(year + 1, 1, 1);
    return (d: number) => {
      while (d >= nextYear) {
        year++;
        nextYear = dayNumberOfParts(year + 1, 1, 1);
      }
      return !loaded.has(year);
    };
  };
  return {
    add(from: string, days: number): { date: string; provisional: boolean } {
      let day = toDayNumber(from);
      const unloaded = walker(day);
      let provisional = false;
      if (days === 0) {
        provisional = unloaded(day);
        while (!works(day)) {
          day++;
          provisional ||= unloaded(day);
        }
        return { date: fromDayNumber(day), provisional };
      }
      for (let seen = 0; seen < days; ) {
        day++;
        if (unloaded(day)) provisional = true;
        if (works(day)) seen++;
      }
      return { date: fromDayNumber(day), provisional };
    },
    count(from: string, to: string): { count: number; provisional: boolean } {
      const start = toDayNumber(from);
      const end = toDayNumber(to);
      const unloaded = walker(start + 1);
      let count = 0;
      let provisional = false;
      for (let day = start + 1; day <= end; day++) {
        if (works(day)) count++;
        if (unloaded(day)) provisional = true;
      }
      return { count, provisional };
    },
  };
}

/** mulberry32, seeded, so runs are comparable. */
function random(s: number): () => number {
  let a = s >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

type Input = { from: string; days: number; to: string };
function makeInputs(count: number, next: () => number, maxDays: number, maxSpan: number): Input[] {
  const first = toDayNumber('2004-01-01');
  const range = toDayNumber('2030-12-31') - first + 1;
  return Array.from({ length: count }, () => {
    const start = first + Math.floor(next() * range);
    return {
      from: fromDayNumber(start),
      days: Math.floor(next() * (maxDays + 1)),
      to: fromDayNumber(start + Math.floor(next() * (maxSpan + 1))),
    };
  });
}

/** Runs `op` over the inputs, round after round, for about `seconds`; returns operations per second. */
function measure(inputs: Input[], op: (input: Input) => number, seconds: number): number {
  let sink = 0;
  for (let i = 0; i < Math.min(inputs.length, 2000); i++) sink += op(inputs[i]!); // warm-up
  let ops = 0;
  const started = performance.now();
  let elapsed = 0;
  while (elapsed < seconds * 1000) {
    for (const input of inputs) sink += op(input);
    ops += inputs.length;
    elapsed = performance.now() - started;
  }
  if (sink === Number.MIN_VALUE) console.log('(unreachable)');
  return (ops / elapsed) * 1000;
}

const builtAt = performance.now();
const data = loadShipped();
const cal: WorkCalendar = buildCalendar(data);
const buildMs = performance.now() - builtAt;
const naive = naiveCalendar(data);
const next = random(seed);

// Agreement first: a benchmark of wrong answers is worthless.
const sample = makeInputs(5000, next, 750, 1095);
let disagreements = 0;
for (const input of sample) {
  const a = addWorkdays(cal, input.from, input.days);
  const b = naive.add(input.from, input.days);
  const c = countWorkdays(cal, input.from, input.to);
  const d = naive.count(input.from, input.to);
  if (
    a.date !== b.date ||
    a.provisional !== b.provisional ||
    c.count !== d.count ||
    c.provisional !== d.provisional
  ) {
    if (disagreements++ < 5) console.error('disagree', input, a, b, c, d);
  }
}
const provisionalShare =
  sample.filter((i) => addWorkdays(cal, i.from, i.days).provisional).length / sample.length;

// The timed ops must not be dominated by the O(n) reference, so each side gets its own input set size.
const fastInputs = makeInputs(20_000, next, 750, 1095);
const naiveInputs = fastInputs.slice(0, 2000);
const longInputs = makeInputs(20_000, next, 250_000, 365_000); // spans up to ~1000 years, index only

const rows: [string, string, number][] = [
  [
    'addWorkdays',
    'prefix index',
    measure(fastInputs, (i) => addWorkdays(cal, i.from, i.days).date.length, secondsPerCase),
  ],
  [
    'addWorkdays',
    'naive day loop',
    measure(naiveInputs, (i) => naive.add(i.from, i.days).date.length, secondsPerCase),
  ],
  [
    'countWorkdays',
    'prefix index',
    measure(fastInputs, (i) => countWorkdays(cal, i.from, i.to).count, secondsPerCase),
  ],
  [
    'countWorkdays',
    'naive day loop',
    measure(naiveInputs, (i) => naive.count(i.from, i.to).count, secondsPerCase),
  ],
  [
    'addWorkdays ≤1000 y',
    'prefix index',
    measure(longInputs, (i) => addWorkdays(cal, i.from, i.days).date.length, secondsPerCase),
  ],
];

const format = (n: number) => Math.round(n).toLocaleString('en-US');
console.log(`Calendar benchmark — node ${process.version}, ${data.years.length} loaded years`);
console.log(
  `index built in ${buildMs.toFixed(1)} ms (load + parse + build); seed ${seed}; ${secondsPerCase} s per case`,
);
console.log(
  `agreement on ${sample.length} random inputs: ${disagreements === 0 ? 'all equal' : `${disagreements} DISAGREE`} ` +
    `(${Math.round(provisionalShare * 100)}% of the answers provisional)\n`,
);
console.log(
  `${'operation'.padEnd(22)}${'implementation'.padEnd(18)}${'ops/s'.padStart(14)}${'µs/op'.padStart(10)}`,
);
for (const [operation, implementation, opsPerSecond] of rows) {
  console.log(
    `${operation.padEnd(22)}${implementation.padEnd(18)}${format(opsPerSecond).padStart(14)}${(1e6 / opsPerSecond).toFixed(3).padStart(10)}`,
  );
}
const ratio = (operation: string) => {
  const [fast, slow] = rows.filter((r) => r[0] === operation).map((r) => r[2]);
  return (fast! / slow!).toFixed(0);
};
console.log(`\nspeed-up: addWorkdays ×${ratio('addWorkdays')}, countWorkdays ×${ratio('countWorkdays')}`);
if (disagreements > 0) process.exit(1);
