import { App, Button, Card, Checkbox, Descriptions, Empty, Form, Input, List, Select, Space, Table, Tag, Typography } from 'antd';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { client, type Body, type Query, type Response } from '../lib/client';
import { dateTime } from '../lib/format';
import { useFail } from '../orders/api';
import { useMe } from '../lib/auth';
import { OverdueTag } from './parts';
import { Photos } from './Photos';

type CStatus = 'open' | 'answered' | 'resolved' | 'closed';
const C_STATUSES: CStatus[] = ['open', 'answered', 'resolved', 'closed'];
const C_COLOR: Record<CStatus, string> = { open: 'orange', answered: 'blue', resolved: 'green', closed: 'default' };
export type ComplaintListed = Response<'/api/complaints'>['items'][number];
type ComplaintDetail = Response<'/api/complaints/{id}'>;

function CStatusTag({ status }: { status: CStatus }) {
  const { t } = useTranslation();
  return <Tag color={C_COLOR[status]} data-testid="complaint-status">{t(`aftersales.complaint.status.${status}`)}</Tag>;
}

/** The thread: the customer's messages on the left, the supplier's on the right. */
function Thread({ c }: { c: ComplaintDetail }) {
  const { t } = useTranslation();
  const who = (label: string | null, side: string) => (side === 'staff' ? t('aftersales.bySupplier') : (label ?? '').replace(/ \(\w+\)$/, '') || t('aftersales.byCustomer'));
  return (
    <Card size="small" title={t('aftersales.complaint.thread')}>
      <List dataSource={c.messages} renderItem={(m) => (
        <List.Item style={{ justifyContent: m.side === 'staff' ? 'flex-end' : 'flex-start', border: 'none' }} data-testid="complaint-message">
          <div style={{ maxWidth: '85%', background: m.side === 'staff' ? '#e6f4ff' : '#f5f5f5', borderRadius: 8, padding: '6px 10px' }}>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>{who(m.authorLabel, m.side)} · {dateTime(m.createdAt)}</Typography.Text>
            <div style={{ whiteSpace: 'pre-wrap' }}>{m.body}</div>
          </div>
        </List.Item>
      )} />
    </Card>
  );
}

function ReplyBox({ c, url, onDone }: { c: ComplaintDetail; url: string; onDone: (d: ComplaintDetail) => void }) {
  const { t } = useTranslation();
  const fail = useFail();
  const [body, setBody] = useState('');
  const send = useMutation({ mutationFn: () => (url.startsWith('/api/my/') ? client.post('/api/my/complaints/{id}/messages', { path: { id: c.id }, body: { body } }) : client.post('/api/complaints/{id}/messages', { path: { id: c.id }, body: { body } })), onSuccess: (d) => { setBody(''); onDone(d); }, onError: fail });
  if (c.status === 'closed') return null;
  return (
    <Card size="small">
      <Input.TextArea rows={3} maxLength={2000} value={body} onChange={(e) => setBody(e.target.value)} placeholder={t('aftersales.complaint.replyHint')} aria-label={t('aftersales.complaint.reply')} />
      <Button type="primary" style={{ marginTop: 8 }} disabled={!body.trim()} loading={send.isPending} onClick={() => send.mutate()} data-testid="complaint-send">{t('aftersales.complaint.send')}</Button>
    </Card>
  );
}

/** Portal: my complaints, newest activity first. */
export function MyComplaintsPage() {
  const { t } = useTranslation();
  const list = useQuery({ queryKey: ['my-complaints'], queryFn: () => client.get('/api/my/complaints', { query: { pageSize: 50 } }) });
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Link to="/complaints/new"><Button type="primary" block data-testid="complaint-new">{t('aftersales.complaint.new')}</Button></Link>
      {!list.isLoading && !list.data?.items.length && <Empty description={t('aftersales.complaint.none')} />}
      <List dataSource={list.data?.items ?? []} renderItem={(c) => (
        <Link to={`/complaints/${c.id}`} style={{ display: 'block', marginBottom: 10 }} data-testid="my-complaint">
          <Card size="small" hoverable>
            <Space style={{ width: '100%', justifyContent: 'space-between' }}><Typography.Text strong>{c.subject}</Typography.Text><CStatusTag status={c.status} /></Space>
            <Typography.Text type="secondary">{c.number}{c.orderNumber ? ` · ${t('aftersales.order')} ${c.orderNumber}` : ''} · {dateTime(c.lastMessageAt)}</Typography.Text>
          </Card>
        </Link>
      )} />
    </Space>
  );
}

