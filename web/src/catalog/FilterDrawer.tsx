import { Button, Checkbox, Drawer, Grid, InputNumber, Space, Switch, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Facet } from './types';
import type { Filters } from './useCatalog';

/** Brand (with result counts), price range, in stock and new: a bottom sheet on phones. */
export function FilterDrawer({ open, onClose, filters, brands, onApply }: {
  open: boolean;
  onClose: () => void;
  filters: Filters;
  brands: Facet[];
  onApply: (patch: Partial<Filters>) => void;
}) {
  const { t } = useTranslation();
  const phone = !Grid.useBreakpoint().md;
  const [draft, setDraft] = useState(filters);
  useEffect(() => { if (open) setDraft(filters); }, [open, filters]);
  const yuan = (fen?: number) => (fen == null ? null : fen / 100);
  const toFen = (v: number | null) => (v == null ? undefined : Math.round(v * 100));
  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={t('catalog.filters')}
      placement={phone ? 'bottom' : 'right'}
      size={phone ? '75vh' : 360}
      footer={
        <Space style={{ width: '100%', justifyContent: 'flex-end' }}>
          <Button onClick={() => { onApply({ brandId: [], priceMin: undefined, priceMax: undefined, inStock: false, isNew: false }); onClose(); }}>{t('catalog.reset')}</Button>
          <Button type="primary" data-testid="filter-apply" onClick={() => {
            // a reversed range is what the buyer meant the other way round
            const [lo, hi] = draft.priceMin != null && draft.priceMax != null && draft.priceMin > draft.priceMax ? [draft.priceMax, draft.priceMin] : [draft.priceMin, draft.priceMax];
            onApply({ brandId: draft.brandId, priceMin: lo, priceMax: hi, inStock: draft.inStock, isNew: draft.isNew });
            onClose();
          }}>{t('catalog.apply')}</Button>
        </Space>
      }
    >
      <Typography.Title level={5}>{t('catalog.brand')}</Typography.Title>
      <Checkbox.Group value={draft.brandId} onChange={(v) => setDraft({ ...draft, brandId: v as number[] })} style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}>
        {brands.map((b) => <Checkbox key={b.id} value={b.id} data-testid={`brand-${b.name}`}>{b.name} <Typography.Text type="secondary">({b.count})</Typography.Text></Checkbox>)}
      </Checkbox.Group>
      <Typography.Title level={5} style={{ marginTop: 16 }}>{t('catalog.price')}</Typography.Title>
      <Space>
        <InputNumber min={0} precision={2} placeholder={t('catalog.min')} value={yuan(draft.priceMin)} onChange={(v) => setDraft({ ...draft, priceMin: toFen(v) })} />
        —
        <InputNumber min={0} precision={2} placeholder={t('catalog.max')} value={yuan(draft.priceMax)} onChange={(v) => setDraft({ ...draft, priceMax: toFen(v) })} />
      </Space>
      <div style={{ marginTop: 16, display: 'flex', flexDirection: 'column', gap: 12 }}>
        <label><Switch size="small" checked={draft.inStock} onChange={(v) => setDraft({ ...draft, inStock: v })} /> {t('catalog.inStock')}</label>
        <label><Switch size="small" checked={draft.isNew} onChange={(v) => setDraft({ ...draft, isNew: v })} /> {t('catalog.isNew')}</label>
      </div>
    </Drawer>
  );
}
