import { Card, List, Steps, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { dateTime, fen } from '../lib/format';
import { lineQuantity } from '../lib/quantity';
import { pathOf, STATUS_COLOR, type Detail, type Kind, type Status } from './api';

export function StatusTag({ status }: { status: Status }) {
  const { t } = useTranslation();
  return <Tag color={STATUS_COLOR[status]} data-testid="aftersales-status">{t(`aftersales.status.${status}`)}</Tag>;
}
/** 超时: waiting for the supplier longer than the SLA (after-sales settings). */
export function OverdueTag() {
  const { t } = useTranslation();
  return <Tag color="red" data-testid="aftersales-overdue">{t('aftersales.overdue')}</Tag>;
}
export function KindTag({ kind }: { kind: Kind }) {
  const { t } = useTranslation();
  return <Tag>{t(`aftersales.kind.${kind}`)}</Tag>;
}

/** Where the request stands on its kind's path (a rejected or cancelled one stops where it was). */
export function Progress({ r }: { r: Detail }) {
  const { t } = useTranslation();
  const path = pathOf(r.kind);
  const stopped = r.status === 'rejected' || r.status === 'cancelled';
  const reached = stopped ? Math.max(0, ...r.history.map((h) => path.indexOf(h.fromStatus as Status))) : Math.max(0, path.indexOf(r.status === 'draft' ? 'submitted' : r.status));
  return (
    <Steps size="small" direction="vertical" current={reached} status={stopped ? 'error' : r.status === 'completed' ? 'finish' : 'process'}
      items={path.map((s, i) => ({ title: stopped && i === reached ? t(`aftersales.status.${r.status}`) : t(`aftersales.status.${s}`) }))} />
  );
}

export function Lines({ r }: { r: Detail }) {
  const { t } = useTranslation();
  return (
    <Card size="small" title={t('aftersales.lines')}>
      <List dataSource={r.lines} renderItem={(l) => (
        <List.Item>
          <div style={{ width: '100%' }}>
            <div>{l.name} <Typography.Text type="secondary">{l.skuCode}</Typography.Text></div>
            <div style={{ display: 'flex', justifyContent: 'space-between', flexWrap: 'wrap', gap: 8 }}>
              <span data-testid="aftersales-line-qty">× {l.qtyText}</span>
              <Typography.Text type="secondary">{t('aftersales.paid', { v: fen(l.paidAmount) })}</Typography.Text>
            </div>
            {l.heldQty > 0 && <div><Tag color="blue" data-testid="aftersales-held">{t('aftersales.held', { q: lineQuantity(l.heldQty, l) })}</Tag></div>}
            {l.replacementQtyText && <div data-testid="aftersales-replacement-qty">{t('aftersales.replacementSent', { q: l.replacementQtyText })}</div>}
            {(l.toStockQty > 0 || l.defectiveQty > 0 || l.refusedQty > 0) && (
              <Typography.Text type="secondary">{t('aftersales.inspected', { a: l.toStockQty, b: l.defectiveQty, c: l.refusedQty })}{l.refuseReason ? `（${l.refuseReason}）` : ''}</Typography.Text>
            )}
          </div>
        </List.Item>
      )} />
    </Card>
  );
}

export function History({ r }: { r: Detail }) {
  const { t } = useTranslation();
  // "张伟 (customer_buyer)" → "张伟（采购员）"
  const actor = (label: string | null) => {
    if (!label || label === 'system') return t('aftersales.system');
    const m = /^(.*) \((\w+)\)$/.exec(label);
    return m ? `${m[1]}（${t(`roles.${m[2]}`)}）` : label;
  };
  return (
    <Card size="small" title={t('aftersales.timeline')}>
      <Timeline items={[...r.history].reverse().map((h) => ({
        color: h.toStatus === 'rejected' || h.toStatus === 'cancelled' ? 'red' : h.toStatus === 'completed' ? 'green' : 'blue',
        children: (
          <div>
            <b>{t(`aftersales.event.${h.event}`)}</b> → {t(`aftersales.status.${h.toStatus}`)}
            <div><Typography.Text type="secondary">{dateTime(h.at)} · {actor(h.actorLabel)}</Typography.Text></div>
            {h.note && <div style={{ whiteSpace: 'pre-wrap' }}>{h.note}</div>}
          </div>
        ),
      }))} />
    </Card>
  );
}

/** The return shipment and the refunds of a request, when it has any. */
export function Money({ r }: { r: Detail }) {
  const { t } = useTranslation();
  if (r.refundAmount == null && !r.returnTrackingNo) return null;
  return (
    <Card size="small">
      {r.returnCarrier && <div>{t('aftersales.returnShipment')}：{r.returnCarrier} {r.returnTrackingNo}</div>}
      {r.refundAmount != null && (
        <div data-testid="aftersales-refund">
          {t('aftersales.refunded')}：<b>{fen(r.refundAmount)}</b>
          {r.refunds.length > 0 && <> · {r.refunds.map((x) => `${x.number} ${fen(x.amount)} → ${x.destination === 'balance' ? t('aftersales.toBalance') : t('aftersales.toOriginal')}`).join('；')}</>}
          {r.refunds.length === 0 && r.creditAmount > 0 && <> · {t('aftersales.credit')} {fen(r.creditAmount)}</>}
          {r.refundNote && <div>{r.refundNote}</div>}
        </div>
      )}
    </Card>
  );
}

/**
 * The replacement's shipments (换货/补发发货单 SH…-1): they go out through the warehouse's normal
 * pick list and shipments, with carrier, tracking events and the printable delivery note.
 */
export function Shipments({ r, staff }: { r: Detail; staff?: boolean }) {
  const { t } = useTranslation();
  if (!r.shipments.length) return null;
  return (
    <Card size="small" title={t('aftersales.replacement')} data-testid="aftersales-shipments"
      extra={<a href={`/api/${staff ? '' : 'my/'}aftersales/${r.id}/delivery-note`} target="_blank" rel="noreferrer" data-testid="aftersales-delivery-note">{t('aftersales.deliveryNote')}</a>}>
      {r.shipments.map((s) => (
        <div key={s.id} data-testid="aftersales-shipment" style={{ marginBottom: 8 }}>
          <div><b>{s.number}</b> <Tag color={s.status === 'received' ? 'green' : 'blue'}>{t(`aftersales.shipment.${s.status}`)}</Tag></div>
          <Typography.Text type="secondary">{s.warehouseName} · {s.carrier} {s.trackingNo ?? ''} · {dateTime(s.shippedAt)}</Typography.Text>
          {s.lines.map((l) => <div key={l.orderLineId}>{l.skuCode} {l.name} {l.specText} × <b style={{ whiteSpace: 'nowrap' }}>{lineQuantity(l.qty, l)}</b></div>)}
          {s.tracking.length > 0 && (
            <Timeline style={{ marginTop: 8 }} items={s.tracking.map((e) => ({ children: <><div>{e.description}{e.place ? ` · ${e.place}` : ''}</div><Typography.Text type="secondary">{dateTime(e.at)}</Typography.Text></> }))} />
          )}
        </div>
      ))}
    </Card>
  );
}
