import { Button, Card, Drawer, Form, Input, InputNumber, Modal, Popconfirm, Radio, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client, type Body, type Response } from '../lib/client';
import { useMe } from '../lib/auth';
import { fen } from '../lib/format';
import { useFail, useTiers, YuanInput } from '../customers/common';
import { CustomerSelect } from '../customers/CustomerSelect';
import { LedgerList } from './FundsPage';

type Rule = Response<'/api/rebate-rules'>[number];
type Settlement = Response<'/api/rebate-settlements'>[number];
type AccountRow = Response<'/api/marketing/accounts'>[number];
type FundsSettings = Body<'/api/marketing/funds-settings', 'put'>;
interface RuleValues { name: string; period: Rule['period']; levels: { threshold: number; ratePct: number }[]; tierIds?: number[]; companyIds?: number[] }

/** The period before the current one, as the settle form's default ("2026Q3"). */
function lastPeriod(kind: Rule['period']): string {
  const d = new Date();
  if (kind === 'year') return String(d.getFullYear() - 1);
  if (kind === 'month') {
    const m = new Date(d.getFullYear(), d.getMonth() - 1, 1);
    return `${m.getFullYear()}-${String(m.getMonth() + 1).padStart(2, '0')}`;
  }
  const q = Math.floor(d.getMonth() / 3);
  return q === 0 ? `${d.getFullYear() - 1}Q4` : `${d.getFullYear()}Q${q}`;
}

/** Staff: rebate rules (返利规则) with levels, the period's settlement (computed, approved by finance), customers' rebate and points ledgers, and the caps. */
export function RebatesPage() {
  const { t } = useTranslation();
  return (
    <Card size="small" title={t('mk.rebatesTitle')} data-testid="rebates-page">
      <Tabs items={[
        { key: 'rules', label: t('mk.rulesTab'), children: <RulesTab /> },
        { key: 'accounts', label: t('mk.accountsTab'), children: <AccountsTab /> },
        { key: 'settings', label: t('mk.settingsTab'), children: <SettingsTab /> },
      ]} />
    </Card>
  );
}

