import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DomainError, ErrorCode } from '../errors.ts';
import {
  assertSchedule,
  calendarDataOf,
  formatScheduleJson,
  parseScheduleCsv,
  parseScheduleJson,
  type Schedule,
  type ScheduleParseResult,
} from './schedule.ts';

const day = (date: string, kind: string, name?: unknown) => ({
  date,
  kind,
  ...(name === undefined ? {} : { name }),
});

const valid2027 = {
  year: 2027,
  region: null,
  source: '国务院办公厅关于2027年部分节假日安排的通知',
  days: [
    day('2027-02-06', 'holiday', '春节'),
    day('2027-01-01', 'holiday', '元旦'),
    day('2027-02-20', 'makeupWorkday', '春节调休'),
    day('2027-02-21', 'makeupWorkday'),
  ],
};

function issuesOf(result: ScheduleParseResult) {
  if (result.ok) throw new Error(`expected issues, got ${JSON.stringify(result.schedule)}`);
  return result.issues;
}

const fieldsOf = (result: ScheduleParseResult) => issuesOf(result).map((issue) => issue.field);

describe('parseScheduleJson', () => {
  it('accepts a schedule and sorts its days', () => {
    expect(parseScheduleJson(valid2027)).toEqual({
      ok: true,
      schedule: {
        year: 2027,
        region: null,
        source: '国务院办公厅关于2027年部分节假日安排的通知',
        entries: [
          { date: '2027-01-01', kind: 'holiday', name: '元旦' },
          { date: '2027-02-06', kind: 'holiday', name: '春节' },
          { date: '2027-02-20', kind: 'makeupWorkday', name: '春节调休' },
          { date: '2027-02-21', kind: 'makeupWorkday', name: '' },
        ],
      },
    });
  });

  it.each([
    ['national file, no region asked', null, undefined, null],
    ['national file imported for a region', null, 'GD-SZ', 'GD-SZ'],
    ['regional file', 'GD-SZ', undefined, 'GD-SZ'],
    ['regional file, same region asked', 'GD-SZ', 'GD-SZ', 'GD-SZ'],
  ])('%s → region %s', (_, fileRegion, asked, region) => {
    const result = parseScheduleJson({ ...valid2027, region: fileRegion }, asked);
    expect(result.ok && result.schedule.region).toBe(region);
  });

  it.each([
    ['a list', [], ['file']],
    ['text', 'year: 2027', ['file']],
    ['null', null, ['file']],
    ['no year', { ...valid2027, year: undefined }, ['year']],
    ['year 1948', { ...valid2027, year: 1948, days: [day('1948-01-01', 'holiday', '元旦')] }, ['year']],
    ['year 2201', { ...valid2027, year: 2201, days: [day('2201-01-01', 'holiday', '元旦')] }, ['year']],
    ['a fractional year', { ...valid2027, year: 2027.5 }, ['year']],
    ['a year as text', { ...valid2027, year: '2027' }, ['year']],
    ['a region that is not a code', { ...valid2027, region: '' }, ['region']],
    ['a region that is a number', { ...valid2027, region: 44 }, ['region']],
    ['a source that is not text', { ...valid2027, source: 7 }, ['source']],
    ['no days', { ...valid2027, days: [] }, ['days']],
    ['days missing', { ...valid2027, days: undefined }, ['days']],
    [
      'a date that does not exist',
      { ...valid2027, days: [day('2027-02-30', 'holiday', '春节')] },
      ['days[0].date'],
    ],
    [
      'a date not written YYYY-MM-DD',
      { ...valid2027, days: [day('2027-2-3', 'holiday', '春节')] },
      ['days[0].date'],
    ],
    ['a date missing', { ...valid2027, days: [{ kind: 'holiday', name: '春节' }] }, ['days[0].date']],
    [
      'a date outside the year',
      { ...valid2027, days: [day('2026-12-31', 'holiday', '元旦')] },
      ['days[0].date'],
    ],
    [
      'a date listed twice',
      { ...valid2027, days: [day('2027-01-01', 'holiday', '元旦'), day('2027-01-01', 'holiday', '元旦')] },
      ['days[1].date'],
    ],
    ['an unknown kind', { ...valid2027, days: [day('2027-01-01', 'dayOff', '元旦')] }, ['days[0].kind']],
    ['a kind missing', { ...valid2027, days: [{ date: '2027-01-01', name: '元旦' }] }, ['days[0].kind']],
    [
      'a make-up day on a weekday',
      { ...valid2027, days: [day('2027-01-04', 'makeupWorkday', '元旦调休')] },
      ['days[0].date'],
    ],
    ['a holiday without a name', { ...valid2027, days: [day('2027-01-01', 'holiday')] }, ['days[0].name']],
    [
      'a holiday with a blank name',
      { ...valid2027, days: [day('2027-01-01', 'holiday', '  ')] },
      ['days[0].name'],
    ],
    ['a name that is not text', { ...valid2027, days: [day('2027-01-01', 'holiday', 1)] }, ['days[0].name']],
    [
      'a name too long',
      { ...valid2027, days: [day('2027-01-01', 'holiday', '节'.repeat(101))] },
      ['days[0].name'],
    ],
    ['a day that is not an object', { ...valid2027, days: ['2027-01-01'] }, ['days[0].date', 'days[0].kind']],
  ])('reports %s', (_, value, fields) => {
    expect(fieldsOf(parseScheduleJson(value))).toEqual(fields);
  });

  it('names both places of a repeated date', () => {
    const days = [
      day('2027-01-01', 'holiday', '元旦'),
      day('2027-01-02', 'holiday', '元旦'),
      day('2027-01-01', 'holiday', '元旦'),
    ];
    expect(issuesOf(parseScheduleJson({ ...valid2027, days }))).toEqual([
      { field: 'days[2].date', message: '2027-01-01 appears twice: days[0] and days[2]' },
    ]);
  });

  it('says which weekday a misplaced make-up day falls on', () => {
    expect(
      issuesOf(parseScheduleJson({ ...valid2027, days: [day('2027-01-04', 'makeupWorkday', 'x')] })),
    ).toEqual([
      {
        field: 'days[0].date',
        message: '2027-01-04 is a Monday; a makeupWorkday must fall on Saturday or Sunday',
      },
    ]);
  });

  it('refuses a file for another region than the one asked', () => {
    expect(fieldsOf(parseScheduleJson({ ...valid2027, region: 'GD-SZ' }, 'GD-GZ'))).toEqual(['region']);
  });

  it('collects every problem, not just the first', () => {
    const result = parseScheduleJson({
      year: 2027,
      region: '',
      source: 1,
      days: [
        day('2027-02-30', 'holiday', '春节'),
        day('2026-01-01', 'holiday', '元旦'),
        day('2027-01-04', 'makeupWorkday', ''),
        day('2027-01-05', 'weekday', 'x'),
        day('2027-01-06', 'holiday', ''),
        day('2027-01-05', 'holiday', 'y'),
      ],
    });
    expect(fieldsOf(result)).toEqual([
      'region',
      'source',
      'days[0].date',
      'days[1].date',
      'days[2].date',
      'days[3].kind',
      'days[4].name',
      'days[5].date',
    ]);
  });

  it('with an invalid year still checks each day on its own', () => {
    const result = parseScheduleJson({
      year: 'next',
      days: [day('2027-01-01', 'holiday', '元旦'), day('2028-01-01', 'holiday')],
    });
    expect(fieldsOf(result)).toEqual(['year', 'days[1].name']);
  });
});

