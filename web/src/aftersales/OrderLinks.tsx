import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMe } from '../lib/auth';

/**
 * After-sales entry points on an order page: the buyer applies (售后退货 and the rest) once
 * something has shipped; staff see the order's requests and reps / admins may raise one.
 */
export function AftersalesLinks({ order, staff }: { order: { id: number; lines: { shippedQty: number }[] }; staff: boolean }) {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const shipped = order.lines.some((l) => l.shippedQty > 0);
  if (!staff) return shipped ? <Link to={`/aftersales/new?orderId=${order.id}`}><Button data-testid="apply-aftersales">{t('aftersales.apply')}</Button></Link> : null;
  return (
    <>
      <Link to={`/admin/aftersales?orderId=${order.id}`}><Button>{t('aftersales.orderHasAftersales')}</Button></Link>
      {shipped && (me?.role === 'admin' || me?.role === 'sales') && <Link to={`/admin/aftersales/new?orderId=${order.id}`}><Button>{t('aftersales.staffNew')}</Button></Link>}
    </>
  );
}

/** On a customer's page: reps and admins file a complaint (代客投诉) or raise after-sales for that customer. */
export function CustomerComplaintLink({ companyId }: { companyId: number }) {
  const { t } = useTranslation();
  const { data: me } = useMe();
  if (me?.role !== 'admin' && me?.role !== 'sales') return null;
  return <Link to={`/admin/complaints/new?companyId=${companyId}`}><Button data-testid="customer-file-complaint">{t('aftersales.complaint.staffNew')}</Button></Link>;
}