function RulesTab() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const fail = useFail();
  const { data: me } = useMe();
  const canManage = !!me?.permissions.includes('marketing.manage');
  const canApprove = !!me?.permissions.includes('marketing.funds');
  const tiers = useTiers();
  const rules = useQuery({ queryKey: ['rebate-rules'], queryFn: () => client.get('/api/rebate-rules') });
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<RuleValues>();
  const [settleFor, setSettleFor] = useState<{ rule: Rule; period: string } | null>(null);
  const settlements = useQuery({
    queryKey: ['rebate-settlements', settleFor?.rule.id, settleFor?.period], enabled: !!settleFor,
    queryFn: () => client.get('/api/rebate-settlements', { query: { ruleId: settleFor!.rule.id, period: settleFor!.period } }),
  });
  const create = useMutation({
    mutationFn: (v: RuleValues) => client.post('/api/rebate-rules', { body: {
      name: v.name, period: v.period, levels: v.levels.map((l) => ({ threshold: l.threshold, rateBp: Math.round(l.ratePct * 100) })),
      audience: { ...(v.tierIds?.length ? { tierIds: v.tierIds } : {}), ...(v.companyIds?.length ? { companyIds: v.companyIds } : {}) },
    } }),
    onSuccess: () => {
      setOpen(false);
      void qc.invalidateQueries({ queryKey: ['rebate-rules'] });
    },
    onError: fail,
  });
  const stop = useMutation({
    mutationFn: (r: Rule) => client.put('/api/rebate-rules/{id}', { path: { id: r.id }, body: { name: r.name, period: r.period, levels: r.levels, audience: { tierIds: r.audience.tierIds, companyIds: r.audience.companyIds }, status: r.status === 'active' ? 'stopped' : 'active' } }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['rebate-rules'] }),
    onError: fail,
  });
  const settle = useMutation({
    mutationFn: () => client.post('/api/rebate-rules/{id}/settle', { path: { id: settleFor!.rule.id }, body: { period: settleFor!.period } }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['rebate-settlements'] }),
    onError: fail,
  });
  const approve = useMutation({
    mutationFn: (id: number) => client.post('/api/rebate-settlements/{id}/approve', { path: { id } }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['rebate-settlements'] });
      void qc.invalidateQueries({ queryKey: ['marketing-accounts'] });
    },
    onError: fail,
  });
  const tierName = (id: number) => tiers.data?.find((x) => x.id === id)?.name ?? `#${id}`;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {canManage && (
        <Button type="primary" icon={<PlusOutlined />} data-testid="new-rebate-rule" onClick={() => {
          form.resetFields();
          form.setFieldsValue({ period: 'quarter', levels: [{ threshold: 10_000_000, ratePct: 2 }] });
          setOpen(true);
        }}>{t('mk.newRule')}</Button>
      )}
      <Table<Rule> rowKey="id" size="small" loading={rules.isLoading} dataSource={rules.data ?? []} pagination={false} scroll={{ x: 'max-content' }} columns={[
        { title: t('mk.name'), dataIndex: 'name' },
        { title: t('mk.period'), render: (_, r) => t(`mk.per.${r.period}`) },
        { title: t('mk.summary'), dataIndex: 'summary' },
        {
          title: t('mk.audience'), render: (_, r) => (r.audience.tierIds?.length || r.audience.companyIds?.length ? (
            <span data-testid="rule-audience">
              {r.audience.tierIds?.map((id) => <Tag key={id}>{tierName(id)}</Tag>)}
              {!!r.audience.companyIds?.length && <Tag color="blue">{t('mk.namedCustomers', { n: r.audience.companyIds.length })}</Tag>}
            </span>
          ) : t('mk.everyone')),
        },
        { title: t('mk.state'), render: (_, r) => <Tag color={r.status === 'active' ? 'green' : 'default'}>{t(`mk.rst.${r.status}`)}</Tag> },
        {
          title: t('mk.actions'), render: (_, r) => (
            <Space size={4}>
              <Button size="small" data-testid="open-settlement" onClick={() => setSettleFor({ rule: r, period: lastPeriod(r.period) })}>{t('mk.settlement')}</Button>
              {canManage && <Button size="small" onClick={() => stop.mutate(r)}>{r.status === 'active' ? t('mk.stop') : t('mk.resume')}</Button>}
            </Space>
          ),
        },
      ]} />
      <Drawer open={!!settleFor} width={Math.min(760, window.innerWidth)} title={settleFor ? `${settleFor.rule.name} · ${t('mk.settlement')}` : ''} onClose={() => setSettleFor(null)}>
        {settleFor && (
          <Space direction="vertical" style={{ width: '100%' }} data-testid="settlement-drawer">
            <Space wrap>
              <Input style={{ width: 140 }} value={settleFor.period} data-testid="settle-period" onChange={(e) => setSettleFor({ ...settleFor, period: e.target.value.trim() })} />
              {canManage && <Button type="primary" data-testid="settle" loading={settle.isPending} onClick={() => settle.mutate()}>{t('mk.settle')}</Button>}
              <Typography.Text type="secondary">{t('mk.settleHelp')}</Typography.Text>
            </Space>
            <Table<Settlement> rowKey="id" size="small" loading={settlements.isLoading} dataSource={settlements.data ?? []} pagination={false} scroll={{ x: 'max-content' }} columns={[
              { title: t('mk.customer'), render: (_, s) => `${s.customerCode} ${s.customerName}` },
              { title: t('mk.netSales'), align: 'right', render: (_, s) => fen(s.sales) },
              { title: t('mk.rate'), align: 'right', render: (_, s) => `${s.rateBp / 100}%` },
              { title: t('mk.rebate'), align: 'right', render: (_, s) => <b data-testid="settlement-amount">{fen(s.amount)}</b> },
              { title: t('mk.state'), render: (_, s) => <Tag color={s.status === 'approved' ? 'green' : s.status === 'pending' ? 'orange' : 'default'} data-testid="settlement-status">{t(`mk.sst.${s.status}`)}</Tag> },
              {
                title: t('mk.actions'), render: (_, s) => canApprove && s.status === 'pending' && (
                  <Popconfirm title={t('mk.approveConfirm', { amount: fen(s.amount), name: s.customerName })} onConfirm={() => approve.mutate(s.id)}>
                    <Button size="small" type="primary" data-testid="approve-settlement">{t('mk.approve')}</Button>
                  </Popconfirm>
                ),
              },
            ]} />
          </Space>
        )}
      </Drawer>
      <Modal open={open} title={t('mk.newRule')} onCancel={() => setOpen(false)} onOk={() => form.submit()} confirmLoading={create.isPending} width={600}>
        <Form form={form} layout="vertical" onFinish={(v) => create.mutate(v)} data-testid="rebate-rule-form">
          <Form.Item name="name" label={t('mk.name')} rules={[{ required: true, max: 60 }]}><Input maxLength={60} data-testid="rule-name" /></Form.Item>
          <Form.Item name="period" label={t('mk.period')}>
            <Radio.Group optionType="button" options={(['month', 'quarter', 'year'] as const).map((p) => ({ value: p, label: t(`mk.per.${p}`) }))} />
          </Form.Item>
          <Typography.Text>{t('mk.rebateLevels')}</Typography.Text>
          <Form.List name="levels">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f, i) => (
                  <Space key={f.key} align="baseline" style={{ display: 'flex' }}>
                    <Form.Item name={[f.name, 'threshold']} label={t('mk.salesAtLeast')} rules={[{ required: true }]}><YuanInput testId={`rule-threshold-${i}`} /></Form.Item>
                    <Form.Item name={[f.name, 'ratePct']} label={t('mk.ratePct')} rules={[{ required: true }]}><InputNumber min={0.01} max={50} step={0.5} precision={2} data-testid={`rule-rate-${i}`} /></Form.Item>
                    {fields.length > 1 && <MinusCircleOutlined onClick={() => remove(f.name)} />}
                  </Space>
                ))}
                {fields.length < 10 && <Button size="small" icon={<PlusOutlined />} onClick={() => add({})}>{t('mk.addLevel')}</Button>}
              </>
            )}
          </Form.List>
          <Form.Item name="tierIds" label={t('mk.tiers')} style={{ marginTop: 12 }}>
            <Select mode="multiple" options={(tiers.data ?? []).map((x) => ({ value: x.id, label: x.name }))} />
          </Form.Item>
          <Form.Item name="companyIds" label={t('mk.ruleCustomers')}>
            <CustomerSelect multiple testId="rule-customers" />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}

