import { App, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../lib/api';

const STATUS_COLOR: Record<string, string> = { pending: 'orange', succeeded: 'green', rejected: 'red', closed: 'default', issued: 'orange', confirmed: 'green', disputed: 'red', paid: 'green', partially_paid: 'blue', unpaid: 'orange', refunded: 'purple', partially_refunded: 'purple' };

/** A coloured tag for a payment, payment-status or statement status, in words. */
export function StatusTag({ group, value }: { group: 'status' | 'pstatus' | 'stStatus'; value: string }) {
  const { t } = useTranslation();
  return <Tag color={STATUS_COLOR[value] ?? 'default'}>{t(`pay.${group}.${value}`)}</Tag>;
}

/** Shows an API error the way the server worded it (with field details). */
export function useFail() {
  const { message } = App.useApp();
  return (e: unknown) =>
    message.error(e instanceof ApiError ? `${e.message}${Array.isArray(e.details) ? '：' + (e.details as { path: string; message: string }[]).map((d) => `${d.path} ${d.message}`).join('；') : ''}` : String(e));
}

export const thisMonth = () => new Date().toISOString().slice(0, 7);
export const lastMonth = () => {
  const d = new Date();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - 1);
  return d.toISOString().slice(0, 7);
};
