import { Button, Grid, Col, Empty, Form, Input, List, Modal, Popconfirm, Row, Space, Switch, Tag, Typography } from 'antd';
import { EnvironmentOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { companyApi } from './companyApi';
import { useFail } from './common';
import type { Address } from './types';
import type { Body } from '../lib/client';

type AddressForm = Body<'/api/my/addresses', 'post'>;

/**
 * Delivery addresses of one company, for staff (`companyId`) and for the customer admin in the
 * portal (`companyId` null: their own). A company always keeps one default.
 */
export function AddressesPanel({ companyId, canEdit }: { companyId: number | null; canEdit: boolean }) {
  const { t } = useTranslation();
  // on a phone the actions go under the text instead of squeezing it
  const wide = Grid.useBreakpoint().sm;
  const qc = useQueryClient();
  const fail = useFail();
  const [editing, setEditing] = useState<Address | 'new' | null>(null);
  const [form] = Form.useForm();
  const key = ['addresses', companyId];
  const calls = companyApi(companyId);
  const list = useQuery({ queryKey: key, queryFn: calls.addresses });
  const done = () => void qc.invalidateQueries({ queryKey: key });

  const save = useMutation({
    mutationFn: (v: AddressForm) => (editing === 'new' ? calls.addAddress(v) : calls.patchAddress((editing as Address).id, v)),
    onSuccess: () => {
      setEditing(null);
      done();
    },
    onError: fail,
  });
  const makeDefault = useMutation({ mutationFn: (a: Address) => calls.patchAddress(a.id, { isDefault: true }), onSuccess: done, onError: fail });
  const remove = useMutation({ mutationFn: (a: Address) => calls.deleteAddress(a.id), onSuccess: done, onError: fail });

  const open = (a: Address | 'new') => {
    form.resetFields();
    if (a !== 'new') form.setFieldsValue(a);
    setEditing(a);
  };

  return (
    <div data-testid="addresses">
      {canEdit && <Button icon={<PlusOutlined />} onClick={() => open('new')} style={{ marginBottom: 12 }}>{t('customers.addAddress')}</Button>}
      <List<Address>
        loading={list.isLoading}
        itemLayout={wide ? 'horizontal' : 'vertical'}
        dataSource={list.data ?? []}
        locale={{ emptyText: <Empty description={t('customers.noAddress')} /> }}
        renderItem={(a) => (
          <List.Item
            data-testid={`address-${a.id}`}
            actions={canEdit ? [
              !a.isDefault && <a key="d" onClick={() => makeDefault.mutate(a)}>{t('customers.setDefault')}</a>,
              <a key="e" onClick={() => open(a)}>{t('common.edit')}</a>,
              <Popconfirm key="x" title={t('customers.deleteAddress')} onConfirm={() => remove.mutate(a)}><a>{t('common.delete')}</a></Popconfirm>,
            ].filter(Boolean) : []}
          >
            <List.Item.Meta
              avatar={<EnvironmentOutlined style={{ fontSize: 18, color: '#1677ff' }} />}
              title={<Space wrap size={4}>{a.recipient}<Typography.Text type="secondary">{a.phone}</Typography.Text>{a.isDefault && <Tag color="blue">{t('customers.default')}</Tag>}</Space>}
              description={`${a.province} ${a.city} ${a.district ?? ''} ${a.address}${a.postcode ? `（${a.postcode}）` : ''}`}
            />
          </List.Item>
        )}
      />
      <Modal open={editing !== null} title={editing === 'new' ? t('customers.addAddress') : t('customers.editAddress')} onCancel={() => setEditing(null)} onOk={() => form.submit()} confirmLoading={save.isPending} destroyOnHidden>
        <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)} data-testid="address-form">
          <Row gutter={12}>
            <Col span={12}><Form.Item name="recipient" label={t('customers.recipient')} rules={[{ required: true }]}><Input maxLength={50} /></Form.Item></Col>
            <Col span={12}><Form.Item name="phone" label={t('customers.phone')} rules={[{ required: true }]}><Input maxLength={20} inputMode="tel" /></Form.Item></Col>
            <Col span={8}><Form.Item name="province" label={t('customers.province')} rules={[{ required: true }]}><Input maxLength={30} /></Form.Item></Col>
            <Col span={8}><Form.Item name="city" label={t('customers.city')} rules={[{ required: true }]}><Input maxLength={30} /></Form.Item></Col>
            <Col span={8}><Form.Item name="district" label={t('customers.district')}><Input maxLength={30} /></Form.Item></Col>
            <Col span={24}><Form.Item name="address" label={t('customers.street')} rules={[{ required: true }]}><Input maxLength={200} /></Form.Item></Col>
            <Col span={12}><Form.Item name="postcode" label={t('customers.postcode')}><Input maxLength={6} inputMode="numeric" /></Form.Item></Col>
            <Col span={12}><Form.Item name="isDefault" label={t('customers.default')} valuePropName="checked"><Switch /></Form.Item></Col>
          </Row>
        </Form>
      </Modal>
    </div>
  );
}
