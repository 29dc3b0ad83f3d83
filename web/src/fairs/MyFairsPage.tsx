import { Card, Empty, List, Space, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { client } from '../lib/client';
import { fen } from '../lib/format';
import { Countdown } from './Countdown';
import { STATE_COLOR } from './types';


/** Portal: the fairs my company is invited to, each with its countdown and what we booked. */
export function MyFairsPage() {
  const { t } = useTranslation();
  const list = useQuery({ queryKey: ['my-fairs'], queryFn: () => client.get('/api/my/fairs') });
  if (list.data && !list.data.length) return <Empty description={t('fair.none')} />;
  return (
    <List loading={list.isLoading} dataSource={list.data ?? []} data-testid="my-fairs" renderItem={(f) => (
      <List.Item style={{ display: 'block', border: 'none', padding: '4px 0' }}>
        <Link to={`/fairs/${f.id}`} data-testid="my-fair-link">
          <Card size="small" hoverable>
            <Space direction="vertical" size={2}>
              <Space wrap><b>{f.name}</b><Tag color={STATE_COLOR[f.state]}>{t(`fair.st.${f.state}`)}</Tag></Space>
              <Countdown opensAt={f.opensAt} closesAt={f.closesAt} serverNow={f.serverNow} />
              {f.bookings > 0 && <Typography.Text type="secondary">{t('fair.booked')} {fen(f.booked)}</Typography.Text>}
            </Space>
          </Card>
        </Link>
      </List.Item>
    )} />
  );
}
