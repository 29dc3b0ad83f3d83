import { App, Button, Card, Descriptions, Input, InputNumber, Popconfirm, Space, Switch, Table, Tag, Typography, Upload } from 'antd';
import { DownloadOutlined, LeftOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { client } from '../lib/client';
import { dateTime } from '../lib/format';
import { useFail } from '../payments/common';
import type { Stocktake } from './api';
import { signed, useCanWrite } from './parts';
import { ST_COLOR } from './StocktakesPage';

type Line = Stocktake['lines'][number];

/** A count sheet: enter or import counted quantities, read the difference report, post or cancel. */
export function StocktakePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const id = Number(useParams().id);
  const qc = useQueryClient();
  const { message } = App.useApp();
  const fail = useFail();
  const canWrite = useCanWrite();
  const [onlyDiff, setOnlyDiff] = useState(false);
  const [q, setQ] = useState('');
  const [edits, setEdits] = useState<Record<number, number | null>>({});
  const st = useQuery({ queryKey: ['inv-stocktake', id, onlyDiff], queryFn: () => client.get('/api/inventory/stocktakes/{id}', { path: { id: id! }, query: { differences: `${onlyDiff}` } }) });
  const done = (s: Stocktake) => { qc.setQueryData(['inv-stocktake', id, onlyDiff], s); void qc.invalidateQueries({ queryKey: ['inv-stocktake', id] }); setEdits(() => ({})); };
  const saveCounts = useMutation({
    mutationFn: () => client.put('/api/inventory/stocktakes/{id}/counts', { path: { id }, body: { lines: Object.entries(edits).map(([skuId, countedQty]) => ({ skuId: Number(skuId), countedQty })) } }),
    onSuccess: (s) => { message.success(t('inv.countsSaved')); done(s); },
    onError: fail,
  });
  const importFile = useMutation({
    mutationFn: (f: File) => { const fd = new FormData(); fd.set('file', f); return client.upload('/api/inventory/stocktakes/{id}/import', fd, { path: { id } }); },
    onSuccess: (r) => { message.success(t('inv.imported', { updated: r.updated })); void qc.invalidateQueries({ queryKey: ['inv-stocktake', id] }); },
    onError: fail,
  });
  const act = useMutation({
    mutationFn: (what: 'post' | 'cancel') => (what === 'post' ? client.post('/api/inventory/stocktakes/{id}/post', { path: { id: id! } }) : client.post('/api/inventory/stocktakes/{id}/cancel', { path: { id: id! } })),
    onSuccess: (s) => { done(s); void qc.invalidateQueries({ queryKey: ['inv-stocktakes'] }); ['inv-stock', 'inv-card', 'inv-ledger'].forEach((k) => void qc.invalidateQueries({ queryKey: [k] })); },
    onError: fail,
  });
  const s = st.data;
  const open = s?.status === 'counting' && canWrite;
  const dirty = Object.keys(edits).length > 0;
  const needle = q.trim().toLowerCase();
  const rows = (s?.lines ?? []).filter((l) => !needle || l.skuCode.toLowerCase().includes(needle) || l.productName.toLowerCase().includes(needle));
  return (
    <div data-testid="stocktake-page">
      <Button type="text" icon={<LeftOutlined />} onClick={() => navigate('/admin/inventory/stocktakes')} style={{ paddingLeft: 0 }}>{t('inv.stocktakes')}</Button>
      <Card size="small" loading={st.isLoading} title={s && <Space>{s.number}<Tag color={ST_COLOR[s.status]} data-testid="st-status">{t(`inv.stStatus.${s.status}`)}</Tag></Space>}
        extra={s && <Space wrap>
          <Button icon={<DownloadOutlined />} href={`/api/inventory/stocktakes/${id}/sheet.xlsx`}>{t('inv.exportSheet')}</Button>
          {open && <Upload accept=".xlsx,.xls,.csv" showUploadList={false} beforeUpload={(f) => { importFile.mutate(f); return false; }}><Button icon={<UploadOutlined />} loading={importFile.isPending}>{t('inv.importSheet')}</Button></Upload>}
          {open && <Popconfirm title={t('inv.cancelConfirm')} onConfirm={() => act.mutate('cancel')}><Button danger>{t('inv.cancelSt')}</Button></Popconfirm>}
          {open && <Popconfirm title={t('inv.postConfirm')} onConfirm={() => act.mutate('post')}><Button type="primary" disabled={dirty} loading={act.isPending} data-testid="st-post">{t('inv.post')}</Button></Popconfirm>}
        </Space>}>
        {s && (
          <Descriptions size="small" column={{ xs: 1, md: 4 }} data-testid="st-summary" items={[
            { key: 'w', label: t('inv.warehouse'), children: s.warehouseName },
            { key: 'c', label: t('inv.counted'), children: t('inv.countedOf', { counted: s.summary.counted, lines: s.summary.lines }) },
            { key: 'd', label: t('inv.withDiff'), children: s.summary.withDifference },
            { key: 'g', label: `${t('inv.gain')} / ${t('inv.loss')}`, children: <><Typography.Text type="success">+{s.summary.gain}</Typography.Text> / <Typography.Text type="danger">{-Math.abs(s.summary.loss)}</Typography.Text></> },
            { key: 'n', label: t('inv.stNote'), children: s.note ?? '—' },
            { key: 'by', label: t('inv.createdBy'), children: `${s.createdBy ?? '—'} · ${dateTime(s.createdAt)}` },
            ...(s.postedAt ? [{ key: 'p', label: t('inv.postedBy'), children: `${s.postedBy ?? '—'} · ${dateTime(s.postedAt)}` }] : []),
          ]} />
        )}
      </Card>
      <Card size="small" style={{ marginTop: 12 }} title={<Space wrap>
        <Input.Search allowClear placeholder={t('inv.keyword')} onChange={(e) => setQ(e.target.value)} style={{ width: 220 }} data-testid="st-search" />
        <Switch checked={onlyDiff} onChange={setOnlyDiff} data-testid="st-only-diff" /> {t('inv.onlyDiff')}
      </Space>} extra={open && <Button type="primary" disabled={!dirty} loading={saveCounts.isPending} onClick={() => saveCounts.mutate()} data-testid="st-save">{t('inv.saveCounts')}</Button>}>
        <Table<Line> rowKey="skuId" size="small" dataSource={rows} loading={st.isFetching} scroll={{ x: 800 }} pagination={{ pageSize: 50, showSizeChanger: false }} data-testid="st-lines"
          columns={[
            { title: t('inv.sku'), dataIndex: 'skuCode' },
            { title: t('inv.product'), render: (_, l) => <>{l.productName} <Typography.Text type="secondary">{l.specText}</Typography.Text></> },
            { title: t('inv.snapshot'), dataIndex: 'snapshotQty', align: 'right' },
            { title: t('inv.onHand'), dataIndex: 'onHand', align: 'right' },
            {
              title: t('inv.counting'), align: 'right', width: 130,
              render: (_, l) => (open ? (
                <InputNumber size="small" min={0} max={10_000_000} precision={0} style={{ width: 110 }} placeholder={t('inv.uncounted')}
                  value={l.skuId in edits ? edits[l.skuId] : l.countedQty} onChange={(v) => setEdits((e) => ({ ...e, [l.skuId]: v }))} />
              ) : l.countedQty ?? '—'),
            },
            {
              title: t('inv.difference'), align: 'right',
              render: (_, l) => { const d = l.postedDiff ?? l.difference; return d == null ? '—' : <Typography.Text type={d < 0 ? 'danger' : d > 0 ? 'success' : undefined}>{signed(d)}</Typography.Text>; },
            },
          ]} />
      </Card>
    </div>
  );
}