describe('parseScheduleCsv', () => {
  const csv = [
    '\uFEFFdate,kind,name',
    '2027-02-06,holiday,春节',
    '2027-01-01,holiday,"元旦"',
    '2027-02-20,makeupWorkday,"春节调休, 补班"',
    '2027-02-21,makeupWorkday,',
    '',
  ].join('\r\n');

  it('accepts a schedule, taking the year from its dates and the region from the caller', () => {
    expect(parseScheduleCsv(csv, 'GD-SZ')).toEqual({
      ok: true,
      schedule: {
        year: 2027,
        region: 'GD-SZ',
        source: null,
        entries: [
          { date: '2027-01-01', kind: 'holiday', name: '元旦' },
          { date: '2027-02-06', kind: 'holiday', name: '春节' },
          { date: '2027-02-20', kind: 'makeupWorkday', name: '春节调休, 补班' },
          { date: '2027-02-21', kind: 'makeupWorkday', name: '' },
        ],
      },
    });
    expect(parseScheduleCsv(csv).ok && parseScheduleCsv(csv)).toMatchObject({ schedule: { region: null } });
  });

  it('tolerates spaces around fields and a header in capitals', () => {
    const result = parseScheduleCsv('Date, Kind, Name\n 2027-01-01 , holiday , 元旦 \n');
    expect(result.ok && result.schedule.entries).toEqual([
      { date: '2027-01-01', kind: 'holiday', name: '元旦' },
    ]);
  });

  it.each([
    ['an empty file', '', ['days']],
    ['a header only', 'date,kind,name\n', ['days']],
    ['a wrong header', 'day,type,name\n2027-01-01,holiday,元旦\n', ['line 1']],
    ['a missing column', 'date,kind,name\n2027-01-01,holiday\n2027-01-02,holiday,元旦\n', ['line 2']],
    ['an extra column', 'date,kind,name\n2027-01-01,holiday,元旦,x\n', ['line 2']],
    ['a date that does not exist', 'date,kind,name\n2027-02-29,holiday,春节\n', ['line 2.date']],
    [
      'dates in two years',
      'date,kind,name\n2027-01-01,holiday,元旦\n2028-01-01,holiday,元旦\n',
      ['line 3.date'],
    ],
    ['a year before 1949', 'date,kind,name\n1900-01-01,holiday,元旦\n', ['line 2.date']],
    [
      'a date listed twice',
      'date,kind,name\n2027-01-01,holiday,元旦\n2027-01-01,holiday,元旦\n',
      ['line 3.date'],
    ],
    ['an unknown kind', 'date,kind,name\n2027-01-01,休,元旦\n', ['line 2.kind']],
    ['a make-up day on a weekday', 'date,kind,name\n2027-01-04,makeupWorkday,元旦调休\n', ['line 2.date']],
    ['a holiday without a name', 'date,kind,name\n2027-01-01,holiday,\n', ['line 2.name']],
    ['an unterminated quote', 'date,kind,name\n2027-01-01,holiday,"元旦\n', ['line 2']],
  ])('reports %s', (_, text, fields) => {
    expect(fieldsOf(parseScheduleCsv(text))).toEqual(fields);
  });

  it('reports a blank region asked by the caller', () => {
    expect(fieldsOf(parseScheduleCsv('date,kind,name\n2027-01-01,holiday,元旦\n', ' '))).toEqual(['region']);
  });

  it('collects every problem, with the line of each', () => {
    const text = [
      'date,kind',
      '2027-01-01,holiday,元旦',
      '2027-01-02,holiday',
      '"2027-01-03",holiday,"元旦',
      'with a line break"',
      '2027-01-04,makeupWorkday,x',
      '2026-12-31,holiday,元旦',
      '2027-01-01,holiday,元旦',
    ].join('\n');
    expect(issuesOf(parseScheduleCsv(text))).toEqual([
      { field: 'line 1', message: 'the header must be date,kind,name; got date,kind' },
      { field: 'line 3', message: 'expected 3 columns (date,kind,name); found 2' },
      {
        field: 'line 6.date',
        message: '2027-01-04 is a Monday; a makeupWorkday must fall on Saturday or Sunday',
      },
      { field: 'line 7.date', message: '2026-12-31 is not in 2027 (line 2); all dates must be in one year' },
      { field: 'line 8.date', message: '2027-01-01 appears twice: line 2 and line 8' },
    ]);
  });
});

