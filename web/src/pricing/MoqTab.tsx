import { App, Button, InputNumber, Space, Table, Typography } from 'antd';
import { DeleteOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client } from '../lib/client';
import { useFail } from '../customers/common';
import { SkuPicker } from './SkuPicker';
import type { MoqItem } from './types';

/** Minimum order quantity / order multiple overrides of this list (e.g. tier 1 buys by the case of 12). */
export function MoqTab({ listId, canManage }: { listId: number; canManage: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const fail = useFail();
  const moq = useQuery({ queryKey: ['price-moq', listId], queryFn: () => client.get('/api/price-lists/{id}/moq', { path: { id: listId } }) });
  const [rows, setRows] = useState<MoqItem[]>([]);
  useEffect(() => setRows(moq.data ?? []), [moq.data]);
  const save = useMutation({
    mutationFn: () => client.put('/api/price-lists/{id}/moq', { path: { id: listId }, body: { items: rows.map((r) => ({ skuId: r.skuId, moq: r.moq, orderMultiple: r.orderMultiple })) } }),
    onSuccess: (r) => {
      qc.setQueryData(['price-moq', listId], r);
      void message.success(t('common.saved'));
    },
    onError: fail,
  });
  const set = (skuId: number, patch: Partial<MoqItem>) => setRows(rows.map((r) => (r.skuId === skuId ? { ...r, ...patch } : r)));
  const dirty = JSON.stringify(rows) !== JSON.stringify(moq.data ?? []);
  return (
    <div data-testid="moq-tab">
      <Typography.Paragraph type="secondary">{t('pricing.moqHint')}</Typography.Paragraph>
      {canManage && (
        <Space style={{ marginBottom: 12 }} wrap>
          <SkuPicker testId="moq-add" placeholder={t('pricing.addSku')} onPick={(s) => !rows.some((r) => r.skuId === s.skuId) && setRows([...rows, { skuId: s.skuId, skuCode: s.skuCode, productName: s.productName, moq: 1, orderMultiple: 1 }])} />
          <Button type="primary" disabled={!dirty} loading={save.isPending} onClick={() => save.mutate()}>{t('common.save')}</Button>
        </Space>
      )}
      <Table<MoqItem> rowKey="skuId" size="small" loading={moq.isLoading} dataSource={rows} pagination={false}
        columns={[
          { title: 'SKU', dataIndex: 'skuCode', width: 130 },
          { title: t('pricing.product'), dataIndex: 'productName' },
          { title: t('pricing.moqShort'), render: (_, r) => <InputNumber aria-label={`moq-${r.skuCode}`} disabled={!canManage} min={1} max={1_000_000} precision={0} value={r.moq} onChange={(v) => set(r.skuId, { moq: v ?? 1 })} /> },
          { title: t('pricing.multiple'), render: (_, r) => <InputNumber aria-label={`multiple-${r.skuCode}`} disabled={!canManage} min={1} max={1_000_000} precision={0} value={r.orderMultiple} onChange={(v) => set(r.skuId, { orderMultiple: v ?? 1 })} /> },
          ...(canManage ? [{ title: '', width: 40, render: (_: unknown, r: MoqItem) => <Button type="text" icon={<DeleteOutlined />} aria-label="remove" onClick={() => setRows(rows.filter((x) => x.skuId !== r.skuId))} /> }] : []),
        ]} />
    </div>
  );
}
