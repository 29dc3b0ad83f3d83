import { Button, Input, Modal, Space, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ActorName } from '../lib/actor';
import { dateTime } from '../lib/format';
import { DANGER, NEEDS_REASON, STATUS_COLOR, type HistoryEntry, type OrderEvent, type OrderStatus, type Shipment } from './api';

export function StatusTag({ status }: { status: OrderStatus }) {
  const { t } = useTranslation();
  return <Tag color={STATUS_COLOR[status]} data-testid="order-status">{t(`orders.status.${status}`)}</Tag>;
}

/** The order's timeline, newest first. */
export function OrderTimeline({ history }: { history: HistoryEntry[] }) {
  const { t } = useTranslation();
  return (
    <Timeline
      items={[...history].reverse().map((h) => ({
        color: h.toStatus === 'rejected' || h.toStatus === 'cancelled' ? 'red' : h.toStatus === 'completed' ? 'green' : 'blue',
        children: (
          <div>
            <b>{t(`orders.event.${h.event}`)}</b> → {t(`orders.status.${h.toStatus}`)}
            {(h.data as { onBehalf?: boolean } | null)?.onBehalf && <Tag style={{ marginLeft: 8 }}>{t('orders.onBehalf')}</Tag>}
            <div><Typography.Text type="secondary">{dateTime(h.at)} · <ActorName name={h.actorName} role={h.actorRole} /></Typography.Text></div>
            {h.note && <div style={{ whiteSpace: 'pre-wrap' }}>{h.note}</div>}
          </div>
        ),
      }))}
    />
  );
}

/** One button per event the server says the viewer may do; rejections and cancellations ask for a reason. */
export function EventButtons({ events, busy, onEvent }: { events: OrderEvent[]; busy: boolean; onEvent: (event: OrderEvent, note?: string) => void }) {
  const { t } = useTranslation();
  const [asking, setAsking] = useState<OrderEvent | null>(null);
  const [note, setNote] = useState('');
  return (
    <>
      <Space wrap>
        {events.map((e) => (
          <Button key={e} type={DANGER.has(e) ? 'default' : 'primary'} danger={DANGER.has(e)} loading={busy}
            onClick={() => (NEEDS_REASON.has(e) ? (setNote(''), setAsking(e)) : onEvent(e))}>{t(`orders.event.${e}`)}</Button>
        ))}
      </Space>
      <Modal open={!!asking} title={asking ? t(`orders.event.${asking}`) : ''} okButtonProps={{ disabled: !note.trim(), danger: true }}
        onCancel={() => setAsking(null)} onOk={() => { onEvent(asking!, note.trim()); setAsking(null); }}>
        <Input.TextArea rows={3} maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} placeholder={t('orders.reasonRequired')} aria-label={t('orders.reason')} />
      </Modal>
    </>
  );
}

/** Tracking events of a shipment, newest first. */
export function TrackingList({ s }: { s: Shipment }) {
  if (!s.tracking.length) return null;
  return (
    <Timeline style={{ marginTop: 8 }} items={s.tracking.map((e) => ({ children: <span>{dateTime(e.at)} {e.place ? `· ${e.place}` : ''} · {e.description}</span> }))} />
  );
}
