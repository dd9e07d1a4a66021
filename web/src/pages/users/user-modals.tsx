import { App, Form, type FormRule, Input, Modal, Select, Switch } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Region, ROLES, type Role, type User } from '../../api/types';
import { createUser, type UpdateUserInput, updateUser } from '../../api/users';
import { ErrorAlert } from '../../components/error-alert';
import { applyFieldIssues } from '../../components/form-errors';
import { roleLabel } from '../../i18n/describe-error';
import { RegionField } from './region-field';

export const MIN_PASSWORD_LENGTH = 8;

function usePasswordRules() {
  const { t } = useTranslation();
  const password: FormRule[] = [
    { required: true, message: t('users.required') },
    { min: MIN_PASSWORD_LENGTH, message: t('users.passwordMin') },
  ];
  const confirm: FormRule[] = [
    { required: true, message: t('users.required') },
    ({ getFieldValue }) => ({
      validator: (_, value) =>
        !value || getFieldValue('password') === value
          ? Promise.resolve()
          : Promise.reject(new Error(t('users.passwordMismatch'))),
    }),
  ];
  return { password, confirm };
}

function useRoleOptions() {
  const { t } = useTranslation();
  return ROLES.map((role) => ({ value: role, label: roleLabel(role, t) }));
}

type CreateValues = {
  username: string;
  displayName: string;
  phone?: string;
  role: Role;
  regionCode: string | null;
  password: string;
  confirm: string;
};

