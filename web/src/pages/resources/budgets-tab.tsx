import { AuditOutlined, CopyOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  type ButtonProps,
  Empty,
  Progress,
  Select,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import type { TFunction } from 'i18next';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type Budget,
  type BudgetPeriod,
  copyBudgets,
  findBudgets,
  nextPeriodKey,
  periodKeyOf,
  type Resource,
} from '../../api/resources';
import { useApi } from '../../api/use-api';
import { ErrorAlert } from '../../components/error-alert';
import { AdjustModal } from './adjust-modal';
import { BudgetChart } from './budget-chart';
import { type BudgetDraft, BudgetModal } from './budget-modal';
import { KindTag, LEVEL_ORDER, nameIn } from './resource-labels';

type Row = { key: string; resource: Pick<Resource, 'code' | 'name' | 'nameEn' | 'kind' | 'unit'> };

/** Day `date` moved back by `months` calendar months (to the 1st). */
function monthsBack(date: string, months: number): string {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7)) - 1 - months;
  const d = new Date(Date.UTC(y, m, 1));
  return d.toISOString().slice(0, 10);
}

/** The views of the period selector: in force today, or one period key. */
function periodOptions(today: string, t: TFunction) {
  const thisMonth = periodKeyOf('month', today);
  const thisQuarter = periodKeyOf('quarter', today);
  const thisYear = periodKeyOf('year', today);
  const lastMonth = periodKeyOf('month', monthsBack(today, 1));
  const lastQuarter = periodKeyOf('quarter', monthsBack(today, 3));
  return [
    { value: '', label: t('resources.filter.inForce') },
    { value: thisMonth, label: t('resources.filter.thisMonth', { key: thisMonth }) },
    { value: thisQuarter, label: t('resources.filter.thisQuarter', { key: thisQuarter }) },
    { value: thisYear, label: t('resources.filter.thisYear', { key: thisYear }) },
    { value: lastMonth, label: t('resources.filter.lastMonth', { key: lastMonth }) },
    { value: lastQuarter, label: t('resources.filter.lastQuarter', { key: lastQuarter }) },
  ];
}

function periodOfKey(key: string): BudgetPeriod {
  if (/^\d{4}$/.test(key)) return 'year';
  return key.includes('Q') ? 'quarter' : 'month';
}

function BudgetCell({
  budgets,
  canEdit,
  onEdit,
  onAdjust,
}: {
  budgets: Budget[];
  canEdit: boolean;
  onEdit: (b: Budget) => void;
  onAdjust: (b: Budget) => void;
}) {
  const { t } = useTranslation();
  return (
    <Space direction="vertical" size={2} style={{ width: '100%' }}>
      {budgets.map((b) => {
        const percent = b.quantity === 0 ? 100 : Math.round((b.used / b.quantity) * 100);
        // Nearly used up: something was used and at most 10 % (or 2) is left.
        const tight = b.used > 0 && b.remaining <= Math.max(2, Math.ceil(b.quantity * 0.1));
        return (
          <div key={b.id} data-testid={`budget-${b.resourceCode}-${b.level}-${b.period}`}>
            <Space size={4}>
              <Tag bordered={false} style={{ marginInlineEnd: 0 }}>
                {t(`resources.period.${b.period}`)}
              </Tag>
              <Typography.Text type={b.remaining === 0 ? 'danger' : tight ? 'warning' : undefined}>
                {t('resources.budget.remaining', { remaining: b.remaining })}
              </Typography.Text>
              {canEdit && (
                <Button
                  type="link"
                  size="small"
                  icon={<EditOutlined />}
                  aria-label={t('resources.budget.edit')}
                  onClick={() => onEdit(b)}
                />
              )}
              {canEdit && (
                <Tooltip title={t('resources.budget.adjust')}>
                  <Button
                    type="link"
                    size="small"
                    icon={<AuditOutlined />}
                    aria-label={t('resources.budget.adjust')}
                    data-testid={`budget-adjust-${b.resourceCode}-${b.level}-${b.period}`}
                    onClick={() => onAdjust(b)}
                  />
                </Tooltip>
              )}
            </Space>
            <Tooltip title={t('resources.budget.usage', { used: b.used, quantity: b.quantity })}>
              <Progress
                percent={percent}
                size="small"
                status={b.remaining === 0 ? 'exception' : tight ? 'active' : 'normal'}
                strokeColor={tight && b.remaining > 0 ? '#fa8c16' : undefined}
                format={() => `${b.used}/${b.quantity}`}
              />
            </Tooltip>
          </div>
        );
      })}
    </Space>
  );
}

/**
 * The budgets grid: one row per resource, one column per level (tiers, then group classes in
 * use), each cell the level's budgets of the period viewed with a usage bar and what is left;
 * a bar chart of budget and used amount per level. Admin and kam_manager set budgets, make
 * stock-take adjustments (盘点调整) and copy the period viewed to the next one (复制到下一期).
 */
