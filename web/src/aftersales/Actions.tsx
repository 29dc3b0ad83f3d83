import { App, Button, Form, Input, InputNumber, Modal, Radio, Select, Space, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client, type Body } from '../lib/client';
import { fen, yuanToFen } from '../lib/format';
import { useFail } from '../orders/api';
import type { Detail } from './api';

type EventBody = Omit<Body<'/api/aftersales/{id}/events', 'post'>, 'version'>;
type EventName = EventBody['event'];

const DANGER = new Set(['reject', 'cancel']);
const INPUT = new Set(['reject', 'cancel', 'ship_back', 'receive', 'refund', 'ship_replacement']);

/** What the refund step may pay back at most: the paid price of the units accepted (all of them for a refund only). */
export const maxRefund = (r: Detail) => r.lines.reduce((a, l) => a + (r.kind === 'refund_only' ? l.paidAmount : Math.floor((l.paidAmount * (l.toStockQty + l.defectiveQty)) / l.qty)), 0);

/** One button per event the server allows the viewer; steps that need details open a form. */
export function Actions({ r, staff, queryKey }: { r: Detail; staff: boolean; queryKey: unknown[] }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const fail = useFail();
  const qc = useQueryClient();
  const [open, setOpen] = useState<EventName | null>(null);
  const [form] = Form.useForm();
  const warehouses = useQuery({ queryKey: ['ship-warehouses'], enabled: staff, queryFn: () => client.get('/api/shipping/warehouses') });
  const act = useMutation({
    mutationFn: (body: EventBody) => {
      const init = { path: { id: r.id }, body: { ...body, version: r.version } };
      return staff ? client.post('/api/aftersales/{id}/events', init) : client.post('/api/my/aftersales/{id}/events', init);
    },
    onSuccess: (d) => { qc.setQueryData(queryKey, d); setOpen(null); message.success(t('aftersales.done')); },
    onError: fail,
  });
  const max = maxRefund(r);
  const start = (e: EventName) => {
    if (!INPUT.has(e)) return act.mutate({ event: e });
    form.resetFields();
    if (e === 'receive') form.setFieldsValue({ warehouseId: warehouses.data?.[0]?.id, lines: r.lines.map((l) => ({ lineId: l.id, toStock: l.qty, defective: 0, refused: 0 })) });
    if (e === 'refund') form.setFieldsValue({ amount: (max / 100).toFixed(2), destination: 'balance' });
    setOpen(e);
  };
  const ok = async () => {
    const v = await form.validateFields();
    if (open === 'reject' || open === 'cancel') return act.mutate({ event: open, note: v.note });
    if (open === 'ship_back') return act.mutate({ event: open, returnShipment: { carrier: v.carrier, trackingNo: v.trackingNo } });
    if (open === 'receive') {
      return act.mutate({ event: open, inspection: { warehouseId: v.warehouseId, lines: v.lines.map((l: Record<string, unknown>, i: number) => ({ lineId: r.lines[i]!.id, toStock: l.toStock ?? 0, defective: l.defective ?? 0, refused: l.refused ?? 0, refuseReason: l.refuseReason || null })) } });
    }
    if (open === 'refund') return act.mutate({ event: open, note: v.note || null, refund: { amount: yuanToFen(v.amount) ?? undefined, destination: v.destination } });
    if (open === 'ship_replacement') {
      // held in two warehouses: two parcels, each with its own carrier and tracking number
      const parcels = parcelWarehouses.length > 1 ? parcelWarehouses.map((id, i) => ({ warehouseId: id, carrier: v.parcels[i].carrier, trackingNo: v.parcels[i].trackingNo || null })) : undefined;
      const first = parcels?.[0] ?? { carrier: v.carrier, trackingNo: v.trackingNo || null };
      return act.mutate({ event: open, replacement: { warehouseId: v.warehouseId ?? null, carrier: first.carrier, trackingNo: first.trackingNo, parcels } });
    }
  };
  const whOptions = (warehouses.data ?? []).map((w) => ({ value: w.id, label: w.name }));
  const parcelWarehouses = r.heldWarehouseIds;
  const whName = (id: number) => warehouses.data?.find((w) => w.id === id)?.name ?? `#${id}`;
  return (
    <>
      <Space wrap>
        {r.events.map((e) => (
          <Button key={e} type={DANGER.has(e) ? 'default' : 'primary'} danger={DANGER.has(e)} loading={act.isPending} onClick={() => start(e)} data-testid={`aftersales-event-${e}`}>
            {t(`aftersales.event.${e}`)}
          </Button>
        ))}
      </Space>
      <Modal open={!!open} title={open ? t(`aftersales.event.${open}`) : ''} onCancel={() => setOpen(null)} onOk={ok} confirmLoading={act.isPending} okButtonProps={{ danger: open != null && DANGER.has(open) }} destroyOnHidden>
        <Form form={form} layout="vertical">
          {(open === 'reject' || open === 'cancel') && (
            <Form.Item name="note" label={t(open === 'reject' ? 'aftersales.rejectReason' : 'aftersales.cancelReason')} rules={[{ required: open === 'reject', message: t('aftersales.reasonRequired') }]}>
              <Input.TextArea rows={3} maxLength={500} />
            </Form.Item>
          )}
          {(open === 'ship_back' || open === 'ship_replacement') && (
            <>
              {open === 'ship_replacement' && (r.lines.some((l) => l.heldQty > 0)
                ? <Typography.Paragraph type="secondary" data-testid="aftersales-held-hint">{parcelWarehouses.length > 1 ? t('aftersales.twoParcels', { n: parcelWarehouses.length }) : t('aftersales.shipsFromHeld')}</Typography.Paragraph>
                : <Form.Item name="warehouseId" label={t('aftersales.shipFrom')} extra={t('aftersales.shipFromAuto')}><Select allowClear options={whOptions} /></Form.Item>)}
              {open === 'ship_replacement' && parcelWarehouses.length > 1 ? parcelWarehouses.map((id, i) => (
                <div key={id} data-testid="aftersales-parcel">
                  <Typography.Text strong>{t('aftersales.parcelFrom', { name: whName(id) })}</Typography.Text>
                  <Space wrap>
                    <Form.Item name={['parcels', i, 'carrier']} label={t('aftersales.carrier')} rules={[{ required: true, message: t('aftersales.carrier') }]}><Input maxLength={50} /></Form.Item>
                    <Form.Item name={['parcels', i, 'trackingNo']} label={t('aftersales.trackingNo')}><Input maxLength={50} /></Form.Item>
                  </Space>
                </div>
              )) : (
                <>
                  <Form.Item name="carrier" label={t('aftersales.carrier')} rules={[{ required: true, message: t('aftersales.carrier') }]}><Input maxLength={50} /></Form.Item>
                  <Form.Item name="trackingNo" label={t('aftersales.trackingNo')} rules={[{ required: open === 'ship_back', message: t('aftersales.trackingNo') }]}><Input maxLength={50} /></Form.Item>
                </>
              )}
            </>
          )}
          {open === 'receive' && (
            <>
              <Form.Item name="warehouseId" label={t('aftersales.warehouse')} rules={[{ required: true }]}><Select options={whOptions} /></Form.Item>
              <Form.List name="lines">
                {(fields) => fields.map((f, i) => {
                  const l = r.lines[i]!;
                  return (
                    <div key={f.key} style={{ marginBottom: 12 }} data-testid="aftersales-inspect-line">
                      <Typography.Text strong>{l.name} × {l.qtyText}</Typography.Text>
                      <Space wrap>
                        <Form.Item name={[f.name, 'toStock']} label={`${t('aftersales.toStock')}（${l.baseUnit}）`}><InputNumber min={0} max={l.qty} precision={0} /></Form.Item>
                        <Form.Item name={[f.name, 'defective']} label={`${t('aftersales.defective')}（${l.baseUnit}）`}><InputNumber min={0} max={l.qty} precision={0} /></Form.Item>
                        <Form.Item name={[f.name, 'refused']} label={`${t('aftersales.refused')}（${l.baseUnit}）`}><InputNumber min={0} max={l.qty} precision={0} /></Form.Item>
                      </Space>
                      <Form.Item name={[f.name, 'refuseReason']} label={t('aftersales.refuseReason')}><Input maxLength={200} /></Form.Item>
                    </div>
                  );
                })}
              </Form.List>
            </>
          )}
          {open === 'refund' && (
            <>
              <Form.Item name="amount" label={t('aftersales.refundAmount')} extra={t('aftersales.refundMax', { max: fen(max) })} rules={[{ required: true }]}><Input inputMode="decimal" /></Form.Item>
              <Form.Item name="destination" label={t('aftersales.refundTo')}>
                <Radio.Group options={[{ value: 'balance', label: t('aftersales.toBalance') }, { value: 'original', label: t('aftersales.toOriginal') }]} />
              </Form.Item>
              <Form.Item name="note" label={t('aftersales.refundNote')}><Input maxLength={500} /></Form.Item>
            </>
          )}
        </Form>
      </Modal>
    </>
  );
}
