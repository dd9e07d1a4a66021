import { SearchOutlined } from '@ant-design/icons';
import {
  Badge,
  Card,
  Col,
  Descriptions,
  Empty,
  Input,
  type InputRef,
  List,
  Row,
  Space,
  Spin,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { findTickets, type LookupResult, lookupCustomers } from '../../api/desk';
import { useApi } from '../../api/use-api';
import { ErrorAlert } from '../../components/error-alert';
import { EntitlementsPanel } from '../customers/panels/entitlements-panel';
import { DeskTierTag } from './desk-labels';
import { NewTicketForm } from './new-ticket-form';
import { TicketTable } from './ticket-table';

const DEBOUNCE_MS = 300;

/** One search hit: name, tier badge, AM, what matched, circuits and open tickets. */
function ResultItem({ r, active, onPick }: { r: LookupResult; active: boolean; onPick: () => void }) {
  const { t } = useTranslation();
  const c = r.customer;
  return (
    <List.Item
      onClick={onPick}
      onMouseDown={(e) => e.preventDefault()}
      style={{
        cursor: 'pointer',
        paddingInline: 12,
        background: active ? 'rgba(22,119,255,0.08)' : undefined,
        borderInlineStart: active ? '3px solid #1677ff' : '3px solid transparent',
      }}
      data-testid={`lookup-result-${c.id}`}
      aria-selected={active}
      role="option"
    >
      <Space direction="vertical" size={2} style={{ width: '100%' }}>
        <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
          <Typography.Text strong>{c.name}</Typography.Text>
          <DeskTierTag tier={c.tier} stars={c.stars} groupClass={c.groupClass} />
        </Space>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('desk.console.matched', { by: t(`desk.matchedBy.${r.matchedBy}`), value: r.matched })}
        </Typography.Text>
        <Space size={12} wrap style={{ fontSize: 12 }}>
          <span>
            {t('desk.console.accountManager')}:{c.accountManagerName ?? '—'}
          </span>
          <span>{c.regionName ?? c.regionCode}</span>
          <span>{t('desk.console.circuitsCount', { count: r.circuits.length })}</span>
          {r.openTickets > 0 ? (
            <Tag color="orange" style={{ marginInlineEnd: 0 }}>
              {t('desk.console.openTicketsCount', { count: r.openTickets })}
            </Tag>
          ) : null}
        </Space>
      </Space>
    </List.Item>
  );
}

/** The picked customer: header, then new ticket, its open tickets and its entitlements. */
function CustomerWorkspace({ picked }: { picked: LookupResult }) {
  const { t } = useTranslation();
  const c = picked.customer;
  const [tab, setTab] = useState('new');
  const open = useApi(
    async (signal) => ({
      ...(await findTickets({ customerId: c.id, open: true, sort: 'queue', limit: 50 }, signal)),
      at: Date.now(),
    }),
    [c.id],
  );
  // biome-ignore lint/correctness/useExhaustiveDependencies: another customer starts on the form
  useEffect(() => setTab('new'), [c.id]);
  const matchedCircuit =
    picked.matchedBy === 'circuit'
      ? picked.circuits.find((x) => x.circuitNumber === picked.matched)?.id
      : null;
  const openCount = open.data?.total ?? picked.openTickets;

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="desk-customer">
      <Card size="small">
        <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
          <Space size="middle" wrap>
            <Typography.Title level={4} style={{ margin: 0 }}>
              {c.name}
            </Typography.Title>
            <DeskTierTag tier={c.tier} stars={c.stars} groupClass={c.groupClass} />
          </Space>
          <Link to={`/customers/${c.id}`}>{t('desk.console.openFile')}</Link>
        </Space>
        <Descriptions size="small" column={{ xs: 1, md: 3 }} style={{ marginTop: 8 }}>
          <Descriptions.Item label={t('desk.console.accountManager')}>
            {c.accountManagerName ?? '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('desk.console.region')}>
            {c.regionName ?? c.regionCode}
          </Descriptions.Item>
          <Descriptions.Item label={t('desk.console.circuits')}>
            {picked.circuits.length === 0
              ? '—'
              : picked.circuits
                  .slice(0, 3)
                  .map((x) => x.circuitNumber)
                  .join('、') + (picked.circuits.length > 3 ? ` …(${picked.circuits.length})` : '')}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card size="small">
        <Tabs
          activeKey={tab}
          onChange={setTab}
          items={[
            {
              key: 'new',
              label: t('desk.console.newTicket'),
              children: (
                <NewTicketForm
                  customerId={c.id}
                  circuits={picked.circuits}
                  preferredCircuitId={matchedCircuit}
                />
              ),
            },
            {
              key: 'open',
              label: (
                <Space size={6} data-testid="tab-open-tickets">
                  {t('desk.console.customerOpenTickets')}
                  <Badge count={openCount} color={openCount ? '#fa8c16' : undefined} showZero size="small" />
                </Space>
              ),
              children: (
                <>
                  <ErrorAlert error={open.error} />
                  <TicketTable
                    tickets={open.data?.items ?? []}
                    loading={open.loading}
                    fetchedAt={open.data?.at ?? Date.now()}
                    showCustomer={false}
                    showCreatedAt
                    size="small"
                    testId="customer-open-tickets"
                    emptyText={t('desk.console.noOpenTickets')}
                  />
                </>
              ),
            },
            {
              key: 'entitlements',
              label: t('desk.console.entitlements'),
              children: <EntitlementsPanel customerId={c.id} />,
            },
          ]}
        />
      </Card>
    </Space>
  );
}

