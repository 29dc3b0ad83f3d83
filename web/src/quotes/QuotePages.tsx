import { App, Button, Card, DatePicker, Descriptions, Empty, Form, Input, InputNumber, List, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import dayjs from 'dayjs';
import { client, type Body, type Response } from '../lib/client';
import { date, dateTime, fen, yuanToFen } from '../lib/format';
import { useFail } from '../orders/api';

// the shapes the quote routes answer with (server/modules/quotes/schemas.ts, through the generated client)
export type Listed = Response<'/api/quotes'>['items'][number];
type Detail = Response<'/api/quotes/{id}'>;
type Line = Detail['lines'][number];
type Status = Listed['status'];
type PaymentMethod = NonNullable<Body<'/api/my/quotes/{id}/accept', 'post'>['paymentMethod']>;
const COLOR: Record<Status | 'expired', string> = { requested: 'orange', offered: 'blue', countered: 'purple', ordered: 'green', declined: 'red', withdrawn: 'default', expired: 'default' };
function StatusTag({ q }: { q: Pick<Listed, 'status' | 'expired'> }) {
  const { t } = useTranslation();
  const s = q.expired ? 'expired' : q.status;
  return <Tag color={COLOR[s]} data-testid="quote-status">{t(`quotes.status.${s}`)}</Tag>;
}

/** An offer is valid to the end of a day (stored as the next day's midnight): that day. */
const untilDay = (v: string) => date(new Date(new Date(v).getTime() - 1000));

/** "2 箱（48 瓶）": a quantity as ordered. */
const asOrdered = (l: Line) => (l.unitFactor > 1 ? `${l.qty / l.unitFactor} ${l.unit}（${l.qty} ${l.baseUnit}）` : `${l.qty} ${l.baseUnit}`);

/** Lines with the list price, the buyer's wish and the offer; phone: cards, desk: a table. */
function Lines({ q, staff }: { q: Detail; staff: boolean }) {
  const { t } = useTranslation();
  if (!staff) {
    return (
      <Card size="small" title={t('quotes.lines')}>
        <List dataSource={q.lines} renderItem={(l) => (
          <List.Item data-testid="quote-line">
            <div style={{ width: '100%' }}>
              <div>{l.name} <Typography.Text type="secondary">{l.specText}</Typography.Text></div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>{l.code} · {asOrdered(l)}</Typography.Text>
              <div style={{ display: 'flex', justifyContent: 'space-between', flexWrap: 'wrap', gap: 4 }}>
                <span>{t('quotes.listPrice')} {fen(l.listPrice)}/{l.baseUnit}{l.targetPrice != null ? ` · ${t('quotes.target')} ${fen(l.targetPrice)}` : ''}</span>
                <Typography.Text strong data-testid="quote-offer">{l.offerPrice != null ? `${t('quotes.offer')} ${fen(l.offerPrice)}/${l.baseUnit}` : t('quotes.noOffer')}</Typography.Text>
              </div>
            </div>
          </List.Item>
        )} />
        {q.offerTotal != null && <Typography.Title level={5} style={{ textAlign: 'right', margin: 0 }} data-testid="quote-total">{t('quotes.total')} {fen(q.offerTotal)} <Typography.Text type="secondary" delete style={{ fontSize: 12 }}>{fen(q.listTotal)}</Typography.Text></Typography.Title>}
      </Card>
    );
  }
  return (
    <Card size="small" title={t('quotes.lines')}>
      <Table<Line> rowKey="id" size="small" pagination={false} dataSource={q.lines} scroll={{ x: true }} columns={[
        { title: t('quotes.sku'), render: (_, l) => <span>{l.name} {l.specText}<br /><small>{l.code}</small></span> },
        { title: t('quotes.qty'), render: (_, l) => asOrdered(l) },
        { title: t('quotes.listPrice'), align: 'right', render: (_, l) => fen(l.listPrice) },
        { title: t('quotes.target'), align: 'right', render: (_, l) => fen(l.targetPrice) },
        { title: t('quotes.offer'), align: 'right', render: (_, l) => fen(l.offerPrice) },
        { title: t('quotes.lineTotal'), align: 'right', render: (_, l) => fen(l.lineTotal) },
      ]} />
    </Card>
  );
}

/** The negotiation thread: the customer's steps on the left, the supplier's on the right. */
function Thread({ q }: { q: Detail }) {
  const { t } = useTranslation();
  const code = (id: number) => q.lines.find((l) => l.id === id)?.code ?? id;
  return (
    <Card size="small" title={t('quotes.thread')}>
      <List dataSource={q.messages} renderItem={(m) => (
        <List.Item style={{ justifyContent: m.side === 'supplier' ? 'flex-end' : 'flex-start', border: 'none' }} data-testid="quote-message">
          <div style={{ maxWidth: '88%', background: m.side === 'supplier' ? '#e6f4ff' : '#f5f5f5', borderRadius: 8, padding: '6px 10px' }}>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t(`quotes.kind.${m.kind}`)} · {m.authorName ?? ''} · {dateTime(m.createdAt)}</Typography.Text>
            {m.prices && <div style={{ fontSize: 13 }}>{m.prices.map((p) => `${code(p.lineId)} ${fen(p.unitPrice)}`).join('，')}</div>}
            {m.validUntil && <div style={{ fontSize: 12 }}>{t('quotes.validUntil')} {untilDay(m.validUntil)}</div>}
            {m.body && <div style={{ whiteSpace: 'pre-wrap' }}>{m.body}</div>}
          </div>
        </List.Item>
      )} />
    </Card>
  );
}

