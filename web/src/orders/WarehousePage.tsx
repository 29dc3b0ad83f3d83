import { Button, Card, Empty, Select, Space, Table, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { client } from '../lib/client';
import { dateTime } from '../lib/format';
import { useQty } from '../lib/useQty';

/** Warehouse queue: orders (and after-sales replacements) to pick in the chosen warehouse, urgent first, with the printable pick list. */
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
        <Select style={{ width: 220, maxWidth: 'calc(100vw - 32px)' }} value={current ?? undefined} placeholder={t('orders.noWarehouse')} onChange={setWh} options={(whs.data ?? []).map((w) => ({ value: w.id, label: `${w.name} (${w.code})` }))} />
        {current && <Button href={`/api/pick-lists/print?warehouseId=${current}`} target="_blank">{t('orders.printPickList')}</Button>}
      </Space>
      <Card title={t('orders.toPick')}>
        {!list.data?.orders.length && <Empty description={t('common.empty')} />}
        {list.data?.orders.map((o) => {
          // an after-sales replacement (换货/补发 SH…) waits in the same queue and ships from its request's page
          const to = o.document ? o.document.link : `/admin/orders/${o.orderId}`;
          return (
          <Card key={o.document ? `${o.document.type}-${o.document.id}` : o.orderId} type="inner" size="small" style={{ marginBottom: 8 }} data-testid={o.document ? 'pick-document' : 'pick-order'}
            title={<Space>{o.urgent && <Tag color="red">{t('orders.urgent')}</Tag>}{o.document && <Tag color="purple">{t(`aftersales.kind.${o.document.kind}`, { defaultValue: o.document.title })}</Tag>}<Link to={to}>{o.number}</Link></Space>}
            extra={<Link to={to}>{t('orders.goShip')}</Link>}>
            {/* customer, time and status under the title: a phone's card header has room for the number only */}
            <div style={{ marginBottom: 4 }}><Space wrap size={6}>{o.companyName}<Typography.Text type="secondary">{dateTime(o.submittedAt)}</Typography.Text>
              {o.document ? <Link to={`/admin/orders/${o.orderId}`}>{t('orders.fromOrder', { number: o.document.orderNumber })}</Link> : <Tag>{t(`orders.status.${o.status}`)}</Tag>}</Space></div>
            {o.lines.map((l) => <div key={l.orderLineId} data-testid="pick-line">{l.skuCode} {l.name} {l.specText} × <b style={{ whiteSpace: 'nowrap' }}>{qty(l.qty, l)}</b></div>)}
          </Card>
          );
        })}
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
