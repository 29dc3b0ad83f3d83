import { Alert, Button, DatePicker, Form, InputNumber, Select, Space, Table, Tag, Typography } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { client, type Response } from '../lib/client';
import { fen } from '../lib/format';
import { useFail } from '../customers/common';
import { useWarehouses } from '../inventory/api';
import type { Booking } from './types';

type Result = Response<'/api/fairs/{id}/convert', 'post'>;
const newKey = () => `convert-${Date.now()}-${Math.random().toString(36).slice(2, 10)}`;

/** Staff: after the fair, bookings become delivery orders in a batch (delivery date, warehouse region), all or part of each line. */
export function FairConvert({ fairId, bookings, closed }: { fairId: number; bookings: Booking[]; closed: boolean }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const fail = useFail();
  const warehouses = useWarehouses(true);
  const [date, setDate] = useState<Dayjs>(dayjs().add(3, 'day'));
  const [warehouseId, setWarehouseId] = useState<number | null>(null);
  const [selected, setSelected] = useState<number[]>([]);
  const [qty, setQty] = useState<Record<number, number>>({});
  const [result, setResult] = useState<Result | null>(null);
  const key = useRef(newKey());
  const open = bookings.filter((b) => b.status === 'booked');
  const convert = useMutation({
    mutationFn: (all: boolean) => client.post('/api/fairs/{id}/convert', { path: { id: fairId }, body: {
      deliveryDate: date.format('YYYY-MM-DD'), warehouseId,
      ...(all ? {} : { bookings: selected.map((bookingId) => ({ bookingId, lines: open.find((b) => b.id === bookingId)!.lines.filter((l) => l.qty > l.convertedQty).map((l) => ({ skuId: l.skuId, qty: qty[l.id] ?? l.qty - l.convertedQty })).filter((l) => l.qty > 0) })) }),
    }, idempotencyKey: key.current }),
    onSuccess: (r) => {
      key.current = newKey();
      setResult(r);
      setSelected([]);
      setQty({});
      void qc.invalidateQueries({ queryKey: ['fair-bookings', fairId] });
    },
    onError: fail,
  });
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="fair-convert">
      <Form layout="inline">
        <Form.Item label={t('fair.deliveryDate')}><DatePicker value={date} onChange={(d) => d && setDate(d)} allowClear={false} data-testid="convert-date" /></Form.Item>
        <Form.Item label={t('fair.warehouse')}>
          <Select style={{ width: 180 }} value={warehouseId ?? 0} onChange={(v) => setWarehouseId(v || null)}
            options={[{ value: 0, label: t('fair.allWarehouses') }, ...(warehouses.data ?? []).map((w) => ({ value: w.id, label: w.name }))]} />
        </Form.Item>
        <Button type="primary" disabled={!closed || !selected.length} loading={convert.isPending} onClick={() => convert.mutate(false)} data-testid="convert-selected">{t('fair.convertSelected')}</Button>
        <Button disabled={!closed || !open.length} loading={convert.isPending} onClick={() => convert.mutate(true)} data-testid="convert-all">{t('fair.convertAll')}</Button>
      </Form>
      {result && (
        <Alert type={result.skipped.length ? 'warning' : 'success'} showIcon data-testid="convert-result" closable onClose={() => setResult(null)}
          message={t('fair.converted', { n: result.converted.length })}
          description={<>
            {result.converted.map((c) => <div key={c.orderId}><span translate="no">{c.bookingNumber}</span> → <Link to={`/admin/orders/${c.orderId}`} translate="no">{c.orderNumber}</Link> {fen(c.amount)}</div>)}
            {result.skipped.map((s) => <div key={s.bookingNumber}>{t('fair.skipped', { msg: s.message })}</div>)}
          </>} />
      )}
      <Typography.Text type="secondary">{t('fair.pickBookings')}</Typography.Text>
      <Table<Booking> rowKey="id" size="small" dataSource={open} pagination={{ pageSize: 50, hideOnSinglePage: true }} scroll={{ x: 'max-content' }}
        rowSelection={{ selectedRowKeys: selected, onChange: (keys) => setSelected(keys as number[]), getCheckboxProps: () => ({ disabled: !closed }) }}
        columns={[
          { title: t('fair.bookings'), dataIndex: 'number', render: (v: string) => <span translate="no">{v}</span> },
          { title: t('fair.customer'), dataIndex: 'companyName' },
          { title: t('fair.region'), dataIndex: 'province' },
          { title: t('fair.total'), dataIndex: 'total', render: (v: number) => fen(v) },
          {
            title: t('fair.remaining'), render: (_, b) => (
              <Space direction="vertical" size={2}>
                {b.lines.filter((l) => l.qty > l.convertedQty).map((l) => (
                  <Space key={l.id} size={4}>
                    <span>{l.name}</span>
                    <InputNumber size="small" min={0} max={l.qty - l.convertedQty} precision={0} value={qty[l.id] ?? l.qty - l.convertedQty} onChange={(v) => setQty((o) => ({ ...o, [l.id]: Number(v ?? 0) }))}
                      aria-label={`${b.number} ${l.code}`} data-testid={`convert-qty-${b.number}-${l.code}`} style={{ width: 90 }} />
                    <Tag>{`/ ${l.qty - l.convertedQty} ${l.unit}`}</Tag>
                  </Space>
                ))}
              </Space>
            ),
          },
        ]} />
    </Space>
  );
}
