import { Select, Tag } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { client } from '../lib/client';
import { useMe } from '../lib/auth';
import { useWarehouses, type Movement, type StockRow, type StockStatus } from './api';

const STATUS_COLOR: Record<StockStatus, string> = { ok: 'green', low: 'orange', out: 'red' };
/** 正常 / 低于安全库存 / 缺货 as a coloured tag. */
export function StockStatusTag({ status }: { status: StockStatus }) {
  const { t } = useTranslation();
  return <Tag color={STATUS_COLOR[status]}>{t(`inv.status.${status}`)}</Tag>;
}

/** Whether the signed-in staff member may change stock (the server decides; this only hides buttons). */
export function useCanWrite(permission = 'inventory.write') {
  const { data: me } = useMe();
  return !!me?.permissions.includes(permission);
}

/** A warehouse select; `activeOnly` for forms that move stock (inactive warehouses refuse it). */
export function WarehouseSelect({ value, onChange, activeOnly, allowClear, placeholder, testId, width = 180 }: {
  value?: number; onChange: (id: number | undefined) => void; activeOnly?: boolean; allowClear?: boolean; placeholder?: string; testId?: string; width?: number;
}) {
  const { t } = useTranslation();
  const whs = useWarehouses(activeOnly ? true : undefined);
  return (
    <Select<number> value={value} onChange={(v) => onChange(v ?? undefined)} allowClear={allowClear} placeholder={placeholder ?? t('inv.warehouse')} style={{ width, maxWidth: '100%' }}
      data-testid={testId} loading={whs.isLoading}
      options={(whs.data ?? []).map((w) => ({ value: w.id, label: `${w.name}${w.active ? '' : `（${t('inv.inactive')}）`}` }))} />
  );
}

/**
 * Search-as-you-type SKU picker over the stock list (warehouse staff cannot use the pricing
 * lookup); with a warehouse it also shows what is on hand there.
 */
export function InvSkuPicker({ onPick, warehouseId, testId, width = 360 }: { onPick: (row: StockRow) => void; warehouseId?: number; testId?: string; width?: number }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const hits = useQuery({
    queryKey: ['inv-sku-search', q, warehouseId],
    queryFn: () => client.get('/api/inventory/stock', { query: { search: q || undefined, warehouseId, pageSize: 30 } }),
  });
  // Without a warehouse the list has one row per SKU × warehouse: one option per SKU.
  const items = (hits.data?.items ?? []).filter((r, i, a) => a.findIndex((x) => x.skuId === r.skuId) === i);
  return (
    <Select<number>
      showSearch={{ filterOption: false, onSearch: setQ }}
      value={null}
      placeholder={t('inv.pickSku')}
      style={{ width, maxWidth: '100%' }}
      loading={hits.isFetching}
      data-testid={testId}
      notFoundContent={hits.isFetching ? t('common.loading') : t('common.empty')}
      onChange={(id) => {
        const r = items.find((x) => x.skuId === id);
        if (r) onPick(r);
      }}
      options={items.map((r) => ({ value: r.skuId, label: `${r.skuCode} ${r.productName} ${r.specText}${warehouseId ? ` · ${t('inv.onHand')} ${r.onHand}` : ''}` }))}
    />
  );
}

/**
 * The document behind a ledger row by its own number (采购单 PO000003), linked where the console
 * has a page for it; a shipment links to its order. Rows written before numbers were kept show #id.
 */
export function DocumentLink({ m }: { m: Pick<Movement, 'documentType' | 'documentId' | 'documentNo' | 'orderId'> }) {
  const { t } = useTranslation();
  if (!m.documentType) return <>—</>;
  const ref = m.documentNo ?? (m.documentId ? `#${m.documentId}` : '');
  const label = `${t(`inv.doc.${m.documentType}`, { defaultValue: m.documentType })}${ref ? ` ${ref}` : ''}`;
  const id = m.documentType === 'shipment' ? m.orderId : m.documentId;
  const to = id && ({ purchase_order: `/admin/inventory/purchase-orders/${id}`, stocktake: `/admin/inventory/stocktakes/${id}`, order: `/admin/orders/${id}`, shipment: `/admin/orders/${id}`, aftersales: `/admin/aftersales/${id}` } as Record<string, string>)[m.documentType];
  return to ? <Link to={to} title={m.documentType === 'shipment' ? t('inv.docOrderLink') : undefined} data-testid="ledger-doc">{label}</Link> : <span data-testid="ledger-doc">{label}</span>;
}

/** Signed quantities read as changes: +12 / -3. */
export const signed = (n: number) => (n > 0 ? `+${n}` : String(n));