export function BudgetsTab({
  resources,
  today,
  canEdit,
  reloadKey,
}: {
  resources: Resource[];
  today: string;
  canEdit: boolean;
  reloadKey: number;
}) {
  const { t, i18n } = useTranslation();
  const [periodKey, setPeriodKey] = useState('');
  const [draft, setDraft] = useState<BudgetDraft | null>(null);
  const [adjusting, setAdjusting] = useState<Budget | null>(null);
  const [copyError, setCopyError] = useState<unknown>(null);
  const { modal, message } = App.useApp();
  const budgets = useApi(
    (signal) => findBudgets(periodKey ? { periodKey } : { date: today }, signal),
    [periodKey, today, reloadKey],
  );

  const levels = useMemo(() => {
    const used = new Set((budgets.data ?? []).map((b) => b.level));
    // Tiers always (1A–5A); group classes A/B/C only when a budget is written for them.
    return LEVEL_ORDER.filter((l) => /^\dA$/.test(l) || used.has(l));
  }, [budgets.data]);

  const rows: Row[] = useMemo(() => {
    const byCode = new Map<string, Row>();
    for (const r of resources) if (r.active) byCode.set(r.code, { key: r.code, resource: r });
    for (const b of budgets.data ?? []) {
      if (!byCode.has(b.resourceCode)) {
        byCode.set(b.resourceCode, {
          key: b.resourceCode,
          resource: {
            code: b.resourceCode,
            name: b.resourceName,
            nameEn: b.resourceNameEn,
            kind: b.resourceKind,
            unit: b.unit,
          },
        });
      }
    }
    return [...byCode.values()];
  }, [resources, budgets.data]);

  const cellBudgets = (code: string, level: string) =>
    (budgets.data ?? []).filter((b) => b.resourceCode === code && b.level === level);

  const newDraft = (resourceCode: string, level: string): BudgetDraft => {
    const period = periodKey ? periodOfKey(periodKey) : 'month';
    return {
      resourceCode,
      level,
      period,
      periodKey: periodKey || periodKeyOf(period, today),
      quantity: 0,
      used: 0,
    };
  };

  const copyToNext = () => {
    const from = periodKey;
    const to = nextPeriodKey(from);
    modal.confirm({
      title: t('resources.budget.copyTitle'),
      content: (
        <span data-testid="budget-copy-confirm">{t('resources.budget.copyConfirm', { from, to })}</span>
      ),
      okButtonProps: { 'data-testid': 'budget-copy-ok' } as ButtonProps,
      onOk: async () => {
        setCopyError(null);
        try {
          const result = await copyBudgets({ fromPeriodKey: from, toPeriodKey: to });
          message.success(t('resources.budget.copyDone', result));
        } catch (caught) {
          setCopyError(caught);
        }
      },
    });
  };

  const columns: TableColumnsType<Row> = [
    {
      title: t('resources.col.resource'),
      key: 'resource',
      fixed: 'left',
      width: 200,
      render: (_, row) => (
        <Space direction="vertical" size={0}>
          <span>{nameIn(i18n.language, row.resource)}</span>
          <Space size={4}>
            <KindTag kind={row.resource.kind} t={t} />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {row.resource.unit}
            </Typography.Text>
          </Space>
        </Space>
      ),
    },
    ...levels.map((level) => ({
      title: level,
      key: level,
      width: 150,
      render: (_: unknown, row: Row) => {
        const list = cellBudgets(row.resource.code, level);
        if (list.length > 0) {
          return (
            <BudgetCell
              budgets={list}
              canEdit={canEdit}
              onEdit={(b) =>
                setDraft({
                  resourceCode: b.resourceCode,
                  level: b.level,
                  period: b.period,
                  periodKey: b.periodKey,
                  quantity: b.quantity,
                  used: b.used,
                })
              }
              onAdjust={setAdjusting}
            />
          );
        }
        return canEdit ? (
          <Button
            type="dashed"
            size="small"
            icon={<PlusOutlined />}
            onClick={() => setDraft(newDraft(row.resource.code, level))}
            aria-label={`${t('resources.budget.set')} ${row.resource.code} ${level}`}
          >
            {t('resources.budget.set')}
          </Button>
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        );
      },
    })),
  ];

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap>
        <span>{t('resources.filter.view')}</span>
        <Select
          value={periodKey}
          style={{ width: 260 }}
          onChange={setPeriodKey}
          options={periodOptions(today, t)}
          data-testid="budget-period"
        />
        {canEdit && (
          <Button icon={<PlusOutlined />} onClick={() => setDraft(newDraft(resources[0]?.code ?? '', '5A'))}>
            {t('resources.budget.add')}
          </Button>
        )}
        {canEdit && periodKey && (
          <Button icon={<CopyOutlined />} onClick={copyToNext} data-testid="budget-copy">
            {t('resources.budget.copy')}
          </Button>
        )}
      </Space>
      <ErrorAlert error={budgets.error} />
      <ErrorAlert error={copyError} />
      {budgets.data && budgets.data.length === 0 && !budgets.loading && (
        <Empty description={t('resources.budget.empty')} />
      )}
      <Table<Row>
        size="small"
        rowKey="key"
        columns={columns}
        dataSource={rows}
        loading={budgets.loading}
        pagination={false}
        scroll={{ x: 200 + levels.length * 150 }}
        data-testid="budgets-grid"
      />
      {budgets.data && budgets.data.length > 0 && <BudgetChart budgets={budgets.data} />}
      <BudgetModal
        draft={draft}
        resources={resources}
        onClose={() => setDraft(null)}
        onDone={() => {
          setDraft(null);
          budgets.reload();
        }}
      />
      <AdjustModal
        budget={adjusting}
        onClose={() => setAdjusting(null)}
        onDone={() => {
          setAdjusting(null);
          budgets.reload();
        }}
      />
    </Space>
  );
}