/** Portal: file a complaint, from an order (?orderId=) or about anything. */
export function NewComplaintPage() {
  const { t } = useTranslation();
  const nav = useNavigate();
  const fail = useFail();
  const [sp] = useSearchParams();
  const orderId = sp.get('orderId') ? Number(sp.get('orderId')) : null;
  const [key] = useState(() => crypto.randomUUID());
  const save = useMutation({
    mutationFn: (v: { subject: string; body: string }) => client.post('/api/my/complaints', { body: { ...v, orderId }, idempotencyKey: key }),
    onSuccess: (c) => nav(`/complaints/${c.id}`),
    onError: fail,
  });
  return (
    <Card size="small" title={t('aftersales.complaint.new')}>
      <Form layout="vertical" onFinish={(v) => save.mutate(v)}>
        {orderId && <Typography.Paragraph type="secondary">{t('aftersales.complaint.aboutOrder')}</Typography.Paragraph>}
        <Form.Item name="subject" label={t('aftersales.complaint.subject')} rules={[{ required: true, whitespace: true, message: t('aftersales.complaint.subjectRequired') }]}><Input maxLength={100} /></Form.Item>
        <Form.Item name="body" label={t('aftersales.complaint.body')} rules={[{ required: true, whitespace: true, message: t('aftersales.complaint.bodyRequired') }]}><Input.TextArea rows={5} maxLength={2000} /></Form.Item>
        <Button type="primary" htmlType="submit" block loading={save.isPending}>{t('aftersales.complaint.submit')}</Button>
      </Form>
    </Card>
  );
}

/** Portal: one complaint's thread, reply, photos, close. */
export function MyComplaintDetailPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const fail = useFail();
  const q = useQuery({ queryKey: ['my-complaint', id], queryFn: () => client.get('/api/my/complaints/{id}', { path: { id: id! } }) });
  const close = useMutation({ mutationFn: () => client.patch('/api/my/complaints/{id}', { path: { id: id! }, body: { status: 'closed', version: q.data?.version } }), onSuccess: () => void q.refetch(), onError: fail });
  const c = q.data;
  if (!c) return null;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card size="small" title={<Space wrap>{c.subject}<CStatusTag status={c.status} /></Space>}>
        <Typography.Text type="secondary">{c.number}{c.orderNumber ? ` · ${t('aftersales.order')} ` : ''}</Typography.Text>
        {c.orderId && <Link to={`/orders/${c.orderId}`}>{c.orderNumber}</Link>}
        {c.status !== 'closed' && <div style={{ marginTop: 8 }}><Button onClick={() => close.mutate()} loading={close.isPending} data-testid="complaint-close">{t('aftersales.complaint.close')}</Button></div>}
      </Card>
      <Thread c={c} />
      <ReplyBox c={c} url={`/api/my/complaints/${c.id}/messages`} onDone={() => void q.refetch()} />
      <Photos photos={c.photos} staff={false} uploadUrl={c.status === 'closed' ? null : `/api/my/complaints/${c.id}/photos`} onUploaded={() => void q.refetch()} />
    </Space>
  );
}

/** Staff: the complaint inbox with status, assignee and overdue filters. */
export function ComplaintInboxPage() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const [sp] = useSearchParams();
  const [status, setStatus] = useState<string>();
  const [assignee, setAssignee] = useState<string>();
  const [overdue, setOverdue] = useState(sp.get('overdue') === '1');
  const [page, setPage] = useState(1);
  const list = useQuery({
    queryKey: ['complaints', status, assignee, overdue, page],
    queryFn: () => client.get('/api/complaints', { query: { status, assignee, overdue: overdue ? '1' : undefined, page, pageSize: 20 } as Query<'/api/complaints'> }),
  });
  const canFile = me?.role === 'admin' || me?.role === 'sales';
  return (
    <Card title={t('aftersales.complaint.menu')} extra={canFile && <Link to="/admin/complaints/new"><Button type="primary" data-testid="complaint-staff-new">{t('aftersales.complaint.staffNew')}</Button></Link>}>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select allowClear placeholder={t('aftersales.statusLabel')} style={{ width: 140 }} value={status} onChange={(v) => { setStatus(v); setPage(1); }} aria-label="status"
          options={C_STATUSES.map((s) => ({ value: s, label: t(`aftersales.complaint.status.${s}`) }))} />
        <Select allowClear placeholder={t('aftersales.complaint.assignee')} style={{ width: 140 }} value={assignee} onChange={(v) => { setAssignee(v); setPage(1); }} aria-label="assignee"
          options={[{ value: 'me', label: t('aftersales.complaint.mine') }, { value: 'none', label: t('aftersales.complaint.unassigned') }]} />
        <Checkbox checked={overdue} onChange={(e) => { setOverdue(e.target.checked); setPage(1); }}>{t('aftersales.onlyOverdue')}</Checkbox>
      </Space>
      <Table rowKey="id" size="small" loading={list.isLoading} dataSource={list.data?.items ?? []}
        pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage }}
        columns={[
          { title: t('aftersales.complaint.number'), dataIndex: 'number', render: (v, r) => <Link to={`/admin/complaints/${r.id}`}>{v}</Link> },
          { title: t('aftersales.complaint.subject'), dataIndex: 'subject' },
          { title: t('aftersales.customer'), dataIndex: 'companyName' },
          { title: t('aftersales.order'), dataIndex: 'orderNumber', render: (v, r) => (v ? <Link to={`/admin/orders/${r.orderId}`}>{v}</Link> : '—') },
          { title: t('aftersales.complaint.assignee'), dataIndex: 'assigneeName', render: (v) => v ?? '—' },
          { title: t('aftersales.statusLabel'), dataIndex: 'status', render: (v, r) => <Space size={4}><CStatusTag status={v} />{r.overdue && <OverdueTag />}</Space> },
          { title: t('aftersales.complaint.lastMessage'), dataIndex: 'lastMessageAt', render: (v) => dateTime(v) },
        ]} />
    </Card>
  );
}

