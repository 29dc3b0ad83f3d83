import { Button, Space, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../lib/api';
import { client } from '../lib/client';
import { PresaleModal } from './PresaleModal';
import { PresaleTag } from './PresaleTag';
import { useCanWrite } from './parts';

/**
 * One SKU's pre-order / backorder setting where the SKU is edited (the product editor): what
 * buyers are told now, and for staff who may change it a button to put the SKU on pre-order
 * (with the expected date) or backorder, or take it off.
 */
export function SkuPresale({ skuId, label }: { skuId: number; label: string }) {
  const { t } = useTranslation();
  const canEdit = useCanWrite('inventory.write');
  const canRead = useCanWrite('inventory.read');
  const [open, setOpen] = useState(false);
  const q = useQuery({
    queryKey: ['inv-presale', 'sku', skuId],
    enabled: canRead,
    queryFn: async () => {
      try {
        return await client.get('/api/inventory/presale/{skuId}', { path: { skuId } });
      } catch (e) {
        if (e instanceof ApiError && e.status === 404) return null;
        throw e;
      }
    },
  });
  if (!canRead) return null;
  return (
    <Space size={4} data-testid="sku-presale" style={{ marginTop: 30 }}>
      {q.data ? <PresaleTag presale={q.data} /> : <Typography.Text type="secondary">{q.isLoading ? '…' : t('inv.ps.off')}</Typography.Text>}
      {canEdit && <Button size="small" data-testid="sku-presale-edit" onClick={() => setOpen(true)}>{t('inv.ps.setting')}</Button>}
      {open && q.data !== undefined && <PresaleModal skuId={skuId} label={label} row={q.data} allowOff onClose={() => setOpen(false)} />}
    </Space>
  );
}
