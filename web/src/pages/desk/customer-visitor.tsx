import { SwapOutlined } from '@ant-design/icons';
import { Alert, App, Button, Form, Modal, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getCustomerVisitor, getVisitCoverage, setCustomerVisitor } from '../../api/desk';
import type { Role } from '../../api/types';
import { useApi } from '../../api/use-api';
import { findActiveUsersOfRole } from '../../api/users';
import { useSession } from '../../auth/session';
import { ErrorAlert } from '../../components/error-alert';
import { applyFieldIssues } from '../../components/form-errors';
import { computeTodayDate, formatInstant } from '../../format';

/** PUT /customers/:id/visitor is theirs. */
const CHANGERS: readonly Role[] = ['admin', 'kam_manager'];

type Option = { value: string; label: string };

/** `YYYY-MM` of the first of the 24 months ending with the current one (the coverage report's longest span). */
function coverageFrom(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) - 23;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/**
 * The visit agents one may pick. The admin reads the active visit agents (`GET /users`, admin
 * only). No endpoint lists them to a kam_manager, so it gets the visitors of its scope's last 24
 * months of coverage; the server still checks the choice is an active visit agent.
 */
async function findVisitAgentOptions(role: Role, signal: AbortSignal): Promise<Option[]> {
  if (role === 'admin') {
    const users = await findActiveUsersOfRole('visit_agent', signal);
    return users.map((u) => ({
      value: u.id,
      label: `${u.displayName} (${u.username})${u.regionCode ? ` · ${u.regionCode}` : ''}`,
    }));
  }
  const month = computeTodayDate(new Date()).slice(0, 7);
  const rows = await getVisitCoverage({ from: coverageFrom(month), to: month, groupBy: 'visitor' }, signal);
  const byId = new Map<string, string>();
  for (const r of rows) if (r.key) byId.set(r.key, r.name ?? r.key);
  return [...byId].map(([value, label]) => ({ value, label })).sort((a, b) => a.label.localeCompare(b.label));
}

function VisitorModal({
  customerId,
  current,
  role,
  open,
  onClose,
  onChanged,
}: {
  customerId: string;
  current: { id: string; name: string | null } | null;
  role: Role;
  open: boolean;
  onClose: () => void;
  onChanged: (moved: number) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ visitorId: string }>();
  const agents = useApi(
    (signal) => (open ? findVisitAgentOptions(role, signal) : Promise.resolve([])),
    [open, role],
  );
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const options = [...(agents.data ?? [])];
  if (current && !options.some((o) => o.value === current.id))
    options.unshift({ value: current.id, label: current.name ?? current.id });

  const submit = async ({ visitorId }: { visitorId: string }) => {
    setBusy(true);
    setError(null);
    try {
      const saved = await setCustomerVisitor(customerId, visitorId);
      onChanged(saved.movedVisits);
    } catch (caught) {
      if (!applyFieldIssues(form, caught, ['visitorId'])) setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('desk.customerTab.changeVisitor')}
      okText={t('common.save')}
      okButtonProps={{ 'data-testid': 'visitor-submit' }}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      afterClose={() => setError(null)}
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        preserve={false}
        initialValues={current ? { visitorId: current.id } : {}}
      >
        <Alert
          type="info"
          showIcon
          message={t('desk.customerTab.visitorHint')}
          style={{ marginBottom: 12 }}
        />
        <Form.Item
          name="visitorId"
          label={t('desk.customerTab.visitorSelect')}
          rules={[{ required: true, message: t('desk.customerTab.visitorRequired') }]}
          extra={role === 'admin' ? undefined : t('desk.customerTab.visitorFromCoverage')}
        >
          <Select
            showSearch
            optionFilterProp="label"
            loading={agents.loading}
            options={options}
            aria-label="visitor"
            data-testid="visitor-select"
          />
        </Form.Item>
      </Form>
      <ErrorAlert error={agents.error ?? error} />
    </Modal>
  );
}

/** Who makes the customer's return visits, and (admin, kam_manager) a way to change it. */
export function CustomerVisitor({ customerId, onChanged }: { customerId: string; onChanged?: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const session = useSession();
  const role = session.status === 'authenticated' ? session.user.role : null;
  const visitor = useApi((signal) => getCustomerVisitor(customerId, signal), [customerId]);
  const [changing, setChanging] = useState(false);
  const v = visitor.data;

  return (
    <Space size="small" wrap data-testid="customer-visitor">
      <Typography.Text type="secondary">{t('desk.customerTab.visitor')}:</Typography.Text>
      {visitor.error ? (
        <ErrorAlert error={visitor.error} />
      ) : v?.visitorId ? (
        <>
          <Typography.Text strong data-testid="customer-visitor-name">
            {v.visitorName ?? v.visitorId}
          </Typography.Text>
          {v.assignedBy && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('desk.customerTab.visitorAssigned', { by: v.assignedBy, at: formatInstant(v.assignedAt) })}
            </Typography.Text>
          )}
        </>
      ) : (
        v && <Typography.Text type="secondary">{t('desk.customerTab.visitorNone')}</Typography.Text>
      )}
      {role && CHANGERS.includes(role) && v && (
        <Button
          size="small"
          icon={<SwapOutlined />}
          onClick={() => setChanging(true)}
          data-testid="visitor-change"
        >
          {t('desk.customerTab.changeVisitor')}
        </Button>
      )}
      {role && CHANGERS.includes(role) && (
        <VisitorModal
          customerId={customerId}
          current={v?.visitorId ? { id: v.visitorId, name: v.visitorName } : null}
          role={role}
          open={changing}
          onClose={() => setChanging(false)}
          onChanged={(moved) => {
            setChanging(false);
            message.success(t('desk.customerTab.visitorChanged', { count: moved }));
            visitor.reload();
            onChanged?.();
          }}
        />
      )}
    </Space>
  );
}
