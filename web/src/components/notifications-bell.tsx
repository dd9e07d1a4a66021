import { BellOutlined } from '@ant-design/icons';
import { Badge, Button, Empty, List, Popover, Segmented, Space, Spin, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import {
  findNotifications,
  getUnreadCount,
  markAllNotificationsRead,
  markNotificationRead,
  type NotificationView,
} from '../api/desk';
import { formatInstant } from '../format';

export const NOTIFICATIONS_POLL_MS = 30_000;

/** Where a notification leads: its ticket, visit queue or customer. */
export function notificationPath(n: Pick<NotificationView, 'entity' | 'entityId'>): string | null {
  if (!n.entity || !n.entityId) return n.entity === 'visit' ? '/visits' : null;
  switch (n.entity) {
    case 'ticket':
      return `/tickets/${n.entityId}`;
    case 'visit':
      return '/visits';
    case 'customer':
      return `/customers/${n.entityId}`;
    case 'task':
    case 'action_task':
      return '/tasks';
    default:
      return null;
  }
}

/**
 * The header bell: unread count (polled every 30 s), the latest notifications in a popover; a
 * click marks one read and opens what it is about; "all read" clears the count.
 */
export function NotificationsBell() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [count, setCount] = useState(0);
  const [open, setOpen] = useState(false);
  const [onlyUnread, setOnlyUnread] = useState(true);
  const [items, setItems] = useState<NotificationView[] | null>(null);
  const [loading, setLoading] = useState(false);

  const refreshCount = useCallback(() => {
    getUnreadCount().then(
      (r) => setCount(r.count),
      () => {},
    );
  }, []);
  const loadList = useCallback(async (unread: boolean) => {
    setLoading(true);
    try {
      const page = await findNotifications({ ...(unread ? { unread: true } : {}), limit: 20 });
      setItems(page.items);
    } catch {
      setItems([]);
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    refreshCount();
    const timer = setInterval(refreshCount, NOTIFICATIONS_POLL_MS);
    return () => clearInterval(timer);
  }, [refreshCount]);
  useEffect(() => {
    if (open) void loadList(onlyUnread);
  }, [open, onlyUnread, loadList]);

  const openOne = async (n: NotificationView) => {
    if (!n.readAt) {
      setItems(
        (list) => list?.map((x) => (x.id === n.id ? { ...x, readAt: new Date().toISOString() } : x)) ?? null,
      );
      setCount((c) => Math.max(0, c - 1));
      markNotificationRead(n.id).catch(() => {});
    }
    const path = notificationPath(n);
    if (path) {
      setOpen(false);
      navigate(path);
    }
  };
  const readAll = async () => {
    try {
      await markAllNotificationsRead();
    } catch {
      return;
    }
    setCount(0);
    void loadList(onlyUnread);
  };

  const content = (
    <div style={{ width: 380 }} data-testid="notifications-panel">
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 8 }}>
        <Segmented
          size="small"
          value={onlyUnread ? 'unread' : 'all'}
          onChange={(v) => setOnlyUnread(v === 'unread')}
          options={[
            { value: 'unread', label: t('desk.notifications.onlyUnread') },
            { value: 'all', label: t('desk.notifications.all') },
          ]}
        />
        <Button
          size="small"
          type="link"
          onClick={readAll}
          disabled={count === 0}
          data-testid="notifications-read-all"
        >
          {t('desk.notifications.markAllRead')}
        </Button>
      </Space>
      {loading && !items ? (
        <Spin style={{ display: 'block', margin: 16 }} />
      ) : !items || items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('desk.notifications.empty')} />
      ) : (
        <List<NotificationView>
          size="small"
          dataSource={items}
          rowKey={(n) => String(n.id)}
          style={{ maxHeight: 420, overflowY: 'auto' }}
          renderItem={(n) => (
            <List.Item
              onClick={() => openOne(n)}
              style={{
                cursor: 'pointer',
                paddingInline: 8,
                background: n.readAt ? undefined : 'rgba(22,119,255,0.06)',
              }}
              data-testid={`notification-${n.id}`}
            >
              <Space direction="vertical" size={0} style={{ width: '100%' }}>
                <Typography.Text strong={!n.readAt}>{n.title}</Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {n.body}
                </Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 11 }}>
                  {formatInstant(n.createdAt)}
                </Typography.Text>
              </Space>
            </List.Item>
          )}
        />
      )}
    </div>
  );

  return (
    <Popover
      trigger="click"
      placement="bottomRight"
      open={open}
      onOpenChange={setOpen}
      title={t('desk.notifications.title')}
      content={content}
    >
      <Badge count={count} size="small" overflowCount={99}>
        <Button
          type="text"
          icon={<BellOutlined style={{ fontSize: 18 }} />}
          aria-label={t('desk.notifications.title')}
          data-testid="notifications-bell"
        />
      </Badge>
    </Popover>
  );
}
