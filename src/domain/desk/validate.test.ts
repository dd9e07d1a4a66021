import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.ts';
import { DEFAULT_DESK_CONFIG } from './defaults.ts';
import { assertDeskConfig, validateDeskConfig } from './validate.ts';

const ctx = {
  departmentCodes: ['CSC', 'NOC', 'FIELD', 'KAM', 'VISIT'],
  itemCodes: ['circuit_fault', 'complaint_response'],
};
// biome-ignore lint/suspicious/noExplicitAny: the tests break documents in every way on purpose
const copy = () => JSON.parse(JSON.stringify(DEFAULT_DESK_CONFIG)) as Record<string, any>;
const fields = (doc: unknown) => validateDeskConfig(doc, ctx).map((i) => i.field);

describe('validateDeskConfig', () => {
  it('accepts the shipped default', () => {
    expect(validateDeskConfig(DEFAULT_DESK_CONFIG, ctx)).toEqual([]);
  });

  it('names a ladder that does not ascend, a percent ≤ 0 and a limit ≤ 0', () => {
    const doc = copy();
    doc.definitions[2].ladder[1].atPercent = 40;
    doc.definitions[3].ladder[0].atPercent = 0;
    doc.definitions[4].limit.minutes['4A'] = -5;
    doc.definitions[0].limit.fallbackMinutes = 0;
    expect(fields(doc)).toEqual([
      'document.definitions[0].limit.fallbackMinutes',
      'document.definitions[2].ladder[1].atPercent',
      'document.definitions[3].ladder[0].atPercent',
      'document.definitions[4].limit.minutes.4A',
    ]);
  });

  it('names unknown stage, department, item, status, target and duplicate codes', () => {
    const doc = copy();
    doc.stages[1].departmentCode = 'NOPE';
    doc.stages[3].code = 'frontdesk';
    doc.routes[0].stages.push('moon');
    doc.definitions[0].limit.itemCode = 'no_item';
    doc.definitions[1].code = 'customer_restore';
    doc.definitions[3].pause = { statuses: ['sleeping'] };
    doc.definitions[4].ladder[0].notify = ['owner', 'department:XYZ', 'boss'];
    doc.definitions[5].stageCode = null;
    expect(fields(doc)).toEqual([
      'document.stages[1].departmentCode',
      'document.stages[3].code',
      'document.routes[0].stages[3]',
      'document.routes[1].stages[1]',
      'document.definitions[0].limit.itemCode',
      'document.definitions[1].code',
      'document.definitions[3].pause.statuses[0]',
      'document.definitions[4].ladder[0].notify[1]',
      'document.definitions[4].ladder[0].notify[2]',
      'document.definitions[5].stageCode',
      'document.definitions[6].stageCode',
      'document.definitions[9].stageCode', // ola_kam_response: its stage was renamed away too
    ]);
  });

  it('accepts a response limit only on an internal definition, and only response or resolution', () => {
    const doc = copy();
    const at = (code: string) => doc.definitions.findIndex((d: { code: string }) => d.code === code);
    doc.definitions[at('customer_restore')].measure = 'response';
    doc.definitions[at('ola_ops')].measure = 'quickly';
    doc.definitions[at('ola_field')].measure = 'resolution';
    expect(fields(doc)).toEqual([
      `document.definitions[${at('customer_restore')}].measure`,
      `document.definitions[${at('ola_ops')}].measure`,
    ]);
  });

  it('refuses unknown fields and a non-object', () => {
    expect(fields({ ...copy(), extra: 1 })).toEqual(['document.extra']);
    expect(fields(null)).toEqual(['document']);
  });

  it('assertDeskConfig throws DESK_CONFIG_INVALID with the issues', () => {
    const doc = copy();
    doc.visits.faultRepairDays = 0;
    try {
      assertDeskConfig(doc, ctx);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(DomainError);
      expect((e as DomainError).code).toBe('DESK_CONFIG_INVALID');
      expect((e as DomainError).errors[0]!.field).toBe('document.visits.faultRepairDays');
    }
  });
});
