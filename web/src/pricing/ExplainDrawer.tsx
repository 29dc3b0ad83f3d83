import { Alert, DatePicker, Descriptions, Drawer, InputNumber, Space, Table, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client } from '../lib/client';
import { discount, fen } from '../lib/format';
import { errorText } from '../customers/common';
import type { PriceRule, RuleKind } from './types';

const ruleColor: Record<RuleKind, string> = { customer_price_list: 'purple', tier_price_list: 'blue', tier_discount: 'cyan', base_price: 'default' };

export function RuleTag({ kind }: { kind: RuleKind }) {
  const { t } = useTranslation();
  return <Tag color={ruleColor[kind]}>{t(`pricing.rule.${kind}`)}</Tag>;
}

/** The rule that set a price, in the viewer's language, from its fields (not the server's log text). */
export function RuleText({ rule, basePrice, unitPrice }: { rule: PriceRule; basePrice: number; unitPrice: number }) {
  const { t, i18n } = useTranslation();
  const how = rule.fixedPrice != null ? t('pricing.how.fixed', { price: fen(rule.fixedPrice) }) : t('pricing.how.discount', { discount: discount(rule.discountBp, i18n.language), base: fen(basePrice) });
  switch (rule.kind) {
    case 'customer_price_list':
    case 'tier_price_list':
      return <>{t(`pricing.how.${rule.kind}`, { name: rule.name, minQty: rule.minQty, how, price: fen(unitPrice) })}</>;
    case 'tier_discount':
      return <>{t('pricing.how.tier_discount', { name: rule.name, how, price: fen(unitPrice) })}</>;
    default:
      return <>{t('pricing.how.base_price', { price: fen(basePrice) })}</>;
  }
}

/**
 * Why a customer pays what it pays for one SKU: the winning rule, the next quantity break, the
 * break table and every price-list entry considered in precedence order (GET /pricing/explain).
 */
export function ExplainDrawer({ companyId, sku, onClose }: { companyId: number | null; sku: { skuId: number; skuCode: string; productName: string } | null; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const [qty, setQty] = useState(1);
  const [at, setAt] = useState<Dayjs | null>(null);
  const q = useQuery({
    queryKey: ['explain', companyId, sku?.skuId, qty, at?.toISOString()],
    enabled: !!sku,
    queryFn: () => client.get('/api/pricing/explain', { query: { companyId: companyId ?? undefined, skuId: sku!.skuId, qty, at: at?.toISOString() } }),
  });
  const e = q.data;
  return (
    <Drawer open={!!sku} onClose={onClose} width={640} title={sku ? `${t('pricing.explain')} · ${sku.skuCode} ${sku.productName}` : ''} destroyOnHidden>
      <Space wrap style={{ marginBottom: 16 }}>
        <span>{t('pricing.qty')}</span>
        <InputNumber min={1} max={10_000_000} precision={0} value={qty} onChange={(v) => setQty(v ?? 1)} data-testid="explain-qty" aria-label="explain-qty" />
        <span>{t('pricing.at')}</span>
        <DatePicker showTime value={at} onChange={setAt} placeholder={t('pricing.now')} />
      </Space>
      {q.error && <Alert type="error" message={errorText(q.error)} />}
      {e && (
        <div data-testid="explain">
          {!e.visible && <Alert type="warning" showIcon message={t('pricing.hiddenForCustomer')} style={{ marginBottom: 12 }} />}
          <Descriptions column={1} size="small" bordered>
            {e.company && <Descriptions.Item label={t('customers.title')}>{e.company.name}（{e.company.tierName ?? t('pricing.noTier')}{e.company.tierDiscountBp ? ` · ${discount(e.company.tierDiscountBp, i18n.language)}` : ''}）</Descriptions.Item>}
            <Descriptions.Item label={t('pricing.unitPrice')}>
              <Typography.Text strong style={{ fontSize: 18 }} data-testid="explain-price">{fen(e.resolved.unitPrice)}</Typography.Text>
              <Typography.Text type="secondary" style={{ marginLeft: 12 }}>{t('pricing.base')} {fen(e.resolved.basePrice)}{e.resolved.retailPrice != null ? ` · ${t('pricing.retail')} ${fen(e.resolved.retailPrice)}` : ''}</Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('pricing.ruleLabel')}><RuleTag kind={e.resolved.rule.kind} /><div style={{ marginTop: 4 }} data-testid="explain-rule"><RuleText rule={e.resolved.rule} basePrice={e.resolved.basePrice} unitPrice={e.resolved.unitPrice} /></div></Descriptions.Item>
            <Descriptions.Item label={t('pricing.nextBreak')}>
              <span data-testid="explain-next">{e.resolved.nextBreak ? t('pricing.nextBreakText', { qty: e.resolved.nextBreak.minQty, price: fen(e.resolved.nextBreak.unitPrice) }) : t('pricing.noNextBreak')}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('pricing.moq')}>{t('pricing.moqText', { moq: e.resolved.moq, multiple: e.resolved.orderMultiple })}</Descriptions.Item>
          </Descriptions>
          <Typography.Title level={5} style={{ marginTop: 16 }}>{t('pricing.breaks')}</Typography.Title>
          <Table size="small" pagination={false} rowKey="minQty" dataSource={e.breaks}
            columns={[
              { title: t('pricing.minQty'), dataIndex: 'minQty', render: (v: number) => `≥ ${v}` },
              { title: t('pricing.unitPrice'), dataIndex: 'unitPrice', render: fen },
              { title: t('pricing.ruleLabel'), render: (_, b) => <RuleTag kind={b.rule.kind} /> },
            ]} />
          <Typography.Title level={5} style={{ marginTop: 16 }}>{t('pricing.candidates')}</Typography.Title>
          <Table size="small" pagination={false} rowKey={(c) => `${c.priceListId}-${c.minQty}`} dataSource={e.candidates} locale={{ emptyText: t('pricing.noCandidates') }}
            columns={[
              { title: t('pricing.list'), render: (_, c) => <Space size={4}><Tag color={c.kind === 'customer' ? 'purple' : 'blue'}>{t(`pricing.kind.${c.kind}`)}</Tag>{c.name}</Space> },
              { title: t('pricing.minQty'), dataIndex: 'minQty', render: (v: number) => `≥ ${v}` },
              { title: t('pricing.price'), render: (_, c) => (c.fixedPrice != null ? fen(c.fixedPrice) : discount(c.discountBp, i18n.language)) },
              { title: '', render: (_, c) => (c.chosen ? <Tag color="green">{t('pricing.chosen')}</Tag> : c.applies ? <Tag>{t('pricing.applies')}</Tag> : <Typography.Text type="secondary">{t('pricing.notReached')}</Typography.Text>) },
            ]} />
        </div>
      )}
    </Drawer>
  );
}
