import { GiftOutlined } from '@ant-design/icons';
import { Button, Card, Space, Tabs, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { findResources } from '../../api/resources';
import { useApi } from '../../api/use-api';
import { useSession } from '../../auth/session';
import { ErrorAlert } from '../../components/error-alert';
import { computeTodayDate } from '../../format';
import { BudgetsTab } from './budgets-tab';
import { IssueModal } from './issue-modal';
import { LedgerTab } from './ledger-tab';
import { ResourcesTab } from './resources-tab';

/**
 * Service resources (PRODUCT.md §4 "Resources", seed 004): the budgets grid per level with usage
 * and a chart, the ledger, and the resource list; account managers, kam_manager and admin issue
 * resources to customers in their scope (a 409 shows the remaining budget).
 */
export function ResourcesPage() {
  const { t } = useTranslation();
  const session = useSession();
  const role = session.status === 'authenticated' ? session.user.role : null;
  const canIssue = role === 'admin' || role === 'kam_manager' || role === 'account_manager';
  const canBudget = role === 'admin' || role === 'kam_manager';
  const isAdmin = role === 'admin';
  const today = useMemo(() => computeTodayDate(new Date()), []);
  const [issuing, setIssuing] = useState(false);
  const [reloadKey, setReloadKey] = useState(0);
  const resources = useApi((signal) => findResources({}, signal), []);
  const list = resources.data ?? [];

  return (
    <Card
      title={
        <Space direction="vertical" size={0}>
          <span>{t('resources.title')}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 'normal' }}>
            {t('resources.subtitle')}
          </Typography.Text>
        </Space>
      }
      extra={
        canIssue && (
          <Button
            type="primary"
            icon={<GiftOutlined />}
            onClick={() => setIssuing(true)}
            data-testid="issue-open"
          >
            {t('resources.issue.button')}
          </Button>
        )
      }
    >
      <ErrorAlert error={resources.error} />
      <Tabs
        defaultActiveKey="budgets"
        items={[
          {
            key: 'budgets',
            label: t('resources.tabs.budgets'),
            children: <BudgetsTab resources={list} today={today} canEdit={canBudget} reloadKey={reloadKey} />,
          },
          {
            key: 'ledger',
            label: t('resources.tabs.ledger'),
            children: <LedgerTab resources={list} canIssue={canIssue} reloadKey={reloadKey} />,
          },
          {
            key: 'resources',
            label: t('resources.tabs.resources'),
            children: (
              <ResourcesTab
                resources={list}
                loading={resources.loading}
                canEdit={isAdmin}
                onChanged={resources.reload}
              />
            ),
          },
        ]}
      />
      <IssueModal
        open={issuing}
        resources={list}
        onClose={() => setIssuing(false)}
        onDone={() => {
          setIssuing(false);
          setReloadKey((k) => k + 1);
        }}
      />
    </Card>
  );
}
