import { Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { date, fen } from '../lib/format';
import type { Response } from '../lib/client';

type Funds = Response<'/api/payments/statements/{id}'>['funds'];
type Kind = keyof Funds;
type Row = { key: string; kind: Kind; at?: string; text: string; opening?: number; credited?: number; debited?: number; amount?: number; closing: number };

/**
 * The rebate (¥) and points part of a monthly statement: opening, in, out and closing per kind,
 * then the month's movements with their order. Listed beside the money figures, not in them.
 */
export function StatementFunds({ funds }: { funds: Funds }) {
  const { t } = useTranslation();
  const show = (kind: Kind, n: number | undefined) => (n == null ? '' : kind === 'rebate' ? fen(n) : t('mk.pointsUnit', { n }));
  const rows: Row[] = (['rebate', 'points'] as const).flatMap((kind) => [
    { key: kind, kind, text: t(`mk.${kind}`), opening: funds[kind].opening, credited: funds[kind].credited, debited: funds[kind].debited, closing: funds[kind].closing },
    ...funds[kind].movements.map((m, i) => ({
      key: `${kind}-${i}`, kind, at: m.at, text: [t(`mk.entry.${m.entry}`), m.orderNumber, m.note].filter(Boolean).join(' · '), amount: m.amount, closing: m.balanceAfter,
    })),
  ]);
  return (
    <div style={{ marginTop: 16 }} data-testid="statement-funds">
      <Typography.Text strong>{t('mk.stFunds')}</Typography.Text>
      <Table<Row> size="small" rowKey="key" pagination={false} dataSource={rows} scroll={{ x: true }} style={{ marginTop: 8 }} columns={[
        { title: t('pay.date'), render: (_, r) => (r.at ? date(r.at) : <b>{r.text}</b>) },
        { title: t('pay.lines'), render: (_, r) => (r.at ? r.text : `${t('mk.stOpening')} ${show(r.kind, r.opening)}`) },
        { title: `${t('mk.stIn')} / ${t('mk.stOut')}`, align: 'right', render: (_, r) => (r.at ? show(r.kind, r.amount) : `+${show(r.kind, r.credited)} / −${show(r.kind, r.debited)}`) },
        { title: t('mk.stClosing'), align: 'right', render: (_, r) => show(r.kind, r.closing) },
      ]} />
    </div>
  );
}