/**
 * 一站式服务台 (PRODUCT.md §7): find a customer by name, code, contact phone or circuit number,
 * see its tier, entitlements and open tickets, and open a ticket in a few clicks. Keyboard: type,
 * ↑/↓ to move, Enter to pick; the form then takes Enter (title) or Ctrl+Enter (description).
 */
export function DeskPage() {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const [picked, setPicked] = useState<LookupResult | null>(null);
  const inputRef = useRef<InputRef>(null);

  useEffect(() => {
    inputRef.current?.focus();
  }, []);
  useEffect(() => {
    const trimmed = text.trim();
    const timer = setTimeout(() => setQuery(trimmed.length >= 2 ? trimmed : ''), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text]);

  const results = useApi((signal) => (query ? lookupCustomers(query, signal) : Promise.resolve([])), [query]);
  const list = results.data ?? [];
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new answer starts at its first row
  useEffect(() => setActive(0), [results.data]);

  const pick = (r: LookupResult | undefined) => {
    if (r) setPicked(r);
  };

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="desk-page">
      <Space direction="vertical" size={0}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('desk.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('desk.subtitle')}</Typography.Text>
      </Space>
      <Row gutter={16}>
        <Col xs={24} lg={9}>
          <Card size="small">
            <Input
              ref={inputRef}
              size="large"
              allowClear
              prefix={<SearchOutlined />}
              placeholder={t('desk.console.searchPlaceholder')}
              value={text}
              onChange={(e) => setText(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'ArrowDown') {
                  e.preventDefault();
                  setActive((i) => Math.min(i + 1, Math.max(0, list.length - 1)));
                } else if (e.key === 'ArrowUp') {
                  e.preventDefault();
                  setActive((i) => Math.max(0, i - 1));
                } else if (e.key === 'Enter') {
                  e.preventDefault();
                  const trimmed = text.trim();
                  if (trimmed.length >= 2 && trimmed !== query) setQuery(trimmed);
                  else pick(list[active]);
                }
              }}
              aria-label="desk search"
              data-testid="desk-search"
            />
            <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block', margin: '6px 0' }}>
              {t('desk.console.searchHint')}
            </Typography.Text>
            <ErrorAlert error={results.error} />
            {query && results.loading && !results.data ? (
              <Spin style={{ display: 'block', margin: 16 }} />
            ) : query && list.length === 0 && !results.loading ? (
              <Empty description={t('desk.console.noResults')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
            ) : (
              <List<LookupResult>
                dataSource={list}
                rowKey={(r) => r.customer.id}
                renderItem={(r, i) => (
                  <ResultItem
                    r={r}
                    active={i === active || picked?.customer.id === r.customer.id}
                    onPick={() => {
                      setActive(i);
                      pick(r);
                    }}
                  />
                )}
                data-testid="lookup-results"
                style={{ maxHeight: 'calc(100vh - 300px)', overflowY: 'auto' }}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={15}>
          {picked ? (
            <CustomerWorkspace picked={picked} />
          ) : (
            <Card>
              <Empty description={t('desk.console.pickHint')} />
            </Card>
          )}
        </Col>
      </Row>
    </Space>
  );
}
