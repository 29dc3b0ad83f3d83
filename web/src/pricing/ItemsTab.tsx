import { Button, Input, Modal, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client, type Body } from '../lib/client';
import { discount, fen } from '../lib/format';
import { PercentInput, useFail } from '../customers/common';
import { BreaksEditor, type BreaksTarget } from './BreaksEditor';
import { SkuPicker } from './SkuPicker';
import type { PriceItem } from './types';

/** One SKU of the list with all its breaks, as the grid shows it. */
interface SkuRow {
  skuId: number;
  skuCode: string;
  productName: string;
  specText: string;
  basePrice: number;
  retailPrice: number | null;
  breaks: PriceItem[];
}

function group(items: PriceItem[]): SkuRow[] {
  const m = new Map<number, SkuRow>();
  for (const i of items) {
    const r = m.get(i.skuId) ?? { skuId: i.skuId, skuCode: i.skuCode, productName: i.productName, specText: i.specText, basePrice: i.basePrice, retailPrice: i.retailPrice, breaks: [] };
    r.breaks.push(i);
    m.set(i.skuId, r);
  }
  return [...m.values()];
}

/** The price grid of a list: SKU search, add/edit/remove SKUs, quantity breaks, bulk percentage. */
export function ItemsTab({ listId, canManage }: { listId: number; canManage: boolean }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const fail = useFail();
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [selected, setSelected] = useState<number[]>([]);
  const [editing, setEditing] = useState<BreaksTarget | null>(null);
  const [bulk, setBulk] = useState<number | null>(null);
  const [bulkOpen, setBulkOpen] = useState(false);
  // 500 rows a page keeps the breaks of one SKU on one page for any sane list
  const items = useQuery({ queryKey: ['price-items', listId, q, page], queryFn: () => client.get('/api/price-lists/{id}/items', { path: { id: listId }, query: { q, page, pageSize: 500 } }) });
  const rows = group(items.data?.items ?? []);
  const done = () => {
    void qc.invalidateQueries({ queryKey: ['price-items', listId] });
    void qc.invalidateQueries({ queryKey: ['price-list', listId] });
  };
  const put = useMutation({ mutationFn: (items: Body<'/api/price-lists/{id}/items', 'put'>['items']) => client.put('/api/price-lists/{id}/items', { path: { id: listId }, body: { items } }), onSuccess: () => { setEditing(null); done(); }, onError: fail });
  const remove = useMutation({ mutationFn: (skuIds: number[]) => client.post('/api/price-lists/{id}/items/delete', { path: { id: listId }, body: { skuIds } }), onSuccess: () => { setSelected([]); done(); }, onError: fail });
  const bulkPct = useMutation({
    mutationFn: () => client.post('/api/price-lists/{id}/bulk-percent', { path: { id: listId }, body: { skuIds: selected, discountBp: bulk ?? 0 } }),
    onSuccess: () => { setBulkOpen(false); setSelected([]); done(); },
    onError: fail,
  });
  const edit = (r: Pick<SkuRow, 'skuId' | 'skuCode' | 'productName' | 'basePrice'> & { breaks: PriceItem[] }) =>
    setEditing({
      skuId: r.skuId, skuCode: r.skuCode, productName: r.productName, basePrice: r.basePrice,
      mode: r.breaks.some((b) => b.discountBp != null) ? 'percent' : 'fixed',
      rows: r.breaks.map((b) => ({ minQty: b.minQty, value: b.fixedPrice ?? b.discountBp })),
    });
  const describe = (b: PriceItem) => (b.fixedPrice != null ? fen(b.fixedPrice) : `${discount(b.discountBp, i18n.language)} → ${fen(b.unitPrice)}`);

  return (
    <div data-testid="items-tab">
      <Space style={{ marginBottom: 12, flexWrap: 'wrap' }}>
        <Input.Search placeholder={t('pricing.skuSearch')} allowClear onSearch={(v) => { setQ(v); setPage(1); }} style={{ width: 240 }} data-testid="items-search" />
        {canManage && (
          <>
            <SkuPicker testId="add-sku" placeholder={t('pricing.addSku')} onPick={(s) => {
              const existing = rows.find((r) => r.skuId === s.skuId);
              edit(existing ?? { ...s, breaks: [] });
            }} />
            <Button disabled={!selected.length} onClick={() => { setBulk(null); setBulkOpen(true); }}>{t('pricing.bulkPercent')}{selected.length ? ` (${selected.length})` : ''}</Button>
            <Popconfirm title={t('pricing.confirmRemove', { count: selected.length })} disabled={!selected.length} onConfirm={() => remove.mutate(selected)}>
              <Button danger disabled={!selected.length}>{t('pricing.removeSkus')}</Button>
            </Popconfirm>
          </>
        )}
      </Space>
      <Table<SkuRow> rowKey="skuId" size="small" loading={items.isLoading} dataSource={rows} scroll={{ x: 900 }}
        rowSelection={canManage ? { selectedRowKeys: selected, onChange: (keys) => setSelected(keys as number[]) } : undefined}
        pagination={items.data && items.data.total > 500 ? { current: page, pageSize: 500, total: items.data.total, onChange: setPage } : false}
        columns={[
          { title: 'SKU', dataIndex: 'skuCode', width: 130 },
          { title: t('pricing.product'), render: (_, r) => <>{r.productName} <Typography.Text type="secondary">{r.specText}</Typography.Text></> },
          { title: t('pricing.base'), dataIndex: 'basePrice', align: 'right', render: fen },
          { title: t('pricing.retail'), dataIndex: 'retailPrice', align: 'right', render: fen },
          {
            title: t('pricing.breaks'),
            render: (_, r) => <Space size={[4, 4]} wrap>{r.breaks.map((b) => <Tag key={b.minQty}>≥{b.minQty}：{describe(b)}</Tag>)}</Space>,
          },
          ...(canManage ? [{ title: '', width: 70, render: (_: unknown, r: SkuRow) => <a onClick={() => edit(r)}>{t('common.edit')}</a> }] : []),
        ]} />
      <BreaksEditor target={editing} saving={put.isPending} onCancel={() => setEditing(null)} onSave={(body) => put.mutate(body)} />
      <Modal open={bulkOpen} title={t('pricing.bulkPercent')} onCancel={() => setBulkOpen(false)} onOk={() => bulkPct.mutate()} okButtonProps={{ disabled: bulk == null }} confirmLoading={bulkPct.isPending} destroyOnHidden>
        <Typography.Paragraph>{t('pricing.bulkHint', { count: selected.length })}</Typography.Paragraph>
        <PercentInput id="bulk-percent" value={bulk} onChange={setBulk} />
      </Modal>
    </div>
  );
}