/** A message in the thread, from the supplier's console or the customer's portal. */
function MessageBox({ q, side, onDone }: { q: Detail; side: 'staff' | 'customer'; onDone: () => void }) {
  const { t } = useTranslation();
  const fail = useFail();
  const [body, setBody] = useState('');
  const send = useMutation({
    mutationFn: () => (side === 'staff'
      ? client.post('/api/quotes/{id}/messages', { path: { id: q.id }, body: { body } })
      : client.post('/api/my/quotes/{id}/messages', { path: { id: q.id }, body: { body } })),
    onSuccess: () => { setBody(''); onDone(); }, onError: fail });
  if (!q.actions.includes('message')) return null;
  return (
    <Card size="small">
      <Input.TextArea rows={2} maxLength={2000} value={body} onChange={(e) => setBody(e.target.value)} placeholder={t('quotes.messageHint')} aria-label={t('quotes.message')} />
      <Button style={{ marginTop: 8 }} disabled={!body.trim()} loading={send.isPending} onClick={() => send.mutate()} data-testid="quote-send">{t('quotes.send')}</Button>
    </Card>
  );
}

/** Prices per line in yuan per base unit, for an offer or a counter-offer. */
function PriceForm({ q, pick, onSubmit, busy, offer }: { q: Detail; pick: (l: Line) => number | null; onSubmit: (v: { prices: Record<number, number>; validUntil?: string; terms?: string; message?: string }) => void; busy: boolean; offer: boolean }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  return (
    <Form form={form} layout="vertical" initialValues={{ ...Object.fromEntries(q.lines.map((l) => [`p${l.id}`, pick(l) != null ? pick(l)! / 100 : undefined])), validUntil: dayjs().add(7, 'day'), terms: q.terms ?? undefined }}
      onFinish={(v: Record<string, unknown>) => onSubmit({
        prices: Object.fromEntries(q.lines.filter((l) => v[`p${l.id}`] != null).map((l) => [l.id, yuanToFen(v[`p${l.id}`] as number)!])),
        validUntil: offer ? (v.validUntil as dayjs.Dayjs).format('YYYY-MM-DD') : undefined, terms: (v.terms as string) || undefined, message: (v.message as string) || undefined,
      })}>
      {q.lines.map((l) => (
        <Form.Item key={l.id} name={`p${l.id}`} label={`${l.code} ${l.name}（${t('quotes.perUnit', { unit: l.baseUnit })}）`} rules={offer ? [{ required: true, message: t('quotes.priceRequired') }] : []}>
          <InputNumber min={0} max={10_000_000} precision={2} prefix="¥" style={{ width: '100%' }} data-testid="price-input" />
        </Form.Item>
      ))}
      {offer && <Form.Item name="validUntil" label={t('quotes.validUntil')} rules={[{ required: true }]}><DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isBefore(dayjs(), 'day')} /></Form.Item>}
      {offer && <Form.Item name="terms" label={t('quotes.terms')}><Input.TextArea rows={2} maxLength={1000} /></Form.Item>}
      <Form.Item name="message" label={t('quotes.message')}><Input.TextArea rows={2} maxLength={2000} /></Form.Item>
      <Button type="primary" htmlType="submit" block loading={busy} data-testid={offer ? 'quote-offer-submit' : 'quote-counter-submit'}>{offer ? t('quotes.sendOffer') : t('quotes.sendCounter')}</Button>
    </Form>
  );
}

