import { Button, Card, Empty, List, Progress, Space, Statistic, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { client, type Response } from '../lib/client';
import { date, dateTime, fen } from '../lib/format';
import { useFail } from '../customers/common';

type Entry = Response<'/api/my/rebates'>['ledger'][number];

/** One ledger row: what happened, when, the signed amount (fen for rebate, points for points). */
export function LedgerList({ rows, money, testId }: { rows: Entry[]; money: boolean; testId: string }) {
  const { t } = useTranslation();
  if (!rows.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('mk.noLedger')} />;
  return (
    <List size="small" dataSource={rows} renderItem={(r) => (
      <List.Item data-testid={testId} style={{ padding: '6px 0' }}>
        <div style={{ minWidth: 0 }}>
          <div>{t(`mk.entry.${r.entry}`)}{r.note ? <Typography.Text type="secondary" style={{ fontSize: 12, marginLeft: 8 }}>{r.note}</Typography.Text> : null}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>{dateTime(r.at)}</Typography.Text>
        </div>
        <div style={{ textAlign: 'right', whiteSpace: 'nowrap' }}>
          <Typography.Text type={r.amount > 0 ? 'success' : 'danger'}>{r.amount > 0 ? '+' : '−'}{money ? fen(Math.abs(r.amount)) : Math.abs(r.amount)}</Typography.Text>
          <div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('mk.after', { v: money ? fen(r.balanceAfter) : r.balanceAfter.toLocaleString('en-US') })}</Typography.Text></div>
        </div>
      </List.Item>
    )} />
  );
}

/** Portal (phone first): my rebate balance and this period's progress toward each rule, my points with the points catalog, and both ledgers. */
export function FundsPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const fail = useFail();
  const rebates = useQuery({ queryKey: ['my-rebates'], queryFn: () => client.get('/api/my/rebates') });
  const points = useQuery({ queryKey: ['my-points'], queryFn: () => client.get('/api/my/points') });
  const exchange = useMutation({
    mutationFn: (id: number) => client.post('/api/my/points/exchange/{templateId}', { path: { templateId: id } }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['my-points'] });
      void qc.invalidateQueries({ queryKey: ['my-coupons'] });
    },
    onError: fail,
  });
  const r = rebates.data;
  const p = points.data;
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="funds-page">
      <Card size="small" title={t('mk.rebateTitle')} loading={rebates.isLoading}>
        {r && (
          <>
            <Statistic title={t('mk.rebateBalance')} value={fen(r.balance)} valueStyle={{ color: '#d48806' }} data-testid="rebate-balance" />
            <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>{t('mk.rebateUse')}</Typography.Paragraph>
            {r.progress.map((g) => {
              const goal = g.next ? g.sales + g.next.short : g.sales;
              return (
                <div key={g.ruleId} data-testid="rebate-progress" style={{ background: '#fffbe6', borderRadius: 8, padding: '8px 12px', marginBottom: 8 }}>
                  <Space wrap size={4}><b>{g.name}</b><Tag>{g.period}</Tag><Typography.Text type="secondary" style={{ fontSize: 12 }}>{g.summary}</Typography.Text></Space>
                  <div>{t('mk.progressSales', { sales: fen(g.sales), rate: g.rateBp / 100, estimate: fen(g.estimate) })}</div>
                  {goal > 0 && <Progress percent={Math.min(100, Math.round((g.sales / goal) * 100))} size="small" showInfo={false} />}
                  {g.next && <Typography.Text type="warning" data-testid="rebate-next">{t('mk.progressNext', { short: fen(g.next.short), rate: g.next.rateBp / 100 })}</Typography.Text>}
                  <div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('mk.periodEnds', { date: date(g.periodEnd) })}</Typography.Text></div>
                </div>
              );
            })}
            <LedgerList rows={r.ledger} money testId="rebate-entry" />
          </>
        )}
      </Card>
      <Card size="small" title={t('mk.pointsTitle')} loading={points.isLoading}>
        {p && (
          <>
            <Statistic title={t('mk.pointsBalance')} value={p.balance} valueStyle={{ color: '#722ed1' }} data-testid="points-balance" />
            <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
              {t('mk.pointsRule', { per: p.settings.pointsPerYuan, value: fen(100 * p.settings.pointValueFen) })}
              {p.expiring > 0 && <> {t('mk.pointsExpiring', { n: p.expiring, date: p.expiresAt })}</>}
            </Typography.Paragraph>
            {p.catalog.length > 0 && (
              <>
                <Typography.Text strong>{t('mk.pointsCatalog')}</Typography.Text>
                <List size="small" dataSource={p.catalog} renderItem={(c) => (
                  <List.Item data-testid="points-item" actions={[
                    <Button key="x" size="small" type="primary" disabled={!c.canExchange || p.balance < c.pointsCost} loading={exchange.isPending && exchange.variables === c.id}
                      onClick={() => exchange.mutate(c.id)}>{c.canExchange ? t('mk.exchange') : t('mk.claimed')}</Button>,
                  ]}>
                    <Space wrap size={4}><b>{c.summary}</b>{c.name}<Tag color="purple">{t('mk.pointsCost', { n: c.pointsCost })}</Tag></Space>
                  </List.Item>
                )} />
              </>
            )}
            <LedgerList rows={p.ledger} money={false} testId="points-entry" />
          </>
        )}
      </Card>
    </Space>
  );
}
