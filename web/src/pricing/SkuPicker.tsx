import { Select } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client } from '../lib/client';
import { fen } from '../lib/format';
import type { SkuHit } from './types';

/** Search-as-you-type SKU picker over GET /pricing/skus (code, barcode or product name). */
export function SkuPicker({ onPick, placeholder, testId, width = 360 }: { onPick: (sku: SkuHit) => void; placeholder?: string; testId?: string; width?: number }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const hits = useQuery({ queryKey: ['sku-search', q], queryFn: () => client.get('/api/pricing/skus', { query: { q, pageSize: 20 } }) });
  const items = hits.data?.items ?? [];
  return (
    <Select<number>
      showSearch={{ filterOption: false, onSearch: setQ }}
      value={null}
      placeholder={placeholder ?? t('pricing.skuSearch')}
      style={{ width, maxWidth: '100%' }}
      loading={hits.isFetching}
      data-testid={testId}
      notFoundContent={hits.isFetching ? t('common.loading') : t('common.empty')}
      onChange={(id) => {
        const s = items.find((x) => x.skuId === id);
        if (s) onPick(s);
      }}
      options={items.map((s) => ({ value: s.skuId, label: `${s.skuCode} ${s.productName} ${s.specText} · ${fen(s.basePrice)}` }))}
    />
  );
}
