import { App, Button, Card, Form, Input, Space, Typography } from 'antd';
import { SwapRightOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client } from '../lib/client';
import { useFail } from '../payments/common';
import { DocumentsTable } from './DocumentsTable';
import { filled, LinesEditor, type Line } from './LinesEditor';
import { WarehouseSelect } from './parts';

/** 调拨: move stock from one active warehouse to another, all lines or none. */
export function TransferPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const fail = useFail();
  const [from, setFrom] = useState<number>();
  const [to, setTo] = useState<number>();
  const [reason, setReason] = useState('');
  const [lines, setLines] = useState<Line[]>([]);
  const same = from != null && from === to;
  const post = useMutation({
    mutationFn: () => client.post('/api/inventory/transfers', { body: { fromWarehouseId: from!, toWarehouseId: to!, reason: reason.trim() || null, lines: filled(lines) } }),
    onSuccess: (d) => {
      message.success(t('inv.transferred', { number: d.number }));
      setLines(() => []);
      setReason('');
      ['inv-docs', 'inv-stock', 'inv-card', 'inv-ledger', 'inv-sku-search'].forEach((k) => void qc.invalidateQueries({ queryKey: [k] }));
    },
    onError: fail,
  });
  return (
    <div data-testid="transfer-page">
      <Card size="small" title={t('inv.transferTitle')}>
        <Form layout="vertical">
          <Space wrap align="start">
            <Form.Item label={t('inv.from')} required><WarehouseSelect value={from} onChange={(v) => { setFrom(v); setLines(() => []); }} activeOnly testId="tr-from" /></Form.Item>
            <SwapRightOutlined style={{ marginTop: 36 }} />
            <Form.Item label={t('inv.to')} required validateStatus={same ? 'error' : undefined} help={same ? t('inv.sameWarehouse') : undefined}>
              <WarehouseSelect value={to} onChange={setTo} activeOnly testId="tr-to" />
            </Form.Item>
            <Form.Item label={t('inv.reason')}><Input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={200} style={{ width: 260 }} data-testid="tr-reason" /></Form.Item>
          </Space>
          {from && <LinesEditor lines={lines} setLines={setLines} warehouseId={from} />}
          {!from && <Typography.Text type="secondary">{t('inv.from')}…</Typography.Text>}
          <div>
            <Button type="primary" style={{ marginTop: 12 }} disabled={!from || !to || same || filled(lines).length === 0} loading={post.isPending} onClick={() => post.mutate()} data-testid="tr-submit">
              {t('inv.submitTransfer')}
            </Button>
          </div>
        </Form>
      </Card>
      <Card size="small" title={t('inv.recentDocs')} style={{ marginTop: 12 }}><DocumentsTable type="transfer" /></Card>
    </div>
  );
}
