import { App, Button, Card, Col, DatePicker, Empty, Grid, Input, InputNumber, Row, Select, Space, Statistic, Table, Tag, Tooltip, Typography } from 'antd';
import { DownloadOutlined, SaveOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { client, type Response } from '../lib/client';
import { fen } from '../lib/format';
import { Chart } from './Chart';

export type ReportName = 'sales' | 'rfm' | 'lapsed' | 'newret' | 'customer' | 'turnover' | 'slow' | 'abc' | 'aging' | 'collection' | 'paymix' | 'returns' | 'reps' | 'stockouts' | 'stockvalue' | 'agingtrend';
type Doc = Response<'/api/reports/analytics/{report}'>;
type Cell = string | number | null | undefined;
type DocRow = Doc['rows'][number];

/** Which page shows a report (drill-down links name reports; pages hold several). */
export const PAGE_OF: Record<ReportName, string> = {
  sales: 'sales', customer: 'customer', rfm: 'customers', lapsed: 'customers', newret: 'customers',
  turnover: 'stock', slow: 'stock', abc: 'stock', aging: 'money', collection: 'money', paymix: 'money', returns: 'money', reps: 'reps',
  stockouts: 'stock', stockvalue: 'stock', agingtrend: 'money',
};
/** A drill-down target from the server ("sales?dim=customer&region=…") as an admin URL. */
export function drillHref(target: string): string {
  const [name, query = ''] = target.split('?') as [ReportName, string];
  const page = PAGE_OF[name] ?? 'sales';
  const p = new URLSearchParams(query);
  if (['customers', 'stock', 'money'].includes(page)) p.set('r', name);
  return `/admin/reports/${page}?${p.toString()}`;
}

/** Which filters a report's toolbar offers. */
const CONTROLS: Record<ReportName, { range?: boolean; asOf?: boolean; period?: boolean; dim?: boolean; compare?: boolean; days?: boolean; groupBy?: string[] }> = {
  sales: { range: true, period: true, dim: true, compare: true },
  rfm: { asOf: true }, lapsed: { asOf: true }, newret: { range: true, period: true }, customer: { range: true },
  turnover: { asOf: true, days: true, groupBy: ['sku', 'category', 'warehouse'] }, slow: { asOf: true, days: true }, abc: { range: true },
  aging: {}, collection: { range: true, period: true }, paymix: { range: true }, returns: { range: true, groupBy: ['sku', 'customer'] }, reps: { range: true },
  stockouts: { range: true }, stockvalue: { range: true }, agingtrend: { range: true },
};
/** Filters that narrow a report, shown as removable tags (drill-downs set them). */
const NARROW = ['region', 'tierId', 'repId', 'companyId', 'categoryId', 'brandId', 'skuId', 'warehouseId'] as const;
/** Paging and sorting of the long per-SKU tables, kept in the URL too (the server pages them). */
const PAGING = ['offset', 'sort', 'order'] as const;
const KNOWN = ['from', 'to', 'period', 'dim', 'compare', 'days', 'groupBy', ...NARROW, ...PAGING];

function cellText(kind: string, v: Cell, lang: string): string {
  if (v === null || v === undefined || v === '') return kind === 'text' ? '' : '—';
  if (kind === 'fen') return fen(Number(v));
  if (kind === 'pct') return `${(Number(v) * 100).toFixed(1)}%`;
  if (kind === 'int' || kind === 'qty') return Number(v).toLocaleString(lang === 'en' ? 'en-US' : 'zh-CN');
  return String(v);
}

/** One analytics report: filters in the URL, figures, an ECharts chart, a table with drill-downs, xlsx export, saved views. */
export function ReportView({ report, extra }: { report: ReportName; extra?: (doc: Doc, reload: () => void) => React.ReactNode }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const narrow = Grid.useBreakpoint().sm === false;
  const [params, setParams] = useSearchParams();
  const query = useMemo(() => Object.fromEntries([...params].filter(([k]) => KNOWN.includes(k))), [params]);
  const ctl = CONTROLS[report];
  const { data, isLoading, error, refetch } = useQuery({
    queryKey: ['analytics', report, query],
    queryFn: () => client.get('/api/reports/analytics/{report}', { path: { report }, query: query as never }),
  });
  const set = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    // another filter starts the table again at its first page
    if (Object.keys(patch).some((k) => !(PAGING as readonly string[]).includes(k))) for (const k of PAGING) next.delete(k);
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined || v === '') next.delete(k);
      else next.set(k, v);
    }
    setParams(next, { replace: false });
  };
  const name = (x: { zh: string; en: string }) => (en ? x.en : x.zh);
  const paging = data?.paging;
  // a paged table is sorted by the server, on the columns it offers; a whole one in the browser
  const sorting = (key: string) => (paging
    ? { sorter: paging.sortable.includes(key), sortOrder: paging.sort === key ? (paging.order === 'asc' ? 'ascend' as const : 'descend' as const) : null, sortDirections: ['descend' as const, 'ascend' as const] }
    : {});
  const columns = (data?.columns ?? []).map((c) => ({
    title: name(c), key: c.key, dataIndex: c.key, align: (c.kind === 'text' || c.kind === 'date' ? 'left' : 'right') as 'left' | 'right',
    sorter: c.kind === 'text' || c.kind === 'date' ? (a: DocRow, b: DocRow) => String(a[c.key] ?? '').localeCompare(String(b[c.key] ?? '')) : (a: DocRow, b: DocRow) => Number(a[c.key] ?? 0) - Number(b[c.key] ?? 0),
    ...sorting(c.key),
    render: (v: Cell, r: DocRow) => {
      // a row may carry English for a text cell (segment names, "unassigned"): key + 'En'
      const text = cellText(c.kind, en && r[`${c.key}En`] != null ? r[`${c.key}En`] : v, i18n.language);
      if (report === 'customer' && c.key === 'status' && typeof v === 'string') return t(`orders.status.${v}`, { defaultValue: v });
      if (c.key === 'label' && typeof r._link === 'string') return <Link to={r._link} data-testid="report-link">{text}</Link>;
      if (c.key === 'label' && typeof r._drill === 'string') return <Link to={drillHref(r._drill)} data-testid="report-drill">{text}</Link>;
      if (c.kind === 'pct' && typeof v === 'number' && c.key.toLowerCase().includes('growth')) return <span style={{ color: v >= 0 ? '#cf1322' : '#3f8600' }}>{v >= 0 ? '▲' : '▼'} {text}</span>;
      return text;
    },
  }));
  const chartOption = useMemo(() => {
    if (!data?.chart) return null;
    const rows = (data.chartRows ?? data.rows).slice(0, data.chart.type === 'pie' ? 12 : 24);
    const kindOf = (k: string) => data.columns.find((c) => c.key === k)?.kind ?? 'int';
    const value = (k: string, v: Cell) => (v == null ? null : kindOf(k) === 'fen' ? Number(v) / 100 : kindOf(k) === 'pct' ? Math.round(Number(v) * 1000) / 10 : Number(v));
    const seriesName = (s: { key: string; zh?: string; en?: string }) => (s.zh ? name({ zh: s.zh, en: s.en ?? s.zh }) : name(data.columns.find((c) => c.key === s.key) ?? { zh: s.key, en: s.key }));
    const labels = rows.map((r) => String((en ? r[`${data.chart!.x}En`] : undefined) ?? r[data.chart!.x] ?? ''));
    if (data.chart.type === 'pie') {
      const s = data.chart.series[0];
      return { tooltip: { trigger: 'item' }, legend: { bottom: 0, type: 'scroll' }, series: [{ type: 'pie', radius: ['35%', '65%'], data: rows.map((r, i) => ({ name: labels[i], value: value(s.key, r[s.key]) })) }] };
    }
    const twoAxes = data.chart.series.some((s) => s.axis === 1 || kindOf(s.key) === 'pct' || kindOf(s.key) === 'days');
    return {
      tooltip: { trigger: 'axis' }, legend: { top: 0, type: 'scroll' },
      // on a phone the category labels stand upright: slanted, ECharts hid all but the first for overlap
      grid: narrow ? { left: 8, right: 8, top: 36, bottom: 8, containLabel: true } : { left: 64, right: twoAxes ? 56 : 20, top: 36, bottom: 60 },
      xAxis: { type: 'category', data: labels, axisLabel: narrow
        ? { rotate: labels.length > 4 ? 90 : 0, interval: 0, width: labels.length > 4 ? 84 : 60, overflow: 'truncate', fontSize: 10 }
        : { rotate: labels.length > 8 ? 30 : 0, interval: labels.length <= 20 ? 0 : 'auto', width: 90, overflow: 'truncate' } },
      yAxis: twoAxes ? [{ type: 'value' }, { type: 'value', splitLine: { show: false } }] : [{ type: 'value' }],
      series: data.chart.series.map((s) => ({
        name: seriesName(s), type: data.chart!.type === 'line' ? 'line' : s.type ?? 'bar', smooth: true, ...(s.stack ? { stack: s.stack } : {}),
        yAxisIndex: twoAxes && (s.axis === 1 || kindOf(s.key) === 'pct' || kindOf(s.key) === 'days') ? 1 : 0, data: rows.map((r) => value(s.key, r[s.key])),
      })),
    };
  }, [data, en, narrow]);
  const exportHref = `/api/reports/analytics/${report}/xlsx?${new URLSearchParams(query).toString()}`;
  const narrowing = NARROW.filter((k) => query[k] !== undefined);
  return (
    <div data-testid={`report-${report}`}>
      <Space wrap style={{ marginBottom: 12 }}>
        {ctl.range && (
          <DatePicker.RangePicker allowClear={false} value={[dayjs(data?.from ?? query.from), dayjs(data?.to ?? query.to)]}
            onChange={(v) => v?.[0] && v[1] && set({ from: v[0].format('YYYY-MM-DD'), to: v[1].format('YYYY-MM-DD') })} data-testid="report-range" />
        )}
        {ctl.asOf && <DatePicker allowClear={false} value={dayjs(data?.to ?? query.to)} onChange={(v) => v && set({ to: v.format('YYYY-MM-DD') })} />}
        {ctl.dim && (
          <Select style={{ width: 130 }} value={query.dim ?? 'none'} onChange={(v) => set({ dim: v === 'none' ? undefined : v })} data-testid="report-dim"
            options={['none', 'customer', 'tier', 'region', 'rep', 'category', 'brand', 'sku'].map((d) => ({ value: d, label: t(`reports.dim.${d}`) }))} />
        )}
        {ctl.period && (!ctl.dim || !query.dim || query.dim === 'none') && (
          <Select style={{ width: 100 }} value={query.period ?? 'month'} onChange={(v) => set({ period: v })} data-testid="report-period"
            options={['day', 'week', 'month', 'quarter', 'year'].map((p) => ({ value: p, label: t(`reports.period.${p}`) }))} />
        )}
        {ctl.compare && (
          <Select style={{ width: 120 }} value={query.compare ?? 'yoy'} onChange={(v) => set({ compare: v })} data-testid="report-compare"
            options={['yoy', 'pop', 'none'].map((c) => ({ value: c, label: t(`reports.compare.${c}`) }))} />
        )}
        {ctl.days && <InputNumber min={1} max={730} value={Number(query.days ?? 90)} onChange={(v) => v && set({ days: String(v) })} addonAfter={t('reports.days')} style={{ width: 140 }} />}
        {ctl.groupBy && (
          <Select style={{ width: 120 }} value={query.groupBy ?? ctl.groupBy[0]} onChange={(v) => set({ groupBy: v })}
            options={ctl.groupBy.map((g) => ({ value: g, label: t(`reports.group.${g}`) }))} />
        )}
        {narrowing.map((k) => (
          <Tag key={k} closable color="blue" onClose={() => set({ [k]: undefined })}>{t(`reports.filter.${k}`)}: {query[k] || '—'}</Tag>
        ))}
        {report === 'rfm' && query.groupBy && <Tag closable color="blue" onClose={() => set({ groupBy: undefined })}>{query.groupBy}</Tag>}
        <Button icon={<DownloadOutlined />} href={exportHref} data-testid="report-export">{t('common.export')}</Button>
        <SavedViews report={report} query={query} />
      </Space>
      {error && <Typography.Text type="danger">{(error as Error).message}</Typography.Text>}
      {data && (
        <>
          <Typography.Title level={5} style={{ marginTop: 0 }} data-testid="report-title">{name(data)} <Typography.Text type="secondary" style={{ fontSize: 13 }}>{data.from} ~ {data.to}</Typography.Text></Typography.Title>
          {data.figures && data.figures.length > 0 && (
            <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
              {data.figures.map((f) => (
                <Col xs={12} md={6} key={f.key}><Card size="small"><Statistic title={name(f)} value={cellText(f.kind, f.value, i18n.language)} data-testid={`figure-${f.key}`} /></Card></Col>
              ))}
            </Row>
          )}
          {chartOption && (data.chartRows ?? data.rows).length > 0 && <Card size="small" style={{ marginBottom: 12 }}><Chart option={chartOption} height={300} /></Card>}
          {extra?.(data, () => void refetch())}
          {data.note && <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>{name(data.note)}</Typography.Paragraph>}
        </>
      )}
      <Table<DocRow> size="small" rowKey={(r) => String(r.key ?? r.label)} loading={isLoading} columns={columns} dataSource={data?.rows ?? []} scroll={{ x: true }}
        pagination={paging
          ? { current: Math.floor(paging.offset / paging.limit) + 1, pageSize: paging.limit, total: paging.total, showSizeChanger: false, showTotal: (n) => t('reports.rowsTotal', { n }) }
          : { pageSize: 50, showSizeChanger: false }}
        onChange={paging ? (p, _f, sorter) => {
          const s = Array.isArray(sorter) ? sorter[0] : sorter;
          const sort = s?.order ? String(s.columnKey) : undefined;
          const changed = sort !== paging.sort || (s?.order === 'ascend' ? 'asc' : 'desc') !== paging.order;
          set({ offset: changed ? undefined : String(((p.current ?? 1) - 1) * paging.limit), sort, order: sort ? (s.order === 'ascend' ? 'asc' : 'desc') : undefined });
        } : undefined}
        locale={{ emptyText: <Empty description={t('reports.noData')} /> }} data-testid="report-table"
        summary={() => data?.totals ? (
          <Table.Summary.Row>
            {data.columns.map((c, i) => <Table.Summary.Cell key={c.key} index={i} align={c.kind === 'text' || c.kind === 'date' ? 'left' : 'right'}><b>{i === 0 ? t('reports.total') : cellText(c.kind, data.totals![c.key], i18n.language)}</b></Table.Summary.Cell>)}
          </Table.Summary.Row>
        ) : null} />
    </div>
  );
}

