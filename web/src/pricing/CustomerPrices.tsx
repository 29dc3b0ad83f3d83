import { Input, Table, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client } from '../lib/client';
import { fen } from '../lib/format';
import { ExplainDrawer, RuleTag } from './ExplainDrawer';
import type { SkuHit } from './types';

/** A customer's own prices: search SKUs, see the resolved price at qty 1, open the explanation. */
export function CustomerPrices({ companyId }: { companyId: number }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [explain, setExplain] = useState<SkuHit | null>(null);
  const list = useQuery({ queryKey: ['sku-prices', companyId, q, page], queryFn: () => client.get('/api/pricing/skus', { query: { companyId, q, page, pageSize: 10 } }) });
  return (
    <div data-testid="customer-prices">
      <Input.Search placeholder={t('pricing.skuSearch')} allowClear onSearch={(v) => { setQ(v); setPage(1); }} style={{ width: 280, marginBottom: 12 }} data-testid="price-search" />
      <Table<SkuHit>
        rowKey="skuId"
        size="small"
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 800 }}
        pagination={{ current: page, pageSize: 10, total: list.data?.total, onChange: setPage, showSizeChanger: false }}
        columns={[
          { title: 'SKU', dataIndex: 'skuCode', width: 130 },
          { title: t('pricing.product'), render: (_, s) => <>{s.productName} <Typography.Text type="secondary">{s.specText}</Typography.Text></> },
          { title: t('pricing.base'), dataIndex: 'basePrice', align: 'right', render: fen },
          { title: t('pricing.customerPrice'), align: 'right', render: (_, s) => <Typography.Text strong>{fen(s.price?.unitPrice)}</Typography.Text> },
          { title: t('pricing.ruleLabel'), render: (_, s) => (s.price ? <RuleTag kind={s.price.ruleKind} /> : '—') },
          { title: t('pricing.nextBreak'), render: (_, s) => (s.price?.nextBreak ? `≥${s.price.nextBreak.minQty} ${fen(s.price.nextBreak.unitPrice)}` : '—') },
          { title: t('pricing.visible'), render: (_, s) => (s.visible === false ? <Tag color="red">{t('pricing.hidden')}</Tag> : <Tag color="green">{t('pricing.shown')}</Tag>) },
          { title: '', render: (_, s) => <a onClick={() => setExplain(s)}>{t('pricing.explain')}</a> },
        ]}
      />
      <ExplainDrawer companyId={companyId} sku={explain} onClose={() => setExplain(null)} />
    </div>
  );
}
