import { App, Button, Card, Popconfirm, Radio, Space, Table, Tabs, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client } from '../lib/client';
import { dateTime } from '../lib/format';
import { useFail } from '../payments/common';
import { PresaleTag } from './PresaleTag';
import { PresaleModal, type PresaleRow } from './PresaleModal';
import { InvSkuPicker, useCanWrite } from './parts';
import { WaitQueue } from './WaitQueue';

type Editing = { skuId: number; label: string; row?: PresaleRow };

/**
 * 预售 / 缺货预订: which SKUs take orders before or beyond stock (mode, expected date, cap), the
 * queue of order lines waiting for them, and whether such orders ship in parts or complete.
 */
export function PresalePage() {
  const { t } = useTranslation();
  const [skuId, setSkuId] = useState<number | undefined>();
  const [tab, setTab] = useState('skus');
  return (
    <div data-testid="presale-page">
      <Typography.Title level={4} style={{ marginTop: 0 }}>{t('inv.ps.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('inv.ps.hint')}</Typography.Paragraph>
      <ShippingCard />
      <Tabs activeKey={tab} onChange={setTab} items={[
        { key: 'skus', label: t('inv.ps.skus'), children: <PresaleSkus onQueue={(id) => { setSkuId(id); setTab('queue'); }} /> },
        { key: 'queue', label: <span data-testid="tab-queue">{t('inv.ps.queue')}</span>, children: <WaitQueue skuId={skuId} onSku={setSkuId} /> },
      ]} />
    </div>
  );
}

/** inventory.backorderShipping: an order with waiting lines ships what has arrived, or only once complete. */
function ShippingCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const fail = useFail();
  const qc = useQueryClient();
  const canEdit = useCanWrite('inventory.settings');
  const q = useQuery({ queryKey: ['inv-backorder-settings'], queryFn: () => client.get('/api/inventory/backorder-settings') });
  const save = useMutation({
    mutationFn: (shipping: 'partial' | 'complete') => client.put('/api/inventory/backorder-settings', { body: { shipping } }),
    onSuccess: (s) => { qc.setQueryData(['inv-backorder-settings'], s); message.success(t('inv.ps.shippingSaved')); },
    onError: fail,
  });
  return (
    <Card size="small" title={t('inv.ps.shipping')} loading={q.isLoading} style={{ marginBottom: 12, maxWidth: 720 }}>
      <Radio.Group data-testid="backorder-shipping" disabled={!canEdit || save.isPending} value={q.data?.shipping} onChange={(e) => save.mutate(e.target.value)}
        style={{ display: 'flex', flexDirection: 'column', gap: 6 }}
        options={(['partial', 'complete'] as const).map((v) => ({ value: v, label: t(`inv.ps.ship.${v}`) }))} />
    </Card>
  );
}

function PresaleSkus({ onQueue }: { onQueue: (skuId: number) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const fail = useFail();
  const qc = useQueryClient();
  const canEdit = useCanWrite();
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<Editing | null>(null);
  const list = useQuery({ queryKey: ['inv-presale', page], queryFn: () => client.get('/api/inventory/presale', { query: { page, pageSize: 20 } }) });
  const remove = useMutation({
    mutationFn: (id: number) => client.del('/api/inventory/presale/{skuId}', { path: { skuId: id } }),
    onSuccess: () => { message.success(t('inv.ps.removed')); void qc.invalidateQueries({ queryKey: ['inv-presale'] }); },
    onError: fail,
  });
  return (
    <>
      {canEdit && (
        <Space wrap style={{ marginBottom: 8 }}>
          <InvSkuPicker testId="presale-sku" width={320} onPick={(r) => setEditing({ skuId: r.skuId, label: `${r.skuCode} ${r.productName} ${r.specText}`.trim(), row: list.data?.items.find((x) => x.skuId === r.skuId) })} />
          <Typography.Text type="secondary"><PlusOutlined /> {t('inv.ps.addHint')}</Typography.Text>
        </Space>
      )}
      <Table<PresaleRow> rowKey="skuId" size="small" loading={list.isLoading} dataSource={list.data?.items} scroll={{ x: 900 }} data-testid="presale-skus"
        locale={{ emptyText: t('inv.ps.empty') }}
        pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
        columns={[
          { title: t('inv.product'), render: (_, r) => <span><b>{r.code}</b> {r.name} {r.specText}</span> },
          { title: t('inv.ps.mode'), render: (_, r) => <PresaleTag presale={r} /> },
          { title: t('inv.ps.cap'), align: 'right', render: (_, r) => (r.maxWaiting == null ? t('inv.ps.noCap') : `${r.maxWaiting} ${r.baseUnit}`) },
          {
            title: t('inv.ps.waiting'), align: 'right',
            render: (_, r) => <Button type="link" size="small" data-testid="presale-waiting" onClick={() => onQueue(r.skuId)}>{t('inv.ps.waitingOf', { qty: r.waitingQty, unit: r.baseUnit, lines: r.waitingLines })}</Button>,
          },
          { title: t('inv.notes'), dataIndex: 'note', render: (v: string | null) => v ?? '—' },
          { title: t('inv.updatedAt'), render: (_, r) => dateTime(r.updatedAt) },
          ...(canEdit ? [{
            title: '', width: 140,
            render: (_: unknown, r: PresaleRow) => (
              <Space size={0}>
                <Button type="link" size="small" data-testid="presale-edit" onClick={() => setEditing({ skuId: r.skuId, label: `${r.code} ${r.name} ${r.specText}`.trim(), row: r })}>{t('common.edit')}</Button>
                <Popconfirm title={t('inv.ps.removeConfirm')} onConfirm={() => remove.mutate(r.skuId)}>
                  <Button type="link" size="small" danger>{t('inv.ps.remove')}</Button>
                </Popconfirm>
              </Space>
            ),
          }] : []),
        ]} />
      {editing && <PresaleModal skuId={editing.skuId} label={editing.label} row={editing.row} onClose={() => setEditing(null)} />}
    </>
  );
}
