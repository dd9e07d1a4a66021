import { Card, Col, Row, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useSession } from '../auth/session';
import { roleLabel } from '../i18n/describe-error';
import { findMenuRoutes } from '../routes';

export function HomePage() {
  const { t } = useTranslation();
  const session = useSession();
  if (session.status !== 'authenticated') return null;
  const { user } = session;
  const shortcuts = findMenuRoutes(user.role).filter((route) => route.path !== '/');

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <div>
        <Typography.Title level={3} style={{ marginTop: 0 }} data-testid="home-greeting">
          {t('home.greeting', { name: user.displayName })}
        </Typography.Title>
        <Typography.Text type="secondary">
          {t('home.role')} <Tag color="blue">{roleLabel(user.role, t)}</Tag>
        </Typography.Text>
      </div>
      <div>
        <Typography.Title level={5}>{t('home.shortcuts')}</Typography.Title>
        <Row gutter={[16, 16]}>
          {shortcuts.map((route) => (
            <Col key={route.key} xs={24} sm={12} lg={8} xl={6}>
              <Link to={route.path} data-testid={`home-card-${route.key}`}>
                <Card hoverable>
                  <Card.Meta
                    avatar={<span style={{ fontSize: 24 }}>{route.icon}</span>}
                    title={t(route.labelKey)}
                    description={route.hintKey ? t(route.hintKey) : null}
                  />
                </Card>
              </Link>
            </Col>
          ))}
        </Row>
      </div>
    </Space>
  );
}