/** Portal: my company's quotes. */
export function MyQuotesPage() {
  const { t } = useTranslation();
  const list = useQuery({ queryKey: ['my-quotes'], queryFn: () => client.get('/api/my/quotes', { query: { pageSize: 50 } }) });
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Link to="/quotes/new"><Button type="primary" block data-testid="quote-new">{t('quotes.new')}</Button></Link>
      {!list.isLoading && !list.data?.items.length && <Empty description={t('quotes.none')} />}
      <List dataSource={list.data?.items ?? []} renderItem={(q) => (
        <Link to={`/quotes/${q.id}`} style={{ display: 'block', marginBottom: 10 }} data-testid="my-quote">
          <Card size="small" hoverable>
            <Space style={{ width: '100%', justifyContent: 'space-between' }}><Typography.Text strong>{q.title}</Typography.Text><StatusTag q={q} /></Space>
            <Typography.Text type="secondary">{q.number} · {t('quotes.lineCount', { n: q.lineCount })}{q.offerTotal != null ? ` · ${fen(q.offerTotal)}` : ''}{q.validUntil ? ` · ${t('quotes.validUntil')} ${untilDay(q.validUntil)}` : ''}</Typography.Text>
          </Card>
        </Link>
      )} />
    </Space>
  );
}

type LookupItem = Response<'/api/cart/skus'>[number];