function AccountsTab() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const fail = useFail();
  const { data: me } = useMe();
  const canAdjust = !!me?.permissions.includes('marketing.funds');
  const list = useQuery({ queryKey: ['marketing-accounts'], queryFn: () => client.get('/api/marketing/accounts') });
  const [open, setOpen] = useState<AccountRow | null>(null);
  const detail = useQuery({ queryKey: ['marketing-account', open?.id], enabled: !!open, queryFn: () => client.get('/api/marketing/accounts/{id}', { path: { id: open!.id } }) });
  const [form] = Form.useForm<{ kind: 'rebate' | 'points'; amount: number; note: string }>();
  const adjust = useMutation({
    mutationFn: (v: { kind: 'rebate' | 'points'; amount: number; note: string }) => client.post('/api/marketing/accounts/{id}/adjust', { path: { id: open!.id }, body: v }),
    onSuccess: () => {
      form.resetFields();
      void qc.invalidateQueries({ queryKey: ['marketing-account'] });
      void qc.invalidateQueries({ queryKey: ['marketing-accounts'] });
    },
    onError: fail,
  });
  return (
    <>
      <Table<AccountRow> rowKey="id" size="small" loading={list.isLoading} dataSource={list.data ?? []} pagination={false} scroll={{ x: 'max-content' }}
        onRow={(r) => ({ onClick: () => setOpen(r), style: { cursor: 'pointer' } })} columns={[
          { title: t('mk.customer'), render: (_, r) => <span data-testid="account-row">{r.code} {r.name}</span> },
          { title: t('mk.rebateBalance'), align: 'right', render: (_, r) => fen(r.rebate) },
          { title: t('mk.pointsBalance'), align: 'right', dataIndex: 'points' },
        ]} />
      <Drawer open={!!open} width={Math.min(640, window.innerWidth)} title={open ? `${open.code} ${open.name}` : ''} onClose={() => setOpen(null)}>
        {detail.data && (
          <Space direction="vertical" style={{ width: '100%' }} data-testid="account-drawer">
            <Typography.Title level={5}>{t('mk.rebateBalance')} {fen(detail.data.rebate.balance)}</Typography.Title>
            <LedgerList rows={detail.data.rebate.ledger} money testId="staff-rebate-entry" />
            <Typography.Title level={5}>{t('mk.pointsBalance')} {detail.data.points.balance}</Typography.Title>
            <LedgerList rows={detail.data.points.ledger} money={false} testId="staff-points-entry" />
            {canAdjust && (
              <Form form={form} layout="inline" initialValues={{ kind: 'rebate' }} onFinish={(v) => adjust.mutate({ ...v, amount: v.kind === 'rebate' ? Math.round(v.amount * 100) : v.amount })}>
                <Form.Item name="kind"><Select style={{ width: 90 }} options={[{ value: 'rebate', label: t('mk.rebate') }, { value: 'points', label: t('mk.points') }]} /></Form.Item>
                <Form.Item name="amount" rules={[{ required: true }]}><InputNumber placeholder={t('mk.adjustAmount')} style={{ width: 140 }} /></Form.Item>
                <Form.Item name="note" rules={[{ required: true, max: 200 }]}><Input placeholder={t('mk.adjustNote')} maxLength={200} /></Form.Item>
                <Button htmlType="submit" loading={adjust.isPending}>{t('mk.adjust')}</Button>
              </Form>
            )}
          </Space>
        )}
      </Drawer>
    </>
  );
}