export function CreateUserModal({
  open,
  regions,
  onClose,
  onSaved,
}: {
  open: boolean;
  regions: readonly Region[];
  onClose: () => void;
  onSaved: (user: User) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<CreateValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const rules = usePasswordRules();
  const roleOptions = useRoleOptions();

  const handleOk = async () => {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    setBusy(true);
    setError(null);
    try {
      const user = await createUser({
        username: values.username.trim(),
        displayName: values.displayName.trim(),
        phone: values.phone?.trim() || null,
        role: values.role,
        regionCode: values.regionCode ?? null,
        password: values.password,
      });
      message.success(t('users.created', { username: user.username }));
      form.resetFields();
      onSaved(user);
    } catch (caught) {
      applyFieldIssues(form, caught, ['username', 'displayName', 'phone', 'role', 'regionCode', 'password']);
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('users.create')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onOk={handleOk}
      onCancel={() => {
        setError(null);
        onClose();
      }}
      destroyOnHidden
    >
      <Form<CreateValues> form={form} layout="vertical" preserve={false} initialValues={{ regionCode: null }}>
        <Form.Item
          name="username"
          label={t('users.username')}
          rules={[
            { required: true, whitespace: true, message: t('users.required') },
            { pattern: /^[A-Za-z0-9._-]+$/, message: t('users.usernamePattern') },
          ]}
        >
          <Input autoComplete="off" data-testid="user-username" />
        </Form.Item>
        <Form.Item
          name="displayName"
          label={t('users.displayName')}
          rules={[{ required: true, whitespace: true, message: t('users.required') }]}
        >
          <Input />
        </Form.Item>
        <Form.Item name="phone" label={t('users.phone')}>
          <Input autoComplete="off" maxLength={20} data-testid="user-phone" />
        </Form.Item>
        <Form.Item
          name="role"
          label={t('users.role')}
          rules={[{ required: true, message: t('users.required') }]}
        >
          <Select options={roleOptions} />
        </Form.Item>
        <Form.Item name="regionCode" label={t('users.region')}>
          <RegionField regions={regions} />
        </Form.Item>
        <Form.Item name="password" label={t('users.password')} rules={rules.password} hasFeedback>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('users.confirmPassword')}
          dependencies={['password']}
          rules={rules.confirm}
          hasFeedback
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
      <ErrorAlert error={error} showFieldIssues={false} />
    </Modal>
  );
}

type EditValues = {
  displayName: string;
  phone?: string | null;
  role: Role;
  regionCode: string | null;
  active: boolean;
};

/** Only the fields that changed, so that the audit log records exactly what was edited. */
function diffUser(user: User, values: EditValues): UpdateUserInput {
  const patch: UpdateUserInput = {};
  if (values.displayName.trim() !== user.displayName) patch.displayName = values.displayName.trim();
  const phone = values.phone?.trim() || null;
  if (phone !== (user.phone ?? null)) patch.phone = phone;
  if (values.role !== user.role) patch.role = values.role;
  if ((values.regionCode ?? null) !== user.regionCode) patch.regionCode = values.regionCode ?? null;
  if (values.active !== user.active) patch.active = values.active;
  return patch;
}

export function EditUserModal({
  user,
  regions,
  onClose,
  onSaved,
}: {
  user: User | null;
  regions: readonly Region[];
  onClose: () => void;
  onSaved: (user: User) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<EditValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const roleOptions = useRoleOptions();

  const handleOk = async () => {
    if (!user) return;
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    const patch = diffUser(user, values);
    if (Object.keys(patch).length === 0) {
      onClose();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const saved = await updateUser(user.id, patch);
      message.success(t('users.saved'));
      onSaved(saved);
    } catch (caught) {
      applyFieldIssues(form, caught, ['displayName', 'phone', 'role', 'regionCode', 'active']);
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={user !== null}
      title={user ? `${t('users.edit')} · ${user.username}` : t('users.edit')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onOk={handleOk}
      onCancel={() => {
        setError(null);
        onClose();
      }}
      destroyOnHidden
    >
      {user && (
        <Form<EditValues>
          form={form}
          layout="vertical"
          preserve={false}
          initialValues={{
            displayName: user.displayName,
            phone: user.phone ?? null,
            role: user.role,
            regionCode: user.regionCode,
            active: user.active,
          }}
        >
          <Form.Item
            name="displayName"
            label={t('users.displayName')}
            rules={[{ required: true, whitespace: true, message: t('users.required') }]}
          >
            <Input />
          </Form.Item>
          <Form.Item name="phone" label={t('users.phone')}>
            <Input autoComplete="off" maxLength={20} />
          </Form.Item>
          <Form.Item
            name="role"
            label={t('users.role')}
            rules={[{ required: true, message: t('users.required') }]}
          >
            <Select options={roleOptions} />
          </Form.Item>
          <Form.Item name="regionCode" label={t('users.region')}>
            <RegionField regions={regions} />
          </Form.Item>
          <Form.Item name="active" label={t('users.active')} valuePropName="checked">
            <Switch checkedChildren={t('users.active')} unCheckedChildren={t('users.inactive')} />
          </Form.Item>
        </Form>
      )}
      <ErrorAlert error={error} showFieldIssues={false} />
    </Modal>
  );
}

type PasswordValues = { password: string; confirm: string };

export function ResetPasswordModal({
  user,
  onClose,
  onSaved,
}: {
  user: User | null;
  onClose: () => void;
  onSaved: (user: User) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<PasswordValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const rules = usePasswordRules();

  const handleOk = async () => {
    if (!user) return;
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    setBusy(true);
    setError(null);
    try {
      const saved = await updateUser(user.id, { password: values.password });
      message.success(t('users.passwordReset', { username: user.username }));
      onSaved(saved);
    } catch (caught) {
      applyFieldIssues(form, caught, ['password']);
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={user !== null}
      title={user ? `${t('users.resetPassword')} · ${user.username}` : t('users.resetPassword')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onOk={handleOk}
      onCancel={() => {
        setError(null);
        onClose();
      }}
      destroyOnHidden
    >
      <Form<PasswordValues> form={form} layout="vertical" preserve={false}>
        <Form.Item name="password" label={t('users.newPassword')} rules={rules.password} hasFeedback>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('users.confirmPassword')}
          dependencies={['password']}
          rules={rules.confirm}
          hasFeedback
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
      <ErrorAlert error={error} showFieldIssues={false} />
    </Modal>
  );
}
