import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Switch,
  Table,
  type TableColumnsType,
  Tag,
} from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  createResource,
  RESOURCE_KINDS,
  type Resource,
  type ResourceKind,
  updateResource,
} from '../../api/resources';
import { ErrorAlert } from '../../components/error-alert';
import { applyFieldIssues } from '../../components/form-errors';
import { formatYuan, KindTag, nameIn } from './resource-labels';

type Values = {
  code: string;
  name: string;
  nameEn: string;
  kind: ResourceKind;
  unit: string;
  unitCostYuan: number;
  serviceItemCodes: string[];
  description?: string;
  active: boolean;
};

const FIELDS = ['code', 'name', 'nameEn', 'kind', 'unit', 'serviceItemCodes', 'description', 'active'];

/** Creates (`editing` = 'new') or changes a resource; the unit cost is typed in yuan and sent in fen. */
function ResourceEditor({
  editing,
  onClose,
  onDone,
}: {
  editing: Resource | 'new' | null;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    if (!editing) return;
    setError(null);
    form.resetFields();
    if (editing === 'new') form.setFieldsValue({ kind: 'gift', active: true, serviceItemCodes: [] });
    else
      form.setFieldsValue({
        ...editing,
        description: editing.description ?? '',
        unitCostYuan: editing.unitCostFen / 100,
      });
  }, [editing, form]);

  if (!editing) return null;
  const submit = async () => {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    const { unitCostYuan, code, description, ...rest } = values;
    const body = {
      ...rest,
      unitCostFen: Math.round(unitCostYuan * 100),
      description: description?.trim() || null,
    };
    setBusy(true);
    try {
      if (editing === 'new') await createResource({ ...body, code });
      else await updateResource(editing.id, body);
      message.success(t('resources.editor.saved'));
      onDone();
    } catch (caught) {
      const placed = applyFieldIssues(form, caught, FIELDS);
      setError(placed ? null : caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={editing === 'new' ? t('resources.editor.create') : t('resources.editor.edit')}
      onCancel={onClose}
      onOk={submit}
      confirmLoading={busy}
      destroyOnHidden
    >
      <ErrorAlert error={error} />
      <Form form={form} layout="vertical" style={{ marginTop: 12 }}>
        <Form.Item name="code" label={t('resources.col.code')} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={40} disabled={editing !== 'new'} />
        </Form.Item>
        <Form.Item name="name" label={t('resources.col.name')} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item
          name="nameEn"
          label={t('resources.col.nameEn')}
          rules={[{ required: true, whitespace: true }]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Space size="middle" wrap>
          <Form.Item name="kind" label={t('resources.col.kind')} rules={[{ required: true }]}>
            <Select
              style={{ width: 160 }}
              options={RESOURCE_KINDS.map((k) => ({ value: k, label: t(`resources.kind.${k}`) }))}
            />
          </Form.Item>
          <Form.Item
            name="unit"
            label={t('resources.col.unit')}
            rules={[{ required: true, whitespace: true }]}
          >
            <Input maxLength={10} style={{ width: 80 }} />
          </Form.Item>
          <Form.Item name="unitCostYuan" label={t('resources.col.unitCost')} rules={[{ required: true }]}>
            <InputNumber min={0} precision={2} style={{ width: 140 }} />
          </Form.Item>
          <Form.Item name="active" label={t('resources.col.active')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Space>
        <Form.Item
          name="serviceItemCodes"
          label={t('resources.col.serviceItems')}
          extra={t('resources.editor.serviceItemsHint')}
        >
          <Select mode="tags" tokenSeparators={[',', ' ']} />
        </Form.Item>
        <Form.Item name="description" label={t('resources.editor.description')}>
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The resources matched to service items (seed 004); an admin creates and edits them. */
export function ResourcesTab({
  resources,
  loading,
  canEdit,
  onChanged,
}: {
  resources: Resource[];
  loading: boolean;
  canEdit: boolean;
  onChanged: () => void;
}) {
  const { t, i18n } = useTranslation();
  const [editing, setEditing] = useState<Resource | 'new' | null>(null);

  const columns: TableColumnsType<Resource> = [
    { title: t('resources.col.code'), dataIndex: 'code' },
    { title: t('resources.col.name'), key: 'name', render: (_, r) => nameIn(i18n.language, r) },
    {
      title: t('resources.col.kind'),
      dataIndex: 'kind',
      render: (k: ResourceKind) => <KindTag kind={k} t={t} />,
    },
    { title: t('resources.col.unit'), dataIndex: 'unit' },
    {
      title: t('resources.col.unitCost'),
      dataIndex: 'unitCostFen',
      align: 'right',
      render: (f: number) => formatYuan(f),
    },
    {
      title: t('resources.col.serviceItems'),
      dataIndex: 'serviceItemCodes',
      render: (codes: string[]) => codes.map((c) => <Tag key={c}>{c}</Tag>),
    },
    {
      title: t('resources.col.active'),
      dataIndex: 'active',
      render: (a: boolean) => (
        <Tag color={a ? 'green' : 'default'}>{a ? t('resources.active') : t('resources.inactive')}</Tag>
      ),
    },
    ...(canEdit
      ? [
          {
            title: t('resources.col.actions'),
            key: 'actions',
            render: (_: unknown, r: Resource) => (
              <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing(r)}>
                {t('resources.editor.edit')}
              </Button>
            ),
          },
        ]
      : []),
  ];

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      {canEdit && (
        <Button icon={<PlusOutlined />} onClick={() => setEditing('new')}>
          {t('resources.editor.create')}
        </Button>
      )}
      <Table<Resource>
        size="small"
        rowKey="id"
        columns={columns}
        dataSource={resources}
        loading={loading}
        pagination={false}
      />
      <ResourceEditor
        editing={editing}
        onClose={() => setEditing(null)}
        onDone={() => {
          setEditing(null);
          onChanged();
        }}
      />
    </Space>
  );
}
