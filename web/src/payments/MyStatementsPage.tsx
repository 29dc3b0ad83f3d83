import { Button, Card, Input, List, Modal, Space, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client } from '../lib/client';
import { useMe } from '../lib/auth';
import { fen } from '../lib/format';
import { StatusTag, useFail } from './common';
import { StatementView } from './StatementView';

/** Portal: monthly statements — view, export, print; the company admin confirms or disputes. */
export function MyStatementsPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const fail = useFail();
  const me = useMe();
  const [openId, setOpenId] = useState<number | null>(null);
  const [reason, setReason] = useState('');
  const [disputing, setDisputing] = useState(false);
  const list = useQuery({ queryKey: ['my-statements'], queryFn: () => client.get('/api/my/statements', { query: { pageSize: 24 } }) });
  const detail = useQuery({ queryKey: ['my-statement', openId], enabled: openId != null, queryFn: () => client.get('/api/my/statements/{id}', { path: { id: openId! } }) });
  const respond = useMutation({
    mutationFn: (confirm: boolean) => (confirm ? client.post('/api/my/statements/{id}/confirm', { path: { id: openId! } }) : client.post('/api/my/statements/{id}/dispute', { path: { id: openId! }, body: { reason } })),
    onSuccess: () => { setDisputing(false); void qc.invalidateQueries({ queryKey: ['my-statement'] }); void qc.invalidateQueries({ queryKey: ['my-statements'] }); },
    onError: fail,
  });
  const canRespond = me.data?.role === 'customer_admin' && detail.data?.status === 'issued';
  return (
    <div style={{ maxWidth: 720, margin: '0 auto' }} data-testid="my-statements">
      <Card size="small" title={t('pay.me.statements')} extra={<Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('pay.netHint')}</Typography.Text>}>
        <List loading={list.isLoading} dataSource={list.data?.items ?? []} renderItem={(s) => (
          <List.Item onClick={() => setOpenId(s.id)} style={{ cursor: 'pointer' }} extra={<StatusTag group="stStatus" value={s.status} />}>
            <List.Item.Meta title={s.period} description={`${t('pay.closing')} ${fen(s.closing)}`} />
          </List.Item>
        )} />
      </Card>
      <Modal open={openId != null} width={760} title={detail.data ? `${t('pay.me.statements')} ${detail.data.period}` : ''} onCancel={() => setOpenId(null)} footer={
        <Space wrap>
          <Button href={`/api/my/statements/${openId}/export`}>{t('pay.exportXlsx')}</Button>
          <Button href={`/api/my/statements/${openId}/print`} target="_blank">{t('pay.print')}</Button>
          {canRespond && <Button onClick={() => setDisputing(true)}>{t('pay.dispute')}</Button>}
          {canRespond && <Button type="primary" loading={respond.isPending} disabled={!detail.data?.agrees} onClick={() => respond.mutate(true)}>{t('pay.confirmSt')}</Button>}
        </Space>
      }>
        {detail.data && <StatementView s={detail.data} lines={detail.data.lines} />}
        {disputing && (
          <Space.Compact style={{ width: '100%', marginTop: 12 }}>
            <Input placeholder={t('pay.disputeReason')} value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} />
            <Button danger disabled={!reason.trim()} onClick={() => respond.mutate(false)}>{t('pay.dispute')}</Button>
          </Space.Compact>
        )}
      </Modal>
    </div>
  );
}
