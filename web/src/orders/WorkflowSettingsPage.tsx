import { Alert, App, Button, Card, Checkbox, Col, InputNumber, Radio, Row, Select, Skeleton, Space, Switch, Tag, Typography } from 'antd';
import { ArrowRightOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Fragment, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { client, type Response } from '../lib/client';
import { fen, yuanToFen } from '../lib/format';
import { useFail } from './api';

/** The server's review chain settings (GET/PUT /api/order-workflow/settings); money in fen. */
export type WorkflowSettings = Response<'/api/order-workflow/settings'>;

type Step = 'orderReview' | 'financeReview' | 'payment' | 'outboundReview';

/** The order the gates come in, as the server's gateOrder() puts them. */
function stepOrder(s: WorkflowSettings): Step[] {
  return s.paymentBeforeReview ? ['payment', 'orderReview', 'financeReview', 'outboundReview'] : ['orderReview', 'financeReview', 'payment', 'outboundReview'];
}

/** Admin screen for the configurable review chain (审核流程): which reviews, payment order, auto-approval, auto delivery. */
export function WorkflowSettingsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const fail = useFail();
  const qc = useQueryClient();
  const loaded = useQuery({ queryKey: ['order-workflow-settings'], queryFn: () => client.get('/api/order-workflow/settings') });
  // null = no edits yet: the form shows what the server has
  const [draft, setDraft] = useState<WorkflowSettings | null>(null);
  const save = useMutation({
    mutationFn: (s: WorkflowSettings) => client.put('/api/order-workflow/settings', { body: s }),
    onSuccess: (s) => {
      qc.setQueryData(['order-workflow-settings'], s);
      setDraft(null);
      message.success(t('common.saved'));
    },
    onError: fail,
  });

  if (!loaded.data) return <Skeleton active />;
  const s = draft ?? loaded.data;
  const dirty = draft !== null && JSON.stringify(draft) !== JSON.stringify(loaded.data);
  const set = (patch: Partial<WorkflowSettings>) => setDraft((d) => ({ ...(d ?? loaded.data), ...patch }));
  const setAuto = (patch: Partial<WorkflowSettings['autoApprove']>) => setDraft((d) => { const cur = d ?? loaded.data; return { ...cur, autoApprove: { ...cur.autoApprove, ...patch } }; });
  const a = s.autoApprove;
  const k = (key: string) => t(`orders.settings.${key}`);

  const autoRules = [
    a.maxTotal != null ? t('orders.settings.ruleUnder', { amount: fen(a.maxTotal) }) : null,
    a.requireGoodStanding ? k('requireGoodStanding') : null,
    a.onlyStandardItems ? k('onlyStandardItems') : null,
  ].filter(Boolean).join(' · ') || k('ruleAny');
  const stepOn = (st: Step) => (st === 'payment' ? true : s[st]);
  const stepLabel: Record<Step, string> = { orderReview: k('flowOrderReview'), financeReview: k('flowFinanceReview'), payment: k('flowPayment'), outboundReview: k('flowOutboundReview') };
  const flow: ReactNode[] = [
    <Tag key="submit" color="blue">{k('flowSubmit')}</Tag>,
    ...stepOrder(s).filter(stepOn).map((st) => (
      <Tag key={st} color={st === 'payment' ? 'gold' : 'orange'} data-testid={`flow-${st}`}>
        {stepLabel[st]}
        {a.enabled && (st === 'orderReview' || st === 'financeReview') ? ` (${k('flowAuto')})` : ''}
      </Tag>
    )),
    <Tag key="ship" color="cyan">{k('flowShip')}</Tag>,
    <Tag key="receive" color="green">{t('orders.settings.flowReceive', { days: s.autoDeliverDays })}</Tag>,
    <Tag key="done" color="green">{s.autoCompleteDays === 0 ? k('flowDoneNow') : t('orders.settings.flowDone', { days: s.autoCompleteDays })}</Tag>,
  ];

  return (
    <div style={{ maxWidth: 960 }} data-testid="workflow-settings">
      <Typography.Paragraph type="secondary">{k('intro')}</Typography.Paragraph>
      <Card size="small" title={k('preview')} style={{ marginBottom: 16 }}>
        <Space wrap size={[4, 8]} data-testid="flow-preview">
          {flow.map((node, i) => <Fragment key={i}>{i > 0 && <ArrowRightOutlined style={{ color: '#999' }} />}{node}</Fragment>)}
        </Space>
        {(s.orderReview || s.financeReview) && a.enabled && <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>{t('orders.settings.autoSummary', { rules: autoRules })}</Typography.Paragraph>}
        {!s.orderReview && !s.financeReview && !s.outboundReview && <Alert style={{ marginTop: 8 }} type="warning" showIcon title={k('noReviewWarning')} />}
      </Card>

      <Row gutter={[16, 16]}>
        <Col xs={24} md={12}>
          <Card size="small" title={k('reviews')} style={{ height: '100%' }}>
            <Space direction="vertical" style={{ width: '100%' }}>
              {(['orderReview', 'financeReview', 'outboundReview'] as const).map((key) => (
                <Space key={key} align="start">
                  <Switch checked={s[key]} onChange={(v) => set({ [key]: v })} data-testid={`switch-${key}`} aria-label={k(key)} />
                  <div>
                    <div>{k(key)}</div>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>{k(`${key}Hint`)}</Typography.Text>
                  </div>
                </Space>
              ))}
            </Space>
          </Card>
        </Col>
        <Col xs={24} md={12}>
          <Card size="small" title={k('payment')} style={{ height: '100%' }}>
            <Radio.Group value={s.paymentBeforeReview} onChange={(e) => set({ paymentBeforeReview: e.target.value as boolean })} data-testid="payment-order">
              <Space direction="vertical">
                <Radio value={false}>{k('reviewThenPay')}</Radio>
                <Radio value={true}>{k('payThenReview')}</Radio>
              </Space>
            </Radio.Group>
            <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0', fontSize: 12 }}>{k('paymentHint')}</Typography.Paragraph>
          </Card>
        </Col>
        <Col xs={24} md={12}>
          <Card size="small" title={<Space><Switch size="small" checked={a.enabled} onChange={(v) => setAuto({ enabled: v })} data-testid="switch-autoApprove" aria-label={k('autoApprove')} />{k('autoApprove')}</Space>} style={{ height: '100%' }}>
            <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>{k('autoApproveHint')}</Typography.Paragraph>
            <Space direction="vertical" style={{ width: '100%' }}>
              <div>
                <div style={{ marginBottom: 4 }}>{k('maxTotal')}</div>
                <InputNumber<number> min={0.01} max={10_000_000_000} precision={2} prefix="¥" style={{ width: 200 }} disabled={!a.enabled} data-testid="max-total"
                  value={a.maxTotal == null ? null : a.maxTotal / 100}
                  onChange={(v) => setAuto({ maxTotal: v == null ? null : yuanToFen(v.toFixed(2)) })} />
              </div>
              <Checkbox checked={a.requireGoodStanding} disabled={!a.enabled} onChange={(e) => setAuto({ requireGoodStanding: e.target.checked })}>{k('requireGoodStanding')}</Checkbox>
              <Typography.Text type="secondary" style={{ fontSize: 12, paddingLeft: 24, display: 'block', marginTop: -6 }}>{k('requireGoodStandingHint')}</Typography.Text>
              <Checkbox checked={a.onlyStandardItems} disabled={!a.enabled} onChange={(e) => setAuto({ onlyStandardItems: e.target.checked })}>{k('onlyStandardItems')}</Checkbox>
              <div>
                <div style={{ marginBottom: 4 }}>{k('nonStandardTags')}</div>
                <Select mode="tags" style={{ width: '100%' }} value={a.nonStandardTags} disabled={!a.enabled || !a.onlyStandardItems} maxCount={20} tokenSeparators={[',', '，']}
                  onChange={(v: string[]) => setAuto({ nonStandardTags: v.map((x) => x.trim()).filter(Boolean) })} placeholder={k('nonStandardTagsHint')} />
              </div>
            </Space>
          </Card>
        </Col>
        <Col xs={24} md={12}>
          <Card size="small" title={k('delivery')} style={{ height: '100%' }}>
            <Space direction="vertical">
              <div>
                <div style={{ marginBottom: 4 }}>{k('autoDeliverDays')}</div>
                <InputNumber<number> min={1} max={90} precision={0} suffix={k('days')} data-testid="auto-deliver-days"
                  value={s.autoDeliverDays} onChange={(v) => v != null && set({ autoDeliverDays: v })} />
              </div>
              <div>
                <div style={{ marginBottom: 4 }}>{k('autoCompleteDays')}</div>
                <InputNumber<number> min={0} max={90} precision={0} suffix={k('days')}
                  value={s.autoCompleteDays} onChange={(v) => v != null && set({ autoCompleteDays: v })} />
              </div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>{k('deliveryHint')}</Typography.Text>
            </Space>
          </Card>
        </Col>
      </Row>

      <Space style={{ marginTop: 16 }}>
        <Button type="primary" disabled={!dirty} loading={save.isPending} onClick={() => save.mutate(s)} data-testid="save-settings">{t('common.save')}</Button>
        <Button disabled={!dirty} onClick={() => setDraft(null)}>{t('common.reset')}</Button>
        {dirty && <Typography.Text type="warning">{k('unsaved')}</Typography.Text>}
      </Space>
    </div>
  );
}
