import { SwapOutlined } from '@ant-design/icons';
import { Alert, App, Button, Form, Modal, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getCustomerVisitor, setCustomerVisitor } from '../../api/desk';
import type { Role } from '../../api/types';
import { useApi } from '../../api/use-api';
import { findVisitAgents } from '../../api/users';
import { useSession } from '../../auth/session';
import { ErrorAlert } from '../../components/error-alert';
import { applyFieldIssues } from '../../components/form-errors';
import { formatInstant } from '../../format';

/** PUT /customers/:id/visitor is theirs. */
const CHANGERS: readonly Role[] = ['admin', 'kam_manager'];

type Option = { value: string; label: string };

/** The visit agents one may pick (`GET /visit-agents`, admin and kam_manager); those of the viewer's region first. */
async function findVisitAgentOptions(regionCode: string | null, signal: AbortSignal): Promise<Option[]> {
  const agents = await findVisitAgents(signal);
  const near = (code: string | null) => (regionCode && code?.startsWith(regionCode) ? 0 : 1);
  return [...agents]
    .sort((a, b) => near(a.regionCode) - near(b.regionCode) || a.displayName.localeCompare(b.displayName))
    .map((u) => ({
      value: u.id,
      label: `${u.displayName} (${u.username})${u.regionCode ? ` · ${u.regionCode}` : ''}`,
    }));
}

function VisitorModal({
  customerId,
  current,
  regionCode,
  open,
  onClose,
  onChanged,
}: {
  customerId: string;
  current: { id: string; name: string | null } | null;
  regionCode: string | null;
  open: boolean;
  onClose: () => void;
  onChanged: (moved: number) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ visitorId: string }>();
  const agents = useApi(
    (signal) => (open ? findVisitAgentOptions(regionCode, signal) : Promise.resolve([])),
    [open, regionCode],
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
          regionCode={session.status === 'authenticated' ? session.user.regionCode : null}
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