/** Staff: one complaint — reply, assign, resolve or close, photos. */
export function ComplaintDetailPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const fail = useFail();
  const q = useQuery({ queryKey: ['complaint', id], queryFn: () => client.get('/api/complaints/{id}', { path: { id: id! } }) });
  const staff = useQuery({ queryKey: ['complaint-assignees'], queryFn: () => client.get('/api/complaints/assignees') });
  const patch = useMutation({
    mutationFn: (body: Omit<Body<'/api/complaints/{id}', 'patch'>, 'version'>) => client.patch('/api/complaints/{id}', { path: { id: id! }, body: { ...body, version: q.data?.version } }),
    onSuccess: () => { message.success(t('aftersales.done')); void q.refetch(); },
    onError: fail,
  });
  const c = q.data;
  if (!c) return null;
  const open = c.status !== 'closed';
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card title={<Space wrap>{c.number}<CStatusTag status={c.status} />{c.overdue && <OverdueTag />}</Space>} extra={<Link to="/admin/complaints"><Button>{t('aftersales.complaint.menu')}</Button></Link>}>
        <Descriptions size="small" column={{ xs: 1, md: 2 }}>
          <Descriptions.Item label={t('aftersales.complaint.subject')}>{c.subject}</Descriptions.Item>
          <Descriptions.Item label={t('aftersales.customer')}>{c.companyName}</Descriptions.Item>
          <Descriptions.Item label={t('aftersales.order')}>{c.orderId ? <Link to={`/admin/orders/${c.orderId}`}>{c.orderNumber}</Link> : '—'}</Descriptions.Item>
          <Descriptions.Item label={t('aftersales.created')}>{dateTime(c.createdAt)}</Descriptions.Item>
          <Descriptions.Item label={t('aftersales.complaint.firstResponse')}>{c.firstResponseAt ? dateTime(c.firstResponseAt) : '—'}</Descriptions.Item>
          <Descriptions.Item label={t('aftersales.complaint.assignee')}>
            <Select style={{ width: 180 }} disabled={!open} value={c.assigneeUserId ?? undefined} placeholder={t('aftersales.complaint.unassigned')} aria-label={t('aftersales.complaint.assignee')}
              data-testid="complaint-assignee" options={(staff.data ?? []).map((u) => ({ value: u.id, label: `${u.name}（${t(`roles.${u.role}`)}）` }))} onChange={(v) => patch.mutate({ assigneeUserId: v })} />
          </Descriptions.Item>
        </Descriptions>
        {open && (
          <Space>
            {c.status !== 'resolved' && <Button type="primary" onClick={() => patch.mutate({ status: 'resolved' })} data-testid="complaint-resolve">{t('aftersales.complaint.resolve')}</Button>}
            <Button onClick={() => patch.mutate({ status: 'closed' })} data-testid="complaint-close">{t('aftersales.complaint.close')}</Button>
          </Space>
        )}
      </Card>
      <Thread c={c} />
      <ReplyBox c={c} url={`/api/complaints/${c.id}/messages`} onDone={() => void q.refetch()} />
      <Photos photos={c.photos} staff uploadUrl={open ? `/api/complaints/${c.id}/photos` : null} onUploaded={() => void q.refetch()} />
    </Space>
  );
}
