import { Button, Card, Space, Table, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { client } from '../lib/client';
import { useMe } from '../lib/auth';
import { dateTime, fen } from '../lib/format';
import { FairEditor } from './FairEditor';
import { STATE_COLOR, type FairRow as Row, type FairState } from './types';


/** Staff: the ordering fairs with their state and totals; admins create them. */
export function FairsAdminPage() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const canManage = !!me?.permissions.includes('fairs.manage');
  const list = useQuery({ queryKey: ['fairs'], queryFn: () => client.get('/api/fairs', { query: { pageSize: 100 } }) });
  const [editing, setEditing] = useState(false);
  return (
    <Card title={t('fair.fairs')} extra={canManage && <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(true)} data-testid="fair-new">{t('fair.newFair')}</Button>}>
      <Table<Row> rowKey="id" size="small" loading={list.isLoading} dataSource={list.data?.items ?? []} pagination={false} scroll={{ x: 'max-content' }} columns={[
        { title: t('fair.name'), dataIndex: 'name', render: (v: string, r) => <Link to={`/admin/fairs/${r.id}`}>{v}</Link> },
        { title: t('fair.state'), dataIndex: 'state', render: (s: FairState) => <Tag color={STATE_COLOR[s]}>{t(`fair.st.${s}`)}</Tag> },
        { title: t('fair.opensAt'), dataIndex: 'opensAt', render: (v: string) => dateTime(v) },
        { title: t('fair.closesAt'), dataIndex: 'closesAt', render: (v: string) => dateTime(v) },
        { title: t('fair.items'), dataIndex: 'items' },
        { title: t('fair.bookings'), dataIndex: 'bookings' },
        { title: t('fair.booked'), dataIndex: 'booked', render: (v: number, r) => <Space>{fen(v)}{r.targetAmount ? <Tag>{`${Math.round((v * 100) / r.targetAmount)}%`}</Tag> : null}</Space> },
      ]} />
      {editing && <FairEditor onClose={() => setEditing(false)} />}
    </Card>
  );
}