/** Portal: ask for prices — products by code or name, quantity in any selling unit, a wished price. */
export function NewQuotePage() {
  const { t } = useTranslation();
  const nav = useNavigate();
  const fail = useFail();
  const [sp] = useSearchParams();
  const [search, setSearch] = useState(sp.get('code') ?? '');
  const [lines, setLines] = useState<{ item: LookupItem; unit: string; qty: number; target: number | null }[]>([]);
  const found = useQuery({ queryKey: ['quote-lookup', search], enabled: search.trim().length > 0, queryFn: () => client.get('/api/cart/skus', { query: { q: search.trim(), limit: 8 } }) });
  const [form] = Form.useForm();
  const save = useMutation({
    mutationFn: (v: { title: string; message?: string }) => client.post('/api/my/quotes', {
      body: { title: v.title, message: v.message || null, lines: lines.map((l) => ({ skuId: l.item.skuId, unit: l.unit, qty: l.qty, targetPrice: l.target == null ? null : yuanToFen(l.target) })) },
    }),
    onSuccess: (q) => nav(`/quotes/${q.id}`),
    onError: fail,
  });
  const add = (item: LookupItem) => {
    if (!lines.some((l) => l.item.skuId === item.skuId)) setLines([...lines, { item, unit: item.baseUnit, qty: 1, target: null }]);
    setSearch('');
  };
  const set = (i: number, patch: Partial<(typeof lines)[number]>) => setLines(lines.map((l, j) => (j === i ? { ...l, ...patch } : l)));
  return (
    <Card size="small" title={t('quotes.new')}>
      <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
        <Form.Item name="title" label={t('quotes.title')} rules={[{ required: true, whitespace: true, message: t('quotes.titleRequired') }]}><Input maxLength={100} data-testid="quote-title" /></Form.Item>
        <Form.Item label={t('quotes.addProduct')}>
          <Input.Search value={search} onChange={(e) => setSearch(e.target.value)} placeholder={t('quotes.searchHint')} data-testid="quote-search" allowClear />
          {(found.data ?? []).map((it) => (
            <Button key={it.skuId} type="link" block style={{ textAlign: 'left', height: 'auto', whiteSpace: 'normal' }} onClick={() => add(it)} data-testid="quote-pick">{it.code} {it.name} {it.specText}</Button>
          ))}
        </Form.Item>
        {lines.map((l, i) => (
          <Card key={l.item.skuId} size="small" style={{ marginBottom: 8 }} data-testid="quote-draft-line"
            title={<Typography.Text ellipsis>{l.item.code} {l.item.name}</Typography.Text>} extra={<Button size="small" type="text" onClick={() => setLines(lines.filter((_, j) => j !== i))}>{t('quotes.remove')}</Button>}>
            <Space wrap>
              <Space.Compact>
                <InputNumber aria-label={t('quotes.qty')} min={1} max={10_000_000} precision={0} value={l.qty} onChange={(v) => set(i, { qty: v ?? 1 })} style={{ width: 110 }} data-testid="quote-qty" />
                <Select aria-label={t('quotes.unit')} value={l.unit} style={{ width: 72 }} onChange={(unit) => set(i, { unit })}
                  options={[{ unit: l.item.baseUnit, factor: 1 }, ...l.item.units.filter((u) => u.unit !== l.item.baseUnit)].map((u) => ({ value: u.unit, label: u.unit }))} />
              </Space.Compact>
              <InputNumber aria-label={t('quotes.target')} min={0} precision={2} prefix="¥" placeholder={t('quotes.targetHint', { unit: l.item.baseUnit })} value={l.target} onChange={(v) => set(i, { target: v })} style={{ width: 170 }} />
            </Space>
            <div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('quotes.listPrice')} {fen(l.item.unitPrice)}/{l.item.baseUnit}</Typography.Text></div>
          </Card>
        ))}
        <Form.Item name="message" label={t('quotes.message')}><Input.TextArea rows={3} maxLength={2000} placeholder={t('quotes.askHint')} /></Form.Item>
        <Button type="primary" htmlType="submit" block disabled={!lines.length} loading={save.isPending} data-testid="quote-submit">{t('quotes.submit')}</Button>
      </Form>
    </Card>
  );
}


