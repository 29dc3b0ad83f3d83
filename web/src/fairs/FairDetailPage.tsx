import { Button, Card, Popconfirm, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { client } from '../lib/client';
import { useMe } from '../lib/auth';
import { dateTime, fen } from '../lib/format';
import { useFail } from '../customers/common';
import { BookingActions, DepositTag } from './BookingActions';
import { Countdown } from './Countdown';
import { FairBoard } from './FairBoard';
import { FairConvert } from './FairConvert';
import { STATE_COLOR, type Booking } from './types';

/** Staff: one fair — its head (state, countdown, publish / cancel), the live board, the bookings and the conversion into orders. */
export function FairDetailPage() {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  const qc = useQueryClient();
  const fail = useFail();
  const { data: me } = useMe();
  const canManage = !!me?.permissions.includes('fairs.manage');
  const fair = useQuery({ queryKey: ['fair', id], queryFn: () => client.get('/api/fairs/{id}', { path: { id } }) });
  const bookings = useQuery({ queryKey: ['fair-bookings', id], queryFn: () => client.get('/api/fairs/{id}/bookings', { path: { id } }) });
  const act = useMutation({
    mutationFn: (action: 'publish' | 'cancel' | 'close') => client.post(`/api/fairs/{id}/${action}`, { path: { id } }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['fair', id] }),
    onError: fail,
  });
  const f = fair.data;
  if (!f) return <Card loading={fair.isLoading} />;
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="fair-detail">
      <Card size="small" title={<Space wrap>{f.name}<Tag color={STATE_COLOR[f.state]}>{t(`fair.st.${f.state}`)}</Tag></Space>}
        extra={canManage && <Space>
          {f.status === 'draft' && <Button type="primary" onClick={() => act.mutate('publish')} loading={act.isPending}>{t('fair.publish')}</Button>}
          {f.state === 'open' && <Popconfirm title={t('fair.closeNow')} onConfirm={() => act.mutate('close')}><Button data-testid="fair-close">{t('fair.closeNow')}</Button></Popconfirm>}
          {['draft', 'scheduled', 'open'].includes(f.state) && <Popconfirm title={t('fair.cancel')} onConfirm={() => act.mutate('cancel')}><Button danger>{t('fair.cancel')}</Button></Popconfirm>}
        </Space>}>
        <Space wrap size="large">
          <span>{dateTime(f.opensAt)} – {dateTime(f.closesAt)}</span>
          <Countdown opensAt={f.opensAt} closesAt={f.closesAt} serverNow={f.serverNow} onEdge={() => void fair.refetch()} />
          {f.maxAmount != null && <span>{t('fair.maxAmountShown')}：{fen(f.maxAmount)}</span>}
          {f.depositKind === 'percent' && <span>{t('fair.depositRule', { pct: f.depositValue / 100 })}（{f.depositDueAt ? t('fair.depositBy', { at: dateTime(f.depositDueAt) }) : t('fair.depositAtBooking')}，{t('fair.depositRefund')}{t(`fair.refundRule.${f.depositRefund}`)}）</span>}
        </Space>
        {f.note && <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>{f.note}</Typography.Paragraph>}
      </Card>
      <Card size="small">
        <Tabs items={[
          { key: 'board', label: t('fair.board'), children: <FairBoard fairId={id} /> },
          {
            key: 'bookings', label: `${t('fair.bookingList')} (${bookings.data?.length ?? 0})`, children: (
              <Table<Booking> rowKey="id" size="small" loading={bookings.isLoading} dataSource={bookings.data ?? []} scroll={{ x: 'max-content' }} columns={[
                { title: t('fair.bookings'), dataIndex: 'number', render: (v: string) => <span translate="no">{v}</span> },
                { title: t('fair.customer'), dataIndex: 'companyName' },
                { title: t('fair.total'), dataIndex: 'total', render: (v: number) => fen(v) },
                { title: t('fair.state'), dataIndex: 'status', render: (s: Booking['status']) => <Tag>{t(`fair.bst.${s}`)}</Tag> },
                { title: t('fair.depositCol'), width: 230, render: (_, b) => <DepositTag b={b} /> },
                { title: t('fair.createdAt'), dataIndex: 'createdAt', render: (v: string) => dateTime(v) },
                { title: t('fair.orders'), render: (_, b) => <Space wrap>{b.orders.map((o) => <Link key={o.orderId} to={`/admin/orders/${o.orderId}`} translate="no">{o.number}</Link>)}</Space> },
                { title: t('fair.actions'), fixed: 'right', width: 150, render: (_, b) => <BookingActions b={b} who="staff" open={f.state === 'open'} items={f.items} refundRule={f.depositRefund} refresh={() => void bookings.refetch()} /> },
              ]} />
            ),
          },
          { key: 'convert', label: t('fair.convert'), children: <FairConvert fairId={id} bookings={bookings.data ?? []} closed={f.state === 'closed'} /> },
        ]} />
      </Card>
    </Space>
  );
}
