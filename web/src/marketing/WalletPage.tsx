import { Button, Card, Empty, List, Space, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { client } from '../lib/client';
import { date } from '../lib/format';
import { useFail } from '../customers/common';

const COLOR = { available: 'green', used: 'default', expired: 'default' } as const;

/** Portal: the promotions running for my company, coupons to claim, and my coupon wallet. */
export function WalletPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const fail = useFail();
  const wallet = useQuery({ queryKey: ['my-coupons'], queryFn: () => client.get('/api/my/coupons') });
  const claimable = useQuery({ queryKey: ['my-coupons-claimable'], queryFn: () => client.get('/api/my/coupons/claimable') });
  const promotions = useQuery({ queryKey: ['my-promotions'], queryFn: () => client.get('/api/my/promotions') });
  const claim = useMutation({
    mutationFn: (id: number) => client.post('/api/my/coupons/claim/{templateId}', { path: { templateId: id } }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['my-coupons'] });
      void qc.invalidateQueries({ queryKey: ['my-coupons-claimable'] });
    },
    onError: fail,
  });
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="wallet-page">
      {!!promotions.data?.length && (
        <Card size="small" title={t('mk.promotionsFor')}>
          <List size="small" dataSource={promotions.data} renderItem={(p) => (
            <List.Item data-testid="my-promotion"><Space wrap><Tag color="red">{p.summary}</Tag>{p.name}<Typography.Text type="secondary">{t('mk.validTo', { date: date(p.endsAt) })}</Typography.Text></Space></List.Item>
          )} />
        </Card>
      )}
      {!!claimable.data?.length && (
        <Card size="small" title={t('mk.canClaim')}>
          <List size="small" dataSource={claimable.data} renderItem={(c) => (
            <List.Item actions={[<Button key="c" size="small" type="primary" disabled={!c.canClaim} loading={claim.isPending} onClick={() => claim.mutate(c.id)}>{c.canClaim ? t('mk.claim') : t('mk.claimed')}</Button>]}>
              <Space wrap><b>{c.summary}</b>{c.name}</Space>
            </List.Item>
          )} />
        </Card>
      )}
      <Card size="small" title={t('mk.wallet')}>
        {wallet.data && wallet.data.length === 0 ? <Empty description={t('mk.none')} /> : (
          <List size="small" loading={wallet.isLoading} dataSource={wallet.data ?? []} renderItem={(c) => (
            <List.Item data-testid="wallet-coupon">
              <Space wrap><b>{c.summary}</b>{c.name}<Tag color={COLOR[c.status]}>{t(`mk.cst.${c.status}`)}</Tag>
                <Typography.Text type="secondary">{t('mk.validTo', { date: date(c.validTo) })}</Typography.Text></Space>
            </List.Item>
          )} />
        )}
      </Card>
    </Space>
  );
}
