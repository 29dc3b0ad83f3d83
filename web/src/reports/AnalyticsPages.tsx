import { App, Button, Card, InputNumber, Segmented, Space, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useMe } from '../lib/auth';
import { client } from '../lib/client';
import { fen, yuanToFen } from '../lib/format';
import { ReportView, type ReportName } from './ReportView';

/** A page holding several reports, the one shown named by ?r= in the URL. */
function ReportTabs({ title, reports, testid }: { title: string; reports: ReportName[]; testid: string }) {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const r = (reports.includes(params.get('r') as ReportName) ? params.get('r') : reports[0]) as ReportName;
  return (
    <Card title={t(title)} data-testid={testid}
      extra={<Segmented value={r} onChange={(v) => setParams(new URLSearchParams({ r: String(v) }))} options={reports.map((x) => ({ value: x, label: t(`reports.tab.${x}`) }))} />}>
      <ReportView key={r} report={r} />
    </Card>
  );
}

/** Sales by period or dimension with 同比/环比, drill-down region → customers → orders. */
export function SalesAnalysisPage() {
  const { t } = useTranslation();
  return <Card title={t('reports.sales')} data-testid="sales-analysis"><ReportView report="sales" /></Card>;
}

export function CustomerAnalysisPage() {
  return <ReportTabs title="reports.customers" reports={['rfm', 'lapsed', 'newret']} testid="customer-analysis" />;
}
export function StockAnalysisPage() {
  return <ReportTabs title="reports.stock" reports={['turnover', 'slow', 'abc', 'stockouts', 'stockvalue']} testid="stock-analysis" />;
}
export function MoneyAnalysisPage() {
  return <ReportTabs title="reports.money" reports={['aging', 'agingtrend', 'collection', 'paymix', 'returns']} testid="money-analysis" />;
}

/** One customer's orders and monthly trend (the end of a drill-down). */
export function CustomerReportPage() {
  const { t } = useTranslation();
  return <Card title={t('reports.customerOrders')} data-testid="customer-report"><ReportView report="customer" /></Card>;
}

/** Reps against monthly targets; the manager (admin) sets the targets in place. */
export function RepsReportPage() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  return (
    <Card title={t('reports.reps')} data-testid="reps-report">
      <ReportView report="reps" extra={me?.role === 'admin' ? (doc, reload) => <TargetEditor rows={doc.rows} reload={reload} /> : undefined} />
    </Card>
  );
}

function TargetEditor({ rows, reload }: { rows: Record<string, string | number | null | undefined>[]; reload: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [edits, setEdits] = useState<Record<string, { sales?: number; collection?: number }>>({});
  const save = async (r: (typeof rows)[number]) => {
    const e = edits[String(r.key)] ?? {};
    const salesTarget = yuanToFen(e.sales ?? Number(r.salesTarget ?? 0) / 100);
    const collectionTarget = yuanToFen(e.collection ?? Number(r.collectionTarget ?? 0) / 100);
    try {
      await client.put('/api/reports/rep-targets', { body: { repUserId: Number(r.repId), month: String(r.month), salesTarget: salesTarget ?? 0, collectionTarget: collectionTarget ?? 0 } });
      void message.success(t('common.saved'));
      reload();
    } catch (err) {
      void message.error((err as Error).message);
    }
  };
  return (
    <Card size="small" title={t('reports.setTargets')} style={{ marginBottom: 12 }}>
      <Table size="small" rowKey={(r) => String(r.key)} pagination={false} dataSource={rows} scroll={{ x: true }}
        columns={[
          { title: t('reports.month'), dataIndex: 'month' },
          { title: t('reports.rep'), dataIndex: 'rep' },
          { title: t('reports.salesTarget'), key: 's', render: (_, r) => <InputNumber min={0} precision={2} style={{ width: 140 }} placeholder={fen(Number(r.salesTarget ?? 0))}
            defaultValue={r.salesTarget == null ? undefined : Number(r.salesTarget) / 100} onChange={(v) => setEdits((x) => ({ ...x, [String(r.key)]: { ...x[String(r.key)], sales: v ?? 0 } }))} /> },
          { title: t('reports.collectionTarget'), key: 'c', render: (_, r) => <InputNumber min={0} precision={2} style={{ width: 140 }}
            defaultValue={r.collectionTarget == null ? undefined : Number(r.collectionTarget) / 100} onChange={(v) => setEdits((x) => ({ ...x, [String(r.key)]: { ...x[String(r.key)], collection: v ?? 0 } }))} /> },
          { title: '', key: 'a', render: (_, r) => <Space><Button size="small" type="primary" onClick={() => void save(r)}>{t('common.save')}</Button></Space> },
        ]} />
    </Card>
  );
}
