import { App, Button, Card, Form, Input, Space, Typography } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client } from '../lib/client';
import { useFail } from '../payments/common';
import { DocumentsTable } from './DocumentsTable';
import { filled, LinesEditor, type Line } from './LinesEditor';
import { WarehouseSelect } from './parts';

/** 库存调整: signed quantities in one warehouse with a reason (报损、盘盈、破损…). */
export function AdjustmentPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const fail = useFail();
  const [warehouseId, setWarehouseId] = useState<number>();
  const [reason, setReason] = useState('');
  const [lines, setLines] = useState<Line[]>([]);
  const post = useMutation({
    mutationFn: () => client.post('/api/inventory/adjustments', { body: { warehouseId: warehouseId!, reason, lines: filled(lines) } }),
    onSuccess: (d) => {
      message.success(t('inv.adjusted', { number: d.number }));
      setLines(() => []);
      setReason('');
      ['inv-docs', 'inv-stock', 'inv-card', 'inv-ledger', 'inv-sku-search'].forEach((k) => void qc.invalidateQueries({ queryKey: [k] }));
    },
    onError: fail,
  });
  return (
    <div data-testid="adjustment-page">
      <Card size="small" title={t('inv.adjustTitle')}>
        <Typography.Paragraph type="secondary">{t('inv.adjustHint')}</Typography.Paragraph>
        <Form layout="vertical">
          <Space wrap align="start">
            <Form.Item label={t('inv.warehouse')} required><WarehouseSelect value={warehouseId} onChange={(v) => { setWarehouseId(v); setLines(() => []); }} activeOnly testId="adj-warehouse" width={200} /></Form.Item>
            <Form.Item label={t('inv.reason')} required><Input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={200} placeholder={t('inv.reasonPh')} style={{ width: 320 }} data-testid="adj-reason" /></Form.Item>
          </Space>
          {warehouseId && <LinesEditor lines={lines} setLines={setLines} warehouseId={warehouseId} signedQty />}
          <Button type="primary" style={{ marginTop: 12 }} disabled={!warehouseId || !reason.trim() || filled(lines).length === 0} loading={post.isPending} onClick={() => post.mutate()} data-testid="adj-submit">
            {t('inv.submitAdjust')}
          </Button>
        </Form>
      </Card>
      <Card size="small" title={t('inv.recentDocs')} style={{ marginTop: 12 }}><DocumentsTable type="adjustment" /></Card>
    </div>
  );
}
