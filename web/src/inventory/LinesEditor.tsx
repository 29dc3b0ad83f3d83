import { Button, InputNumber, Table } from 'antd';
import { DeleteOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { StockRow } from './api';
import { InvSkuPicker } from './parts';

export interface Line { skuId: number; label: string; onHand: number | null; qty: number | null }

/** SKU lines with a quantity each (signed for adjustments); picking a SKU already listed keeps one line. */
export function LinesEditor({ lines, setLines, warehouseId, signedQty }: {
  lines: Line[]; setLines: (f: (l: Line[]) => Line[]) => void; warehouseId?: number; signedQty?: boolean;
}) {
  const { t } = useTranslation();
  const add = (r: StockRow) => setLines((ls) => (ls.some((l) => l.skuId === r.skuId) ? ls : [...ls, { skuId: r.skuId, label: `${r.skuCode} ${r.productName} ${r.specText}`, onHand: warehouseId ? r.onHand : null, qty: null }]));
  return (
    <>
      <InvSkuPicker onPick={add} warehouseId={warehouseId} testId="line-sku" />
      <Table<Line> rowKey="skuId" size="small" pagination={false} dataSource={lines} style={{ marginTop: 8 }} scroll={{ x: 500 }} data-testid="lines"
        locale={{ emptyText: t('inv.noLines') }}
        columns={[
          { title: t('inv.sku'), dataIndex: 'label' },
          ...(warehouseId ? [{ title: t('inv.onHand'), dataIndex: 'onHand', align: 'right' as const }] : []),
          {
            title: t('inv.qty'), width: 140,
            render: (_, l) => (
              <InputNumber precision={0} min={signedQty ? -10_000_000 : 1} max={10_000_000} value={l.qty} data-testid="line-qty" style={{ width: 120 }}
                placeholder={signedQty ? '+/-' : undefined}
                onChange={(q) => setLines((ls) => ls.map((x) => (x.skuId === l.skuId ? { ...x, qty: q } : x)))} />
            ),
          },
          { width: 48, render: (_, l) => <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('common.delete')} onClick={() => setLines((ls) => ls.filter((x) => x.skuId !== l.skuId))} /> },
        ]} />
    </>
  );
}

/** Lines ready to send: a quantity entered and not 0. */
export const filled = (lines: Line[]) => lines.filter((l): l is Line & { qty: number } => l.qty != null && l.qty !== 0).map((l) => ({ skuId: l.skuId, qty: l.qty }));
