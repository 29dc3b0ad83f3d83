import { App, Button, Collapse, Form, Input, Modal, Popconfirm, Select, Space, Table, Tabs, Tag, Typography, Upload } from 'antd';
import { DownloadOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../lib/api';
import { errorText } from './util';
import { client, type Response } from '../../lib/client';

type SynonymList = Response<'/api/search/synonyms'>;
type SynonymGroup = SynonymList['own'][number];
type BuiltInGroup = SynonymList['builtIn'][number]['groups'][number];
type Miss = Response<'/api/search/misses'>[number];

/**
 * Search tuning for the supplier: the synonym dictionary (own groups editable, the built-in
 * starting set switchable group by group; import/export as a spreadsheet) and the report of what buyers
 * searched and did not find, each with one click to add it as a synonym. Changes apply to the
 * next search (no reindex).
 */
export function SearchTuningPage() {
  const { t } = useTranslation();
  const [tab, setTab] = useState('misses');
  const [editing, setEditing] = useState<Partial<SynonymGroup> | null>(null);
  return (
    <div data-testid="search-tuning">
      <Typography.Paragraph type="secondary">{t('catalog.search.intro')}</Typography.Paragraph>
      <Tabs activeKey={tab} onChange={setTab} items={[
        { key: 'misses', label: t('catalog.search.missesTab'), children: <Misses onAdd={(query) => setEditing({ words: [query] })} /> },
        { key: 'synonyms', label: t('catalog.search.synonymsTab'), children: <Synonyms onEdit={setEditing} /> },
      ]} />
      <SynonymDialog editing={editing} onClose={() => setEditing(null)} onSaved={() => { setEditing(null); setTab('synonyms'); }} />
    </div>
  );
}

function Misses({ onAdd }: { onAdd: (query: string) => void }) {
  const { t } = useTranslation();
  const [days, setDays] = useState(30);
  const { data = [], isLoading } = useQuery({ queryKey: ['search', 'misses', days], queryFn: () => client.get('/api/search/misses', { query: { days } }) });
  return (
    <div>
      <Space style={{ marginBottom: 12 }}>
        <span>{t('catalog.search.period')}</span>
        <Select value={days} onChange={setDays} style={{ width: 120 }} options={[7, 30, 90, 365].map((d) => ({ value: d, label: t('catalog.search.days', { n: d }) }))} />
      </Space>
      <Table<Miss> rowKey="query" size="small" loading={isLoading} dataSource={data} data-testid="search-misses" pagination={{ pageSize: 50 }}
        locale={{ emptyText: t('catalog.search.noMisses') }} columns={[
          { title: t('catalog.search.query'), dataIndex: 'query', render: (q: string) => <Typography.Text strong>{q}</Typography.Text> },
          { title: t('catalog.search.times'), dataIndex: 'times', width: 100 },
          { title: t('catalog.search.customers'), dataIndex: 'companies', width: 100 },
          { title: t('catalog.search.lastAt'), dataIndex: 'lastAt', width: 170, render: (v: string) => new Date(v).toLocaleString() },
          { title: '', width: 140, render: (_, m) => <Button size="small" type="primary" ghost icon={<PlusOutlined />} data-testid="miss-add-synonym" onClick={() => onAdd(m.query)}>{t('catalog.search.addSynonym')}</Button> },
        ]} />
    </div>
  );
}

function Synonyms({ onEdit }: { onEdit: (g: Partial<SynonymGroup>) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const { data, isLoading } = useQuery({ queryKey: ['search', 'synonyms'], queryFn: () => client.get('/api/search/synonyms') });
  const remove = useMutation({
    mutationFn: (id: number) => client.del('/api/search/synonyms/{id}', { path: { id } }),
    onSuccess: () => { void qc.invalidateQueries({ queryKey: ['search'] }); message.success(t('catalog.admin.deleted')); },
    onError: (e) => message.error(errorText(e)),
  });
  const toggle = useMutation({
    mutationFn: (g: BuiltInGroup) => client.put('/api/search/synonyms/built-in/{key}', { path: { key: g.key }, body: { enabled: !g.enabled } }),
    onSuccess: (g) => { void qc.invalidateQueries({ queryKey: ['search'] }); message.success(t(g.enabled ? 'catalog.search.builtInOn' : 'catalog.search.builtInOff', { words: g.words.join(' = ') })); },
    onError: (e) => message.error(errorText(e)),
  });
  const upload = async (file: File) => {
    const form = new FormData();
    form.append('file', file);
    try {
      const r = await client.upload('/api/search/synonyms/import', form);
      message.success(t('catalog.search.imported', { ...r }));
      void qc.invalidateQueries({ queryKey: ['search'] });
    } catch (e) {
      const rows = e instanceof ApiError && Array.isArray(e.details) ? (e.details as { row: number; reason: string }[]).map((d) => `${t('catalog.admin.row')} ${d.row}：${d.reason}`).join('；') : '';
      message.error(rows ? `${errorText(e)}（${rows}）` : errorText(e));
    }
    return false;
  };
  return (
    <div>
      <Space style={{ marginBottom: 12 }} wrap>
        <Button type="primary" icon={<PlusOutlined />} data-testid="synonym-add" onClick={() => onEdit({ words: [] })}>{t('catalog.search.newGroup')}</Button>
        <Upload accept=".xlsx,.xls,.csv" showUploadList={false} beforeUpload={(f) => upload(f)}><Button icon={<UploadOutlined />}>{t('catalog.admin.import')}</Button></Upload>
        <Button icon={<DownloadOutlined />} href="/api/search/synonyms/export?format=csv">{t('catalog.admin.exportCsv')}</Button>
        <Button icon={<DownloadOutlined />} href="/api/search/synonyms/export?format=xlsx">{t('catalog.admin.exportXlsx')}</Button>
      </Space>
      <Typography.Paragraph type="secondary">{t('catalog.search.importHelp')}</Typography.Paragraph>
      <Table<SynonymGroup> rowKey="id" size="small" loading={isLoading} dataSource={data?.own ?? []} data-testid="synonym-table" pagination={{ pageSize: 50 }}
        locale={{ emptyText: t('catalog.search.noGroups') }} columns={[
          { title: t('catalog.search.words'), dataIndex: 'words', render: (w: string[]) => <Space size={4} wrap>{w.map((x) => <Tag key={x}>{x}</Tag>)}</Space> },
          { title: t('catalog.search.note'), dataIndex: 'note', width: 200 },
          { title: '', width: 160, render: (_, g) => (
            <Space>
              <Button size="small" onClick={() => onEdit(g)}>{t('catalog.admin.edit')}</Button>
              <Popconfirm title={t('catalog.admin.confirmDelete')} onConfirm={() => remove.mutate(g.id)}><Button size="small" danger>{t('catalog.admin.remove')}</Button></Popconfirm>
            </Space>
          ) },
        ]} />
      <Collapse style={{ marginTop: 16 }} items={[{
        key: 'builtin', label: t('catalog.search.builtIn'),
        children: <BuiltInSet trades={data?.builtIn ?? []} onToggle={(g) => { if (!toggle.isPending) toggle.mutate(g); }} />,
      }]} />
    </div>
  );
}

/**
 * The built-in set, one folded panel per trade (hundreds of groups: a panel's tags are drawn
 * only once it is opened) and a box that finds the groups holding a word across trades.
 */
function BuiltInSet({ trades, onToggle }: { trades: SynonymList['builtIn']; onToggle: (g: BuiltInGroup) => void }) {
  const { t, i18n } = useTranslation();
  const [find, setFind] = useState('');
  const [open, setOpen] = useState<string[]>([]);
  const needle = find.trim().toLowerCase();
  const shown = trades.map((trade) => ({ ...trade, shown: needle ? trade.groups.filter((g) => g.words.some((w) => w.includes(needle))) : trade.groups }))
    .filter((trade) => !needle || trade.shown.length);
  return (
    <div data-testid="synonym-built-in">
      <Typography.Paragraph type="secondary">{t('catalog.search.builtInHelp')}</Typography.Paragraph>
      <Input.Search allowClear placeholder={t('catalog.search.findWord')} style={{ maxWidth: 320, marginBottom: 8 }} data-testid="built-in-find"
        onChange={(e) => setFind(e.target.value)} onSearch={setFind} />
      {needle && !shown.length && <Typography.Paragraph type="secondary">{t('catalog.search.noneFound')}</Typography.Paragraph>}
      <Collapse size="small" activeKey={needle ? shown.map((x) => x.trade) : open} onChange={(k) => { if (!needle) setOpen(k); }}
        items={shown.map((trade) => {
          const off = trade.groups.filter((g) => !g.enabled).length;
          return {
            key: trade.trade,
            label: (
              <Space size={8} wrap data-testid="built-in-trade">
                <Typography.Text strong>{i18n.language === 'en' ? trade.tradeNameEn : trade.tradeName}</Typography.Text>
                <Typography.Text type="secondary">{t('catalog.search.groupCount', { n: trade.groups.length })}{off ? t('catalog.search.groupsOff', { n: off }) : ''}</Typography.Text>
              </Space>
            ),
            children: (
              <div>{trade.shown.map((g) => (
                <Tag.CheckableTag key={g.key} checked={g.enabled} data-testid="built-in-group" data-key={g.key} data-enabled={g.enabled}
                  style={{ marginTop: 4, border: '1px solid #d9d9d9', textDecoration: g.enabled ? undefined : 'line-through' }}
                  onChange={() => onToggle(g)}>
                  {g.words.join(' = ')}
                </Tag.CheckableTag>
              ))}</div>
            ),
          };
        })} />
    </div>
  );
}

function SynonymDialog({ editing, onClose, onSaved }: { editing: Partial<SynonymGroup> | null; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ words: string[]; note?: string }>();
  const save = useMutation({
    mutationFn: (v: { words: string[]; note?: string }) => (editing?.id ? client.patch('/api/search/synonyms/{id}', { path: { id: editing.id }, body: v }) : client.post('/api/search/synonyms', { body: v })),
    onSuccess: () => { void qc.invalidateQueries({ queryKey: ['search'] }); message.success(t('catalog.admin.saved')); onSaved(); },
    onError: (e) => message.error(errorText(e)),
  });
  return (
    <Modal open={!!editing} title={editing?.id ? t('catalog.search.editGroup') : t('catalog.search.newGroup')} onCancel={onClose} onOk={() => form.submit()}
      confirmLoading={save.isPending} destroyOnHidden afterOpenChange={(o) => o && form.setFieldsValue({ words: editing?.words ?? [], note: editing?.note ?? '' })}>
      <Form form={form} layout="vertical" onFinish={(v) => save.mutate({ words: v.words, note: v.note || undefined })}>
        <Form.Item name="words" label={t('catalog.search.words')} extra={t('catalog.search.wordsHelp')}
          rules={[{ required: true, type: 'array', min: 2, message: t('catalog.search.twoWords') }]}>
          <Select mode="tags" open={false} tokenSeparators={[',', '，', '|', '、', ' ']} data-testid="synonym-words" />
        </Form.Item>
        <Form.Item name="note" label={t('catalog.search.note')} rules={[{ max: 100 }]}><Input /></Form.Item>
      </Form>
    </Modal>
  );
}
