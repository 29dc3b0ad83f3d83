import { Button, Card, Empty, Select, Space, Table, Tag } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { client } from '../lib/client';
import { dateTime } from '../lib/format';
import { useQty } from '../lib/useQty';

/** Warehouse queue: orders to pick in the chosen warehouse, urgent first, with the printable pick list. */
export function WarehousePage() {
  const { t } = useTranslation();
  const qty = useQty();
  const whs = useQuery({ queryKey: ['shipping-warehouses'], queryFn: () => client.get('/api/shipping/warehouses') });
  const [wh, setWh] = useState<number | null>(null);
  const current = wh ?? whs.data?.[0]?.id ?? null;
  const list = useQuery({ queryKey: ['pick-list', current], enabled: current != null, queryFn: () => client.get('/api/pick-lists', { query: { warehouseId: current! } }) });
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Select style={{ width: 220 }} value={current ?? undefined} placeholder={t('orders.noWarehouse')} onChange={setWh} options={(whs.data ?? []).map((w) => ({ value: w.id, label: `${w.name} (${w.code})` }))} />
        {current && <Button href={`/api/pick-lists/print?warehouseId=${current}`} target="_blank">{t('orders.printPickList')}</Button>}
      </Space>
      <Card title={t('orders.toPick')}>
        {!list.data?.orders.length && <Empty description={t('common.empty')} />}
        {list.data?.orders.map((o) => (
          <Card key={o.orderId} type="inner" size="small" style={{ marginBottom: 8 }} data-testid="pick-order"
            title={<Space wrap>{o.urgent && <Tag color="red">{t('orders.urgent')}</Tag>}<Link to={`/admin/orders/${o.orderId}`}>{o.number}</Link>{o.companyName}<span>{dateTime(o.submittedAt)}</span><Tag>{t(`orders.status.${o.status}`)}</Tag></Space>}
            extra={<Link to={`/admin/orders/${o.orderId}`}>{t('orders.goShip')}</Link>}>
            {o.lines.map((l) => <div key={l.orderLineId} data-testid="pick-line">{l.skuCode} {l.name} {l.specText} × <b>{qty(l.qty, l)}</b></div>)}
          </Card>
        ))}
      </Card>
      <Card title={t('orders.totals')}>
        <Table rowKey="skuId" size="small" pagination={false} dataSource={list.data?.totals ?? []} columns={[
          { title: t('orders.sku'), render: (_, r) => `${r.skuCode} ${r.name} ${r.specText}` },
          { title: t('orders.qty'), align: 'right', render: (_, r) => <span data-testid="pick-total">{qty(r.qty, r)}</span> },
        ]} />
      </Card>
    </Space>
  );
}
