import { App, Button, Card, Form, InputNumber, Radio, Switch, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { client } from '../lib/client';
import { useFail } from '../payments/common';
import type { DisplayMode } from './api';
import { useCanWrite } from './parts';

type Values = { mode: DisplayMode; lowBelow: number; allowSplit: boolean };

/** 库存设置: how customers see stock (精确数量 / 充足·紧张·缺货 / 不显示) and split shipping. */
export function SettingsPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const fail = useFail();
  const canEdit = useCanWrite('inventory.settings');
  const [form] = Form.useForm<Values>();
  const settings = useQuery({ queryKey: ['inv-settings'], queryFn: () => client.get('/api/inventory/settings') });
  useEffect(() => {
    if (settings.data) form.setFieldsValue({ ...settings.data.customerDisplay, allowSplit: settings.data.allowSplit });
  }, [settings.data, form]);
  const save = useMutation({
    mutationFn: (v: Values) => client.put('/api/inventory/settings', { body: { customerDisplay: { mode: v.mode, lowBelow: v.lowBelow }, allowSplit: v.allowSplit } }),
    onSuccess: (s) => { message.success(t('inv.settingsSaved')); qc.setQueryData(['inv-settings'], s); },
    onError: fail,
  });
  return (
    <Card size="small" title={t('inv.settingsTitle')} loading={settings.isLoading} data-testid="inv-settings" style={{ maxWidth: 640 }}>
      <Typography.Paragraph type="secondary">{t('inv.settingsHint')}</Typography.Paragraph>
      <Form form={form} layout="vertical" disabled={!canEdit} onFinish={(v) => save.mutate(v)}>
        <Form.Item name="mode" label={t('inv.settingsTitle')}>
          <Radio.Group data-testid="display-mode" options={(['exact', 'levels', 'hidden'] as const).map((m) => ({ value: m, label: t(`inv.mode.${m}`) }))} style={{ display: 'flex', flexDirection: 'column', gap: 6 }} />
        </Form.Item>
        <Form.Item name="lowBelow" label={t('inv.lowBelow')}><InputNumber min={0} max={10_000_000} precision={0} /></Form.Item>
        <Form.Item name="allowSplit" label={t('inv.allowSplit')} valuePropName="checked"><Switch /></Form.Item>
        {canEdit && <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="settings-save">{t('common.save')}</Button>}
      </Form>
    </Card>
  );
}