describe('assertSchedule', () => {
  it('returns the schedule of a valid file', () => {
    expect(assertSchedule(parseScheduleJson(valid2027)).year).toBe(2027);
  });

  it('throws CALENDAR_SCHEDULE_INVALID carrying every issue', () => {
    const result = parseScheduleCsv('date,kind,name\n2027-01-04,makeupWorkday,x\n2027-01-05,holiday,\n');
    let error: unknown;
    try {
      assertSchedule(result);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({
      code: ErrorCode.CALENDAR_SCHEDULE_INVALID,
      message: 'The schedule file is invalid; nothing was changed',
      errors: issuesOf(result),
    });
    expect((error as DomainError).errors).toHaveLength(2);
  });
});

describe('calendarDataOf', () => {
  const national = (year: number): Schedule => ({
    year,
    region: null,
    source: null,
    entries: [{ date: `${year}-01-01`, kind: 'holiday', name: '元旦' }],
  });
  const shenzhen: Schedule = {
    year: 2027,
    region: 'GD-SZ',
    source: null,
    entries: [{ date: '2027-03-01', kind: 'holiday', name: '地方假日' }],
  };

  it('takes the loaded years from the national schedules and the regional days of one region', () => {
    expect(calendarDataOf([national(2027), national(2026), shenzhen], 'GD-SZ')).toEqual({
      years: [2026, 2027],
      entries: [...national(2027).entries, ...national(2026).entries],
      regional: shenzhen.entries,
    });
    expect(calendarDataOf([national(2027), shenzhen]).regional).toEqual([]);
    expect(calendarDataOf([national(2027), shenzhen], 'GD-GZ').regional).toEqual([]);
  });

  it('refuses a national year given twice', () => {
    expect(() => calendarDataOf([national(2027), national(2027)])).toThrow(DomainError);
  });
});

describe('formatScheduleJson', () => {
  it('round-trips through parseScheduleJson', () => {
    const schedule = assertSchedule(parseScheduleJson(valid2027));
    expect(assertSchedule(parseScheduleJson(JSON.parse(formatScheduleJson(schedule))))).toEqual(schedule);
    const empty = { ...schedule, entries: [] };
    expect(JSON.parse(formatScheduleJson(empty))).toEqual({
      year: 2027,
      region: null,
      source: schedule.source,
      days: [],
    });
  });

  it('is the exact form of every shipped file', () => {
    const dir = fileURLToPath(new URL('../../../data/calendars/', import.meta.url));
    const files = readdirSync(dir).filter((file) => /^\d{4}\.json$/.test(file));
    expect(files.length).toBeGreaterThanOrEqual(23);
    for (const file of files) {
      const text = readFileSync(join(dir, file), 'utf8');
      const schedule = assertSchedule(parseScheduleJson(JSON.parse(text)));
      expect(`${schedule.year}.json`).toBe(file);
      expect(formatScheduleJson(schedule)).toBe(text);
    }
  });
});
