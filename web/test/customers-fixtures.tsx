/** Server answers and the render wrapper shared by the customers page tests. */
import { StyleProvider } from '@ant-design/cssinjs';
import { configure, render } from '@testing-library/react';
import { App } from 'antd';
import type { ReactElement } from 'react';
import { vi } from 'vitest';
import type { AccountManager, Customer, Industry } from '../src/api/customers';
import type { Region } from '../src/api/types';

export function buildCustomer(overrides: Partial<Customer> = {}): Customer {
  return {
    id: '10000000-0000-4000-8000-000000000001',
    code: 'GD-0001',
    name: '华南智造集团有限公司',
    creditCode: '91440300MA5FXXXX1X',
    industry: 'C',
    regionCode: '440300',
    regionName: '深圳市',
    parentId: null,
    parentName: null,
    isHeadquarters: true,
    accountManagerId: 'am1-id',
    accountManagerName: '李客户经理',
    tier: '5A',
    stars: 5,
    groupClass: 'A',
    tierEffectiveDate: '2026-01-01',
    customerSince: '2012-05-20',
    address: '深圳市南山区科技园',
    phone: '0755-88880000',
    employees: 12000,
    strategyNotes: '推进工业互联网专网',
    financialNotes: null,
    orgStructure: null,
    status: 'active',
    version: 3,
    createdAt: '2025-01-01T00:00:00Z',
    updatedAt: '2026-03-01T02:00:00Z',
    memberCount: 2,
    latestTotal: 86.4,
    ...overrides,
  };
}

export const INDUSTRIES: Industry[] = [
  { code: 'C', zh: '制造业', en: 'Manufacturing' },
  { code: 'J', zh: '金融业', en: 'Finance' },
];

export const REGIONS: Region[] = [
  { code: '440000', name: '广东省', parentCode: null },
  { code: '440100', name: '广州市', parentCode: '440000' },
  { code: '440300', name: '深圳市', parentCode: '440000' },
];

export const ACCOUNT_MANAGERS: AccountManager[] = [
  { id: 'am1-id', username: 'am1', displayName: '李客户经理', regionCode: '440300' },
  { id: 'am2-id', username: 'am2', displayName: '王客户经理', regionCode: '440100' },
];

// On the two shared cores a loaded run is several times slower than an idle one: give findBy/waitFor
// and each test more room than the defaults (1 s, 5 s) so that load alone does not fail them.
configure({ asyncUtilTimeout: 4000 });
vi.setConfig({ testTimeout: 20_000 });

// antd injects a <style> per component into the document and jsdom parses each one: about two
// thirds of a first render. Tests read no styles, so they go to a detached element instead.
const styleContainer = document.createElement('div');

/** Renders inside antd's App, with antd's generated styles kept out of the jsdom document. */
export function renderWithAntd(ui: ReactElement) {
  return render(
    <StyleProvider container={styleContainer}>
      <App>{ui}</App>
    </StyleProvider>,
  );
}
