import { DeleteOutlined, EditOutlined, GiftOutlined, PlusOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  DatePicker,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  CONTACT_ROLES,
  type Contact,
  type ContactInput,
  type ContactRole,
  createContact,
  deleteContact,
  findContacts,
  updateContact,
} from '../../api/customers';
import { useApi } from '../../api/use-api';
import { ErrorAlert } from '../../components/error-alert';
import { applyFieldIssues } from '../../components/form-errors';
import { computeTodayDate } from '../../format';
import { daysUntilBirthday } from './customer-format';

const DATE_FORMAT = 'YYYY-MM-DD';
/** Birthdays this close are flagged for a care action. */
const BIRTHDAY_WINDOW_DAYS = 30;
const ROLE_COLORS: Record<ContactRole, string> = { core: 'red', important: 'orange', ordinary: 'default' };
const ROLE_ORDER: Record<ContactRole, number> = { core: 0, important: 1, ordinary: 2 };

type Values = {
  name: string;
  position?: string;
  role: ContactRole;
  phone?: string;
  email?: string;
  birthday?: Dayjs | null;
  notes?: string;
};

const FIELD_NAMES = ['name', 'position', 'role', 'phone', 'email', 'birthday', 'notes'] as const;

function blankToNull(value: string | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

function toInput(values: Values): ContactInput {
  return {
    name: values.name.trim(),
    position: blankToNull(values.position),
    role: values.role,
    phone: blankToNull(values.phone),
    email: blankToNull(values.email),
    birthday: values.birthday ? values.birthday.format(DATE_FORMAT) : null,
    notes: blankToNull(values.notes),
  };
}

/** "In N days" for a birthday within the next 30 days, nothing otherwise. */
export function BirthdayBadge({ birthday, todayDate }: { birthday: string; todayDate: string }) {
  const { t } = useTranslation();
  const days = daysUntilBirthday(birthday, todayDate);
  if (days === null || days > BIRTHDAY_WINDOW_DAYS) return null;
  return (
    <Tag icon={<GiftOutlined />} color={days <= 7 ? 'magenta' : 'pink'} data-testid="birthday-soon">
      {days === 0
        ? t('customers.contacts.birthdayToday')
        : t('customers.contacts.birthdayIn', { count: days })}
    </Tag>
  );
}

function ContactModal({
  customerId,
  contact,
  open,
  onClose,
  onSaved,
}: {
  customerId: string;
  /** null for a new contact. */
  contact: Contact | null;
  open: boolean;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [issuesPlaced, setIssuesPlaced] = useState(false);

  const handleOk = async () => {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    setBusy(true);
    setError(null);
    try {
      const input = toInput(values);
      if (contact) await updateContact(customerId, contact.id, input);
      else await createContact(customerId, input);
      message.success(t('customers.contacts.saved'));
      onSaved();
    } catch (caught) {
      setIssuesPlaced(applyFieldIssues(form, caught, FIELD_NAMES));
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={contact ? t('customers.contacts.edit') : t('customers.contacts.add')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      okButtonProps={{ 'data-testid': 'contact-submit' }}
      onOk={handleOk}
      onCancel={() => {
        setError(null);
        onClose();
      }}
      destroyOnHidden
    >
      <Form<Values>
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={
          contact
            ? {
                name: contact.name,
                position: contact.position ?? undefined,
                role: contact.role,
                phone: contact.phone ?? undefined,
                email: contact.email ?? undefined,
                birthday: contact.birthday ? dayjs(contact.birthday, DATE_FORMAT) : null,
                notes: contact.notes ?? undefined,
              }
            : { role: 'ordinary' }
        }
      >
        <Form.Item
          name="name"
          label={t('customers.contacts.name')}
          rules={[{ required: true, whitespace: true, message: t('customers.required') }]}
        >
          <Input data-testid="contact-name" />
        </Form.Item>
        <Form.Item name="position" label={t('customers.contacts.position')}>
          <Input />
        </Form.Item>
        <Form.Item
          name="role"
          label={t('customers.contacts.role')}
          rules={[{ required: true, message: t('customers.required') }]}
        >
          <Select
            options={CONTACT_ROLES.map((role) => ({
              value: role,
              label: t(`customers.contacts.roles.${role}`),
            }))}
          />
        </Form.Item>
        <Form.Item name="phone" label={t('customers.contacts.phone')}>
          <Input />
        </Form.Item>
        <Form.Item name="email" label={t('customers.contacts.email')} rules={[{ type: 'email' }]}>
          <Input />
        </Form.Item>
        <Form.Item name="birthday" label={t('customers.contacts.birthday')}>
          <DatePicker format={DATE_FORMAT} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="notes" label={t('customers.contacts.notes')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} />
        </Form.Item>
      </Form>
      <ErrorAlert error={error} showFieldIssues={!issuesPlaced} />
    </Modal>
  );
}

/** Key contacts (关键联系人), core members first; add/edit/delete for those who may edit the customer. */
export function ContactsCard({ customerId, canEdit }: { customerId: string; canEdit: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const contacts = useApi((signal) => findContacts(customerId, signal), [customerId]);
  const [editing, setEditing] = useState<Contact | null>(null);
  const [adding, setAdding] = useState(false);
  const [deleteError, setDeleteError] = useState<unknown>(null);
  const todayDate = useMemo(() => computeTodayDate(new Date()), []);

  const rows = useMemo(
    () =>
      [...(contacts.data ?? [])].sort(
        (a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role] || a.name.localeCompare(b.name, 'zh-CN'),
      ),
    [contacts.data],
  );

  const handleDelete = async (contact: Contact) => {
    setDeleteError(null);
    try {
      await deleteContact(customerId, contact.id);
      message.success(t('customers.contacts.deleted'));
      contacts.reload();
    } catch (caught) {
      setDeleteError(caught);
    }
  };

  const columns: TableColumnsType<Contact> = [
    {
      title: t('customers.contacts.name'),
      dataIndex: 'name',
      render: (name: string) => <Typography.Text strong>{name}</Typography.Text>,
    },
    { title: t('customers.contacts.position'), dataIndex: 'position', render: (v: string | null) => v ?? '' },
    {
      title: t('customers.contacts.role'),
      dataIndex: 'role',
      render: (role: ContactRole) => (
        <Tag color={ROLE_COLORS[role]}>{t(`customers.contacts.roles.${role}`)}</Tag>
      ),
    },
    { title: t('customers.contacts.phone'), dataIndex: 'phone', render: (v: string | null) => v ?? '' },
    { title: t('customers.contacts.email'), dataIndex: 'email', render: (v: string | null) => v ?? '' },
    {
      title: t('customers.contacts.birthday'),
      dataIndex: 'birthday',
      render: (birthday: string | null) =>
        birthday ? (
          <Space size={4} wrap={false}>
            <span>{birthday}</span>
            <BirthdayBadge birthday={birthday} todayDate={todayDate} />
          </Space>
        ) : (
          ''
        ),
    },
    {
      title: t('customers.contacts.notes'),
      dataIndex: 'notes',
      ellipsis: true,
      render: (v: string | null) => v ?? '',
    },
  ];
  if (canEdit) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      width: 150,
      render: (_, contact) => (
        <Space size={0}>
          <Button
            type="link"
            size="small"
            icon={<EditOutlined />}
            onClick={() => setEditing(contact)}
            aria-label={t('common.edit')}
            data-testid={`contact-edit-${contact.id}`}
          />
          <Popconfirm
            title={t('customers.contacts.deleteConfirm', { name: contact.name })}
            okText={t('customers.contacts.delete')}
            cancelText={t('common.cancel')}
            onConfirm={() => handleDelete(contact)}
          >
            <Button
              type="link"
              size="small"
              danger
              icon={<DeleteOutlined />}
              aria-label={t('customers.contacts.delete')}
              data-testid={`contact-delete-${contact.id}`}
            />
          </Popconfirm>
        </Space>
      ),
    });
  }

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {canEdit && (
        <Button icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="contact-add">
          {t('customers.contacts.add')}
        </Button>
      )}
      <ErrorAlert error={contacts.error ?? deleteError} />
      <Table<Contact>
        rowKey="id"
        size="small"
        loading={contacts.loading}
        columns={columns}
        dataSource={rows}
        pagination={false}
        locale={{ emptyText: t('customers.contacts.empty') }}
        scroll={{ x: 800 }}
        data-testid="contacts-table"
      />
      <ContactModal
        customerId={customerId}
        contact={editing}
        open={adding || editing !== null}
        onClose={() => {
          setAdding(false);
          setEditing(null);
        }}
        onSaved={() => {
          setAdding(false);
          setEditing(null);
          contacts.reload();
        }}
      />
    </Space>
  );
}
