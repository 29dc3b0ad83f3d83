import { App, Form, Input, InputNumber, Modal, Radio } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { client, type Response } from '../lib/client';
import { useFail } from '../payments/common';

export type PresaleRow = Response<'/api/inventory/presale'>['items'][number];
type Mode = 'preorder' | 'backorder' | 'off';
type Values = { mode: Mode; expectedDate?: string; maxWaiting?: number | null; note?: string };

/**
 * Puts one SKU on pre-order (expected date required) or backorder, with an optional cap on what
 * may wait. `allowOff` (the product editor) also offers "not taken without stock": it takes a SKU
 * that is on pre-order or backorder off (lines already waiting keep their place).
 */
export function PresaleModal({ skuId, label, row, allowOff, onClose }: { skuId: number; label: string; row?: PresaleRow | null; allowOff?: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const fail = useFail();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const mode = Form.useWatch('mode', form);
  const save = useMutation({
    mutationFn: async (v: Values) => {
      if (v.mode === 'off') {
        if (row) await client.del('/api/inventory/presale/{skuId}', { path: { skuId } });
        return 'off' as const;
      }
      await client.put('/api/inventory/presale/{skuId}', {
        path: { skuId },
        body: { mode: v.mode, expectedDate: v.expectedDate || null, maxWaiting: v.maxWaiting ?? null, note: v.note?.trim() || null },
      });
      return 'on' as const;
    },
    onSuccess: (r) => {
      message.success(t(r === 'off' ? 'inv.ps.removed' : 'inv.ps.saved'));
      void qc.invalidateQueries({ queryKey: ['inv-presale'] });
      onClose();
    },
    onError: fail,
  });
  const modes: Mode[] = allowOff ? ['off', 'preorder', 'backorder'] : ['preorder', 'backorder'];
  return (
    <Modal open title={t('inv.ps.edit', { sku: label })} onCancel={onClose} okText={t('common.save')} confirmLoading={save.isPending}
      onOk={() => form.submit()} destroyOnHidden>
      <Form<Values> form={form} layout="vertical" onFinish={(v) => save.mutate(v)}
        initialValues={{ mode: row?.mode ?? (allowOff ? 'off' : 'preorder'), expectedDate: row?.expectedDate ?? undefined, maxWaiting: row?.maxWaiting ?? null, note: row?.note ?? '' }}>
        <Form.Item name="mode" label={t('inv.ps.mode')}>
          <Radio.Group data-testid="presale-mode" style={{ display: 'flex', flexDirection: 'column', gap: 4 }}
            options={modes.map((m) => ({ value: m, label: t(`inv.ps.modes.${m}`) }))} />
        </Form.Item>
        {mode !== 'off' && (
          <>
            <Form.Item name="expectedDate" label={t('inv.ps.expected')} rules={[{ required: mode === 'preorder', message: t('inv.ps.dateRequired') }]} extra={t('inv.ps.expectedHint')}>
              <Input type="date" data-testid="presale-date" style={{ width: 180 }} />
            </Form.Item>
            <Form.Item name="maxWaiting" label={t('inv.ps.cap')} extra={t('inv.ps.capHint')}>
              <InputNumber min={1} max={10_000_000} precision={0} data-testid="presale-cap" style={{ width: 180 }} />
            </Form.Item>
            <Form.Item name="note" label={t('inv.notes')}><Input maxLength={200} /></Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
}
