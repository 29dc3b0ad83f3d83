import { Button, Grid, Modal, QRCode, Space, Typography } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { client } from '../lib/client';
import { fen } from '../lib/format';
import { useFail } from './common';
import type { Payment } from './types';

/**
 * Starts an online payment and takes the buyer to it. On a desktop the payment is created with
 * channel 'qr' and shown as a QR code to scan with the phone's pay app (WeChat Pay Native, Alipay
 * precreate), with 我已付款 asking the provider for the result; on a phone it is created with
 * channel 'mobile' (WeChat Pay H5, Alipay mobile-web pay) and the phone's browser goes to it —
 * a weixin:// QR link would not open a payment there. The provider brings the buyer back to the
 * page with ?payment=…, which asks for the result.
 */
export function useOnlinePay(onPaid: () => void) {
  const { t } = useTranslation();
  const fail = useFail();
  const desktop = Grid.useBreakpoint().md;
  const [qr, setQr] = useState<Payment | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const check = useMutation({
    mutationFn: () => client.post('/api/my/payments/{id}/sync', { path: { id: qr!.id } }),
    onSuccess: (p) => {
      if (p.status === 'succeeded') { setQr(null); setNote(null); onPaid(); } else setNote(t('pay.notYetPaid'));
    },
    onError: fail,
  });
  /** Starts an online payment with the channel this device needs (send calls one of the online-pay routes), then shows the QR code or opens the pay page. */
  const start = async (send: (channel: 'qr' | 'mobile') => Promise<Payment>) => {
    const channel: 'qr' | 'mobile' = desktop ? 'qr' : 'mobile';
    const p = await send(channel);
    if (!p.payUrl) return;
    if (channel === 'qr') { setNote(null); setQr(p); } else window.location.assign(p.payUrl);
  };
  const modal = (
    <Modal open={!!qr} title={t('pay.scanTitle')} onCancel={() => setQr(null)} footer={[
      <Button key="open" href={qr?.payUrl ?? undefined}>{t('pay.openPayPage')}</Button>,
      <Button key="check" type="primary" loading={check.isPending} onClick={() => check.mutate()} data-testid="qr-check">{t('pay.iHavePaid')}</Button>,
    ]}>
      {qr?.payUrl && (
        <Space direction="vertical" align="center" style={{ width: '100%' }} data-testid="pay-qr">
          <QRCode value={qr.payUrl} size={200} />
          <Typography.Text strong style={{ fontSize: 20 }}>{fen(qr.amount)}</Typography.Text>
          <Typography.Text type="secondary">{t('pay.scanHint')}</Typography.Text>
          {note && <Typography.Text type="warning">{note}</Typography.Text>}
        </Space>
      )}
    </Modal>
  );
  return { start, modal };
}

/**
 * Back from the provider's pay page (?payment=<id>): asks the provider for the result right away
 * instead of waiting for its notification, then refreshes the page's data.
 */
export function usePaymentReturn(refresh: () => void) {
  const [search] = useSearchParams();
  const returned = search.get('payment');
  useEffect(() => {
    if (returned) void client.post('/api/my/payments/{id}/sync', { path: { id: returned } }).then(refresh).catch(() => undefined);
  }, [returned]);
}
