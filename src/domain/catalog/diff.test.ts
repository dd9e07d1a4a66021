import { describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG } from './defaults.ts';
import { diffCatalogs } from './diff.ts';
import type { CatalogDocument } from './types.ts';

describe('diffCatalogs', () => {
  it('finds nothing between equal versions, also when absent and null differ', () => {
    const copy: CatalogDocument = structuredClone(DEFAULT_CATALOG);
    const { product: _p, ...bare } = copy.standards[0]!;
    copy.standards[0] = bare as never;
    const d = diffCatalogs(DEFAULT_CATALOG, copy);
    expect(d.counts).toEqual({ added: 0, removed: 0, changed: 0 });
  });

  it('reports added, removed and changed entries with field-level before and after', () => {
    const next: CatalogDocument = structuredClone(DEFAULT_CATALOG);
    // 2★ fixed-line restore from 3 h to 2 h
    const i = next.standards.findIndex((s) => s.itemCode === 'fixed_line_restore' && s.level === '2A');
    next.standards[i] = {
      ...next.standards[i]!,
      responseTime: { kind: 'hours', hours: 2, clock: '24x7' },
      wording: '2小时',
    };
    // a new item with one standard
    next.items.push({
      code: 'vip_lounge',
      name: '贵宾厅服务',
      nameEn: 'VIP lounge',
      category: 'extended',
      attribute: 'personal',
      need: 'extended',
      description: null,
      products: [],
      scoped: false,
    });
    next.standards.push({
      itemCode: 'vip_lounge',
      level: '5A',
      product: null,
      scope: null,
      contactRole: 'core',
      provided: true,
      responseTime: null,
      targetPercent: null,
      frequency: { times: 4, period: 'year' },
      degree: null,
      coverage: null,
      wording: '每年4次',
    });
    // the 1A visit removed, a channel rule changed
    next.actions = next.actions.filter((a) => a.code !== 'visit_1a');
    next.channels[0] = { ...next.channels[0]!, role: 'support' };

    const d = diffCatalogs(DEFAULT_CATALOG, next);
    expect(d.counts).toEqual({ added: 2, removed: 1, changed: 2 });
    expect(d.items).toEqual([expect.objectContaining({ key: 'vip_lounge', change: 'added', before: null })]);
    expect(d.standards[0]).toMatchObject({
      key: 'fixed_line_restore|2A|*|*|*',
      change: 'changed',
      fields: [
        {
          field: 'responseTime',
          before: { kind: 'hours', hours: 3, clock: '24x7' },
          after: { kind: 'hours', hours: 2, clock: '24x7' },
        },
        { field: 'wording', before: '3小时', after: '2小时' },
      ],
    });
    expect(d.standards[1]).toMatchObject({ key: 'vip_lounge|5A|*|*|core', change: 'added' });
    expect(d.actions).toEqual([expect.objectContaining({ key: 'visit_1a', change: 'removed', after: null })]);
    expect(d.channels[0]).toMatchObject({
      key: 'account_manager|am_visit',
      fields: [{ field: 'role', before: 'primary', after: 'support' }],
    });
  });
});
