import { EditOutlined, KeyOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Input, Space, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ROLES, type User } from '../../api/types';
import { useApi } from '../../api/use-api';
import { findRegions, findUsers } from '../../api/users';
import { ErrorAlert } from '../../components/error-alert';
import { formatInstant } from '../../format';
import { roleLabel } from '../../i18n/describe-error';
import { formatRegion } from './region-field';
import { CreateUserModal, EditUserModal, ResetPasswordModal } from './user-modals';

/** Admin: every account, with create, edit (role, region, active) and password reset. */
export function UsersPage() {
  const { t } = useTranslation();
  const users = useApi((signal) => findUsers(signal), []);
  // Regions only label and pick; without them the page still works with raw codes.
  const regions = useApi((signal) => findRegions(signal).catch(() => []), []);
  const regionList = regions.data ?? [];

  const [search, setSearch] = useState('');
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<User | null>(null);
  const [resetting, setResetting] = useState<User | null>(null);

  const rows = useMemo(() => {
    const needle = search.trim().toLowerCase();
    const items = users.data?.items ?? [];
    if (!needle) return items;
    return items.filter(
      (user) =>
        user.username.toLowerCase().includes(needle) || user.displayName.toLowerCase().includes(needle),
    );
  }, [users.data, search]);

  const columns: TableColumnsType<User> = [
    {
      title: t('users.username'),
      dataIndex: 'username',
      sorter: (a, b) => a.username.localeCompare(b.username),
      render: (username: string) => <Typography.Text code>{username}</Typography.Text>,
    },
    { title: t('users.displayName'), dataIndex: 'displayName' },
    {
      title: t('users.role'),
      dataIndex: 'role',
      filters: ROLES.map((role) => ({ text: roleLabel(role, t), value: role })),
      onFilter: (value, user) => user.role === value,
      render: (role: string) => <Tag color={role === 'admin' ? 'red' : 'blue'}>{roleLabel(role, t)}</Tag>,
    },
    {
      title: t('users.region'),
      dataIndex: 'regionCode',
      render: (code: string | null) => formatRegion(code, regionList) || t('common.none'),
    },
    {
      title: t('users.active'),
      dataIndex: 'active',
      filters: [
        { text: t('users.active'), value: true },
        { text: t('users.inactive'), value: false },
      ],
      onFilter: (value, user) => user.active === value,
      render: (active: boolean) =>
        active ? <Tag color="success">{t('users.active')}</Tag> : <Tag>{t('users.inactive')}</Tag>,
    },
    {
      title: t('users.lastLoginAt'),
      dataIndex: 'lastLoginAt',
      sorter: (a, b) => (a.lastLoginAt ?? '').localeCompare(b.lastLoginAt ?? ''),
      render: (at: string | null) =>
        at ? formatInstant(at) : <Typography.Text type="secondary">{t('users.never')}</Typography.Text>,
    },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, user) => (
        <Space size={0}>
          <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing(user)}>
            {t('common.edit')}
          </Button>
          <Button type="link" size="small" icon={<KeyOutlined />} onClick={() => setResetting(user)}>
            {t('users.resetPassword')}
          </Button>
        </Space>
      ),
    },
  ];

  return (
    <Card
      title={t('users.title')}
      extra={
        <Space>
          <Input.Search
            allowClear
            placeholder={`${t('users.username')} / ${t('users.displayName')}`}
            onSearch={setSearch}
            onChange={(event) => {
              if (!event.target.value) setSearch('');
            }}
            style={{ width: 220 }}
          />
          <Button icon={<ReloadOutlined />} onClick={users.reload} aria-label={t('common.refresh')} />
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setCreating(true)}
            data-testid="user-create"
          >
            {t('users.create')}
          </Button>
        </Space>
      }
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <ErrorAlert error={users.error} />
        <Table<User>
          rowKey="id"
          size="middle"
          loading={users.loading}
          columns={columns}
          dataSource={rows}
          pagination={{
            defaultPageSize: 20,
            showSizeChanger: true,
            showTotal: (total) => t('common.total', { total }),
          }}
          data-testid="users-table"
        />
      </Space>
      <CreateUserModal
        open={creating}
        regions={regionList}
        onClose={() => setCreating(false)}
        onSaved={() => {
          setCreating(false);
          users.reload();
        }}
      />
      <EditUserModal
        user={editing}
        regions={regionList}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          users.reload();
        }}
      />
      <ResetPasswordModal
        user={resetting}
        onClose={() => setResetting(null)}
        onSaved={() => {
          setResetting(null);
          users.reload();
        }}
      />
    </Card>
  );
}
