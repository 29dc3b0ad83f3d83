import { App, Space, Switch, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useMe } from '../lib/auth';
import { client } from '../lib/client';

/** An admin's own opt-in to the weekly summary e-mail (sales, top customers, stock-outs, overdue). */
export function WeeklyEmailSwitch() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { data: me } = useMe();
  const qc = useQueryClient();
  const isAdmin = me?.role === 'admin';
  const { data } = useQuery({ queryKey: ['weekly-email'], queryFn: () => client.get('/api/reports/weekly-email'), enabled: isAdmin });
  const save = useMutation({
    mutationFn: (subscribed: boolean) => client.put('/api/reports/weekly-email', { body: { subscribed } }),
    onSuccess: (r) => {
      qc.setQueryData(['weekly-email'], r);
      void message.success(r.subscribed ? t('reports.weeklyOn') : t('reports.weeklyOff'));
    },
    onError: (e) => void message.error((e as Error).message),
  });
  if (!isAdmin) return null;
  return (
    <Space size={6} title={t('reports.weeklyHint')}>
      <Switch size="small" checked={data?.subscribed ?? false} loading={save.isPending} onChange={(v) => save.mutate(v)} data-testid="weekly-email" />
      <Typography.Text type="secondary">{t('reports.weeklyEmail')}</Typography.Text>
    </Space>
  );
}
