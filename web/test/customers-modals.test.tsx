import './setup';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../src/api/client';
import { setSessionUser } from '../src/auth/session';
import {
  CreateCustomerModal,
  EditCustomerModal,
  isStaleVersion,
} from '../src/pages/customers/customer-form-modal';
import type { Lookups } from '../src/pages/customers/customer-lookups';
import { TransferModal } from '../src/pages/customers/transfer-modal';
import { ACCOUNT_MANAGERS, buildCustomer, INDUSTRIES, REGIONS, renderWithAntd } from './customers-fixtures';
import { buildUser, json, problem, routeFetch } from './fixtures';

const lookups: Lookups = {
  industries: INDUSTRIES,
  regions: REGIONS,
  accountManagers: ACCOUNT_MANAGERS,
  industryName: (code) => INDUSTRIES.find((industry) => industry.code === code)?.zh ?? code,
};

function renderModal(onSaved = vi.fn()) {
  renderWithAntd(<CreateCustomerModal open lookups={lookups} onClose={() => {}} onSaved={onSaved} />);
  return onSaved;
}

async function fillRequired(form: HTMLElement) {
  fireEvent.change(within(form).getByTestId('customer-form-code'), { target: { value: 'GD-0100' } });
  fireEvent.change(within(form).getByTestId('customer-form-name'), { target: { value: '粤海物流' } });
  fireEvent.change(within(form).getByTestId('customer-form-creditCode'), {
    target: { value: '91440300ma5fxxxx1y' },
  });
  fireEvent.mouseDown(
    form.querySelector('[data-testid="customer-form-industry"] .ant-select-selector') as Element,
  );
  fireEvent.click(await screen.findByTitle('J 金融业'));
  fireEvent.mouseDown(
    form.querySelector('[data-testid="customer-form-region"] .ant-select-selector') as Element,
  );
  fireEvent.click(await screen.findByTitle('广州市'));
}

describe('CreateCustomerModal', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('shows the server’s field error under its field, then saves once it is fixed', async () => {
    const created = buildCustomer({ code: 'GD-0100', name: '粤海物流' });
    let answer = () =>
      problem(400, 'VALIDATION_FAILED', 'invalid', {
        errors: [{ field: 'creditCode', message: '统一社会信用代码校验位错误' }],
      });
    const server = routeFetch({ 'POST /api/v1/customers': () => answer() });
    vi.stubGlobal('fetch', server.fetch);
    const onSaved = renderModal();
    const form = await screen.findByTestId('customer-create-form');
    await fillRequired(form);
    fireEvent.click(screen.getByTestId('customer-form-submit'));

    const message = await within(form).findByText('统一社会信用代码校验位错误', {}, { timeout: 4000 });
    expect(message.closest('.ant-form-item')?.textContent).toContain('统一社会信用代码');
    expect(screen.getByText('提交的内容有误,请检查后重试。')).toBeTruthy();
    expect(onSaved).not.toHaveBeenCalled();
    expect(JSON.parse(String(server.calls[0]?.init.body))).toMatchObject({
      code: 'GD-0100',
      name: '粤海物流',
      creditCode: '91440300MA5FXXXX1Y',
      industry: 'J',
      regionCode: '440100',
      isHeadquarters: false,
      accountManagerId: null,
    });

    answer = () => json(created, 201);
    fireEvent.change(within(form).getByTestId('customer-form-creditCode'), {
      target: { value: '91440300MA5FXXXX1X' },
    });
    fireEvent.click(screen.getByTestId('customer-form-submit'));
    await waitFor(() => expect(onSaved).toHaveBeenCalledWith(created));
  });
});