/** Portal: one quote — lines, thread, counter-offer, accept into an order. */
export function MyQuoteDetailPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const nav = useNavigate();
  const fail = useFail();
  const q = useQuery({ queryKey: ['my-quote', id], queryFn: () => client.get('/api/my/quotes/{id}', { path: { id: id! } }) });
  const [mode, setMode] = useState<'counter' | 'accept' | null>(null);
  const opts = useQuery({ queryKey: ['my-quote-accept', id], enabled: mode === 'accept', queryFn: () => client.get('/api/my/quotes/{id}/accept', { path: { id: id! } }) });
  const [form] = Form.useForm();
  const refresh = () => void q.refetch();
  const counter = useMutation({
    mutationFn: (v: { prices: Record<number, number>; message?: string }) => client.post('/api/my/quotes/{id}/counter', { path: { id: id! }, body: { version: q.data?.version, lines: Object.entries(v.prices).map(([lineId, unitPrice]) => ({ lineId: Number(lineId), unitPrice })), message: v.message ?? null } }),
    onSuccess: () => { setMode(null); refresh(); }, onError: fail,
  });
  const accept = useMutation({
    mutationFn: (v: { addressId: number; paymentMethod: PaymentMethod; note?: string }) => client.post('/api/my/quotes/{id}/accept', { path: { id: id! }, body: { ...v, expectedTotal: q.data?.offerTotal ?? null } }),
    onSuccess: (r) => { message.success(t('quotes.ordered', { number: r.order.number })); nav(`/orders/${r.order.id}`); }, onError: fail,
  });
  const withdraw = useMutation({ mutationFn: () => client.post('/api/my/quotes/{id}/withdraw', { path: { id: id! }, body: { version: q.data?.version } }), onSuccess: refresh, onError: fail });
  const d = q.data;
  if (!d) return null;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card size="small" title={<Space wrap><span data-testid="quote-number">{d.number}</span><StatusTag q={d} /></Space>}>
        <Typography.Text strong>{d.title}</Typography.Text>
        <Descriptions size="small" column={1} items={[
          ...(d.validUntil ? [{ key: 'v', label: t('quotes.validUntil'), children: untilDay(d.validUntil) }] : []),
          ...(d.terms ? [{ key: 't', label: t('quotes.terms'), children: d.terms }] : []),
          ...(d.orderId ? [{ key: 'o', label: t('quotes.order'), children: <Link to={`/orders/${d.orderId}`} data-testid="quote-order-link">{t('quotes.viewOrder')}</Link> }] : []),
        ]} />
        {d.expired && <Typography.Text type="warning">{t('quotes.expiredHint')}</Typography.Text>}
        <Space wrap style={{ marginTop: 8 }}>
          {d.actions.includes('accept') && <Button type="primary" onClick={() => setMode('accept')} data-testid="quote-accept">{t('quotes.accept')}</Button>}
          {d.actions.includes('counter') && <Button onClick={() => setMode('counter')} data-testid="quote-counter">{t('quotes.counter')}</Button>}
          {d.actions.includes('withdraw') && <Button danger onClick={() => withdraw.mutate()} loading={withdraw.isPending}>{t('quotes.withdraw')}</Button>}
        </Space>
      </Card>
      <Lines q={d} staff={false} />
      <Thread q={d} />
      <MessageBox q={d} side="customer" onDone={refresh} />
      <Modal open={mode === 'counter'} title={t('quotes.counter')} footer={null} onCancel={() => setMode(null)} destroyOnHidden>
        <PriceForm q={d} offer={false} busy={counter.isPending} pick={(l) => l.targetPrice ?? l.offerPrice} onSubmit={(v) => counter.mutate(v)} />
      </Modal>
      <Modal open={mode === 'accept'} title={t('quotes.acceptTitle', { total: fen(d.offerTotal) })} footer={null} onCancel={() => setMode(null)} destroyOnHidden>
        {opts.data && (
          <Form form={form} layout="vertical" initialValues={{ addressId: (opts.data.addresses.find((a) => a.isDefault) ?? opts.data.addresses[0])?.id, paymentMethod: opts.data.defaultPaymentMethod }} onFinish={(v) => accept.mutate(v)}>
            <Form.Item name="addressId" label={t('quotes.address')} rules={[{ required: true }]}>
              <Select options={opts.data.addresses.map((a) => ({ value: a.id, label: `${a.recipient ?? ''} ${a.province ?? ''}${a.city ?? ''}${a.district ?? ''}${a.address ?? ''}` }))} />
            </Form.Item>
            <Form.Item name="paymentMethod" label={t('quotes.payment')} rules={[{ required: true }]}>
              <Select options={opts.data.paymentMethods.map((m) => ({ value: m, label: t(`quotes.method.${m}`) }))} />
            </Form.Item>
            <Form.Item name="note" label={t('quotes.note')}><Input maxLength={500} /></Form.Item>
            <Typography.Paragraph type="secondary">{t('quotes.acceptHint')}</Typography.Paragraph>
            <Button type="primary" htmlType="submit" block loading={accept.isPending} data-testid="quote-accept-submit">{t('quotes.placeOrder')}</Button>
          </Form>
        )}
      </Modal>
    </Space>
  );
}

