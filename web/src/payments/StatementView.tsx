import { Alert, Descriptions, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { date, fen } from '../lib/format';
import { StatusTag } from './common';
import { StatementFunds } from '../marketing/StatementFunds';
import type { Statement, StatementCheck, StatementDetail, StatementLine } from './types';

/** One statement: the summary figures and every line with its running total (portal and console). */
export function StatementView({ s, lines }: { s: Statement & Partial<StatementCheck> & Partial<Pick<StatementDetail, 'funds'>>; lines: StatementLine[] }) {
  const { t } = useTranslation();
  return (
    <>
      {s.agrees === false && <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={t('pay.stOutdated')} data-testid="statement-outdated" />}
      <Descriptions size="small" column={{ xs: 1, sm: 3 }} bordered items={[
        { label: t('pay.opening'), children: fen(s.opening) },
        { label: t('pay.orders'), children: fen(s.orders) },
        { label: t('pay.cancellations'), children: fen(-s.cancellations) },
        { label: t('pay.paymentsIn'), children: fen(-s.payments) },
        { label: t('pay.refunds'), children: fen(s.refunds) },
        { label: t('pay.closing'), children: <b data-testid="closing">{fen(s.closing)}</b> },
        ...(s.account ? [
          { label: t('pay.stReceivable'), children: <span data-testid="st-receivable">{fen(s.account.receivable)}</span> },
          { label: t('pay.stBalance'), children: <span data-testid="st-balance">{fen(s.account.balance)}</span> },
        ] : []),
        { label: t('pay.status_'), children: <StatusTag group="stStatus" value={s.status} /> },
        ...(s.disputeReason ? [{ label: t('pay.disputeReason'), children: s.disputeReason }] : []),
      ]} />
      <Table<StatementLine> style={{ marginTop: 12 }} size="small" rowKey="id" pagination={false} dataSource={lines} scroll={{ x: true }} columns={[
        { title: t('pay.date'), dataIndex: 'at', render: date },
        { title: t('pay.lines'), render: (_, l) => `${t(`pay.kind.${l.kind}`)}${l.orderNumber ? ' · ' + l.orderNumber : ''}${l.paymentMethod ? ' · ' + t(`pay.method.${l.paymentMethod}`) : ''}` },
        { title: t('pay.change'), dataIndex: 'effect', align: 'right', render: fen },
        { title: t('pay.running'), dataIndex: 'running', align: 'right', render: fen },
      ]} />
      {s.funds && <StatementFunds funds={s.funds} />}
    </>
  );
}