/** The user's saved views of this report: pick one to load its filters, or save the current ones. */
function SavedViews({ report, query }: { report: ReportName; query: Record<string, string> }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [, setParams] = useSearchParams();
  const [name, setName] = useState('');
  const [saving, setSaving] = useState(false);
  const views = useQuery({ queryKey: ['report-views'], queryFn: () => client.get('/api/reports/views') });
  const save = useMutation({
    mutationFn: () => client.post('/api/reports/views', { body: { report, name, params: query } }),
    onSuccess: () => { setSaving(false); setName(''); void qc.invalidateQueries({ queryKey: ['report-views'] }); void message.success(t('reports.viewSaved')); },
    onError: (e) => void message.error((e as Error).message),
  });
  const mine = (views.data?.items ?? []).filter((v) => v.report === report);
  return (
    <Space.Compact>
      {mine.length > 0 && (
        <Select style={{ width: 150 }} placeholder={t('reports.views')} onChange={(id) => {
          const v = mine.find((x) => x.id === id);
          if (v) setParams(new URLSearchParams({ ...(PAGE_OF[report] !== report && ['customers', 'stock', 'money'].includes(PAGE_OF[report]) ? { r: report } : {}), ...v.params }));
        }} options={mine.map((v) => ({ value: v.id, label: v.name }))} />
      )}
      {saving ? (
        <>
          <Input style={{ width: 140 }} maxLength={40} value={name} onChange={(e) => setName(e.target.value)} placeholder={t('reports.viewName')} onPressEnter={() => name.trim() && save.mutate()} />
          <Button type="primary" disabled={!name.trim()} loading={save.isPending} onClick={() => save.mutate()}>{t('common.save')}</Button>
        </>
      ) : (
        <Tooltip title={t('reports.saveView')}><Button icon={<SaveOutlined />} onClick={() => setSaving(true)}>{t('reports.saveView')}</Button></Tooltip>
      )}
    </Space.Compact>
  );
}