describe('EditCustomerModal', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('sends only the changed fields with the version, and asks to reload on a stale version (409)', async () => {
    const customer = buildCustomer();
    const server = routeFetch({
      [`PATCH /api/v1/customers/${customer.id}`]: () =>
        problem(409, 'CONFLICT', 'changed', { errors: [{ field: 'version', message: 'stale' }] }),
    });
    vi.stubGlobal('fetch', server.fetch);
    const onReload = vi.fn();
    renderWithAntd(
      <EditCustomerModal
        customer={customer}
        open
        lookups={lookups}
        onClose={() => {}}
        onSaved={() => {}}
        onReload={onReload}
      />,
    );
    fireEvent.change(await screen.findByTestId('customer-form-name'), {
      target: { value: '华南智造集团股份有限公司' },
    });
    fireEvent.click(screen.getByTestId('customer-edit-submit'));

    expect(await screen.findByTestId('customer-edit-conflict', {}, { timeout: 4000 })).toBeTruthy();
    expect(screen.getByText('他人已修改了该客户')).toBeTruthy();
    expect(JSON.parse(String(server.calls[0]?.init.body))).toEqual({
      name: '华南智造集团股份有限公司',
      version: 3,
    });
    fireEvent.click(screen.getByTestId('customer-edit-reload'));
    expect(onReload).toHaveBeenCalledOnce();
  });

  it('shows an account manager the region without letting it change it', async () => {
    setSessionUser(buildUser({ role: 'account_manager', regionCode: 'GD-GZ' }));
    try {
      renderWithAntd(
        <EditCustomerModal
          customer={buildCustomer()}
          open
          lookups={lookups}
          onClose={() => {}}
          onSaved={() => {}}
          onReload={() => {}}
        />,
      );
      const region = await screen.findByTestId('customer-form-region');
      expect(region.closest('.ant-select')?.className ?? region.className).toMatch(/ant-select-disabled/);
      expect(screen.getByText('客户经理不能更改地区;请联系大客户经理主管或管理员。')).toBeTruthy();
    } finally {
      setSessionUser(null);
    }
  });

  it('treats a duplicate code (409 naming code) as a field error, not a stale version', () => {
    const duplicate = new ApiError({
      type: 'about:blank',
      title: 'Conflict',
      status: 409,
      code: 'CONFLICT',
      errors: [{ field: 'code', message: 'already used by another customer' }],
    });
    expect(isStaleVersion(duplicate)).toBe(false);
    expect(
      isStaleVersion(
        new ApiError({ ...duplicate.problem, errors: [{ field: 'version', message: 'stale' }] }),
      ),
    ).toBe(true);
  });
});

describe('TransferModal', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('requires a reason and another account manager, then posts the transfer', async () => {
    const customer = buildCustomer();
    const transferred = buildCustomer({
      accountManagerId: 'am2-id',
      accountManagerName: '王客户经理',
      version: 4,
    });
    const server = routeFetch({
      [`POST /api/v1/customers/${customer.id}/transfer`]: () => json(transferred),
    });
    vi.stubGlobal('fetch', server.fetch);
    const onSaved = vi.fn();
    renderWithAntd(
      <TransferModal customer={customer} open lookups={lookups} onClose={() => {}} onSaved={onSaved} />,
    );
    fireEvent.click(await screen.findByTestId('customer-transfer-submit'));
    expect(await screen.findByText('请填写移交原因')).toBeTruthy();

    fireEvent.mouseDown(
      document.querySelector('[data-testid="customer-transfer-to"] .ant-select-selector') as Element,
    );
    fireEvent.click(await screen.findByTitle('李客户经理 (am1)'));
    fireEvent.change(screen.getByTestId('customer-transfer-reason'), { target: { value: '区域调整' } });
    fireEvent.click(screen.getByTestId('customer-transfer-submit'));
    expect(await screen.findByText('请选择另一位客户经理')).toBeTruthy();
    expect(server.calls).toHaveLength(0);

    fireEvent.mouseDown(
      document.querySelector('[data-testid="customer-transfer-to"] .ant-select-selector') as Element,
    );
    fireEvent.click(await screen.findByTitle('王客户经理 (am2)'));
    fireEvent.click(screen.getByTestId('customer-transfer-submit'));
    await waitFor(() => expect(onSaved).toHaveBeenCalledWith(transferred));
    expect(JSON.parse(String(server.calls[0]?.init.body))).toEqual({
      accountManagerId: 'am2-id',
      reason: '区域调整',
    });
  });
});