/** Staff: quotes of the customers the user may see, filtered by status. */
export function QuoteListPage() {
  const { t } = useTranslation();
  const [status, setStatus] = useState<Status | 'expired'>();
  const [page, setPage] = useState(1);
  const list = useQuery({ queryKey: ['quotes', status, page], queryFn: () => client.get('/api/quotes', { query: { status, page, pageSize: 20 } }) });
  return (
    <Card title={t('quotes.menu')}>
      <Select allowClear placeholder={t('quotes.statusLabel')} style={{ width: 160, marginBottom: 12 }} value={status} onChange={(v) => { setStatus(v); setPage(1); }} aria-label="status"
        options={['requested', 'countered', 'offered', 'expired', 'ordered', 'declined', 'withdrawn'].map((s) => ({ value: s, label: t(`quotes.status.${s}`) }))} />
      <Table<Listed> rowKey="id" size="small" loading={list.isLoading} dataSource={list.data?.items ?? []} pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage }} scroll={{ x: true }}
        columns={[
          { title: t('quotes.number'), dataIndex: 'number', render: (v, r) => <Link to={`/admin/quotes/${r.id}`}>{v}</Link> },
          { title: t('quotes.title'), dataIndex: 'title' },
          { title: t('quotes.customer'), dataIndex: 'companyName' },
          { title: t('quotes.statusLabel'), render: (_, r) => <StatusTag q={r} /> },
          { title: t('quotes.total'), align: 'right', render: (_, r) => fen(r.offerTotal) },
          { title: t('quotes.validUntil'), render: (_, r) => (r.validUntil ? untilDay(r.validUntil) : '—') },
          { title: t('quotes.created'), render: (_, r) => dateTime(r.createdAt) },
        ]} />
    </Card>
  );
}

/** Staff: one quote — offer (or answer a counter-offer), decline, reply. */
export function QuoteDetailPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const fail = useFail();
  const q = useQuery({ queryKey: ['quote', id], queryFn: () => client.get('/api/quotes/{id}', { path: { id: id! } }) });
  const refresh = () => void q.refetch();
  const offer = useMutation({
    mutationFn: (v: { prices: Record<number, number>; validUntil?: string; terms?: string; message?: string }) => client.post('/api/quotes/{id}/offer', {
      path: { id: id! },
      body: { version: q.data?.version, lines: Object.entries(v.prices).map(([lineId, unitPrice]) => ({ lineId: Number(lineId), unitPrice })), validUntil: v.validUntil ?? '', terms: v.terms ?? null, message: v.message ?? null },
    }),
    onSuccess: refresh, onError: fail,
  });
  const decline = useMutation({ mutationFn: () => client.post('/api/quotes/{id}/decline', { path: { id: id! }, body: { version: q.data?.version } }), onSuccess: refresh, onError: fail });
  const d = q.data;
  if (!d) return null;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card title={<Space wrap>{d.number}<StatusTag q={d} /></Space>} extra={<Link to="/admin/quotes"><Button>{t('quotes.menu')}</Button></Link>}>
        <Descriptions size="small" column={{ xs: 1, md: 2 }} items={[
          { key: 'title', label: t('quotes.title'), children: d.title },
          { key: 'c', label: t('quotes.customer'), children: d.companyName },
          { key: 'v', label: t('quotes.validUntil'), children: d.validUntil ? untilDay(d.validUntil) : '—' },
          { key: 'o', label: t('quotes.order'), children: d.orderId ? <Link to={`/admin/orders/${d.orderId}`}>{t('quotes.viewOrder')}</Link> : '—' },
          ...(d.terms ? [{ key: 't', label: t('quotes.terms'), children: d.terms }] : []),
        ]} />
        {d.actions.includes('decline') && <Button danger onClick={() => decline.mutate()} loading={decline.isPending}>{t('quotes.decline')}</Button>}
      </Card>
      <Lines q={d} staff />
      <Thread q={d} />
      {d.actions.includes('offer') && (
        <Card size="small" title={d.status === 'countered' ? t('quotes.answerCounter') : d.status === 'offered' ? t('quotes.reviseOffer') : t('quotes.makeOffer')}>
          <PriceForm q={d} offer busy={offer.isPending} pick={(l) => l.offerPrice ?? l.targetPrice ?? l.listPrice} onSubmit={(v) => offer.mutate(v)} />
        </Card>
      )}
      <MessageBox q={d} side="staff" onDone={refresh} />
    </Space>
  );
}