function SettingsTab() {
  const { t } = useTranslation();
  const fail = useFail();
  const { data: me } = useMe();
  const canManage = !!me?.permissions.includes('marketing.manage');
  const settings = useQuery({ queryKey: ['funds-settings'], queryFn: () => client.get('/api/marketing/funds-settings') });
  const save = useMutation({ mutationFn: (v: FundsSettings) => client.put('/api/marketing/funds-settings', { body: v }), onError: fail });
  if (!settings.data) return null;
  const s = settings.data;
  return (
    <Form layout="vertical" style={{ maxWidth: 420 }} disabled={!canManage} initialValues={{ ...s, rebatePct: s.rebateMaxShareBp / 100, pointsPct: s.pointsMaxShareBp / 100 }}
      onFinish={(v: FundsSettings & { rebatePct: number; pointsPct: number }) => save.mutate({
        rebateMaxShareBp: Math.round(v.rebatePct * 100), pointsMaxShareBp: Math.round(v.pointsPct * 100), pointsPerYuan: v.pointsPerYuan, pointValueFen: v.pointValueFen, pointsExpiryYears: v.pointsExpiryYears,
      })}>
      <Form.Item name="rebatePct" label={t('mk.rebateCap')}><InputNumber min={0} max={100} precision={2} addonAfter="%" /></Form.Item>
      <Form.Item name="pointsPerYuan" label={t('mk.pointsPerYuan')}><InputNumber min={0} max={1000} precision={0} /></Form.Item>
      <Form.Item name="pointValueFen" label={t('mk.pointValue')}><InputNumber min={1} max={10000} precision={0} addonAfter={t('mk.fenUnit')} /></Form.Item>
      <Form.Item name="pointsPct" label={t('mk.pointsCap')}><InputNumber min={0} max={100} precision={2} addonAfter="%" /></Form.Item>
      <Form.Item name="pointsExpiryYears" label={t('mk.pointsExpiry')}><InputNumber min={0} max={50} precision={0} /></Form.Item>
      {canManage && <Button type="primary" htmlType="submit" loading={save.isPending}>{save.isSuccess ? t('mk.savedOk') : t('mk.saveSettings')}</Button>}
    </Form>
  );
}
