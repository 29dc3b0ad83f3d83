import { Alert, App, Button, Card, Input, Modal, Space, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client, type Response } from '../lib/client';
import { ApiError } from '../lib/api';
import { useMe } from '../lib/auth';
import { dateTime } from '../lib/format';

type Setup = Response<'/api/auth/two-factor/setup', 'post'>;

/**
 * Staff two-factor sign-in (issue 22): turn it on with a QR code (or the secret typed in), confirm
 * with a code, and see the 10 recovery codes once; then new recovery codes or turning it off, both
 * with a current code. While the role requires it and it is off, this is the only screen open.
 */
export function TwoFactorCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const { data: me } = useMe();
  const [setup, setSetup] = useState<Setup | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [code, setCode] = useState('');
  const status = useQuery({ queryKey: ['two-factor'], queryFn: () => client.get('/api/auth/two-factor') });
  const fail = (e: unknown) => message.error(e instanceof ApiError ? e.message : String(e));
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: ['two-factor'] });
    // `twoFactorSetupRequired` on /auth/me clears once it is on: the rest of the console opens.
    void qc.invalidateQueries({ queryKey: ['me'] });
  };

  const begin = useMutation({ mutationFn: () => client.post('/api/auth/two-factor/setup'), onSuccess: setSetup, onError: fail });
  const confirm = useMutation({
    mutationFn: (code: string) => client.post('/api/auth/two-factor/confirm', { body: { code } }),
    onSuccess: (r) => { setSetup(null); setCode(''); setCodes(r.recoveryCodes); message.success(t('twoFactor.enabled')); refresh(); },
    onError: fail,
  });
  const regenerate = useMutation({
    mutationFn: (code: string) => client.post('/api/auth/two-factor/recovery-codes', { body: { code } }),
    onSuccess: (r) => { setCode(''); setCodes(r.recoveryCodes); refresh(); },
    onError: fail,
  });
  const disable = useMutation({
    mutationFn: (code: string) => client.post('/api/auth/two-factor/disable', { body: { code } }),
    onSuccess: () => { setCode(''); message.success(t('twoFactor.disabled')); refresh(); void qc.invalidateQueries({ queryKey: ['devices'] }); },
    onError: fail,
  });
  const s = status.data;
  const withCode = (run: (code: string) => void) => () => (code.trim() ? run(code.trim()) : message.warning(t('twoFactor.codeRequired')));
  const codeInput = (maxLength: number) => (
    <Input value={code} onChange={(e) => setCode(e.target.value)} placeholder={t('twoFactor.code')} inputMode={maxLength === 6 ? 'numeric' : undefined}
      autoComplete="one-time-code" maxLength={maxLength} style={{ width: 160 }} aria-label={t('twoFactor.code')} />
  );

  return (
    <Card title={t('twoFactor.title')} loading={status.isLoading} data-testid="two-factor"
      extra={s && <Space><Tag color={s.enabled ? 'green' : 'default'}>{s.enabled ? t('twoFactor.on') : t('twoFactor.off')}</Tag>{s.required && <Tag color="orange">{t('twoFactor.requiredTag')}</Tag>}</Space>}>
      {me?.twoFactorSetupRequired && <Alert type="warning" showIcon message={t('twoFactor.setupRequired')} style={{ marginBottom: 12 }} data-testid="two-factor-required" />}
      <Typography.Paragraph type="secondary">{t('twoFactor.intro')}</Typography.Paragraph>
      {s && !s.enabled && !setup && <Button type="primary" onClick={() => begin.mutate()} loading={begin.isPending}>{t('twoFactor.enable')}</Button>}
      {s && !s.enabled && setup && (
        <div>
          <Typography.Paragraph>{t('twoFactor.scan')}</Typography.Paragraph>
          <img src={setup.qrCode} alt={t('twoFactor.title')} width={180} height={180} style={{ display: 'block', marginBottom: 8, border: '1px solid #f0f0f0' }} data-testid="two-factor-qr" />
          <Typography.Paragraph>
            {t('twoFactor.secret')}：<Typography.Text code copyable translate="no" data-testid="two-factor-secret">{setup.secret}</Typography.Text>
          </Typography.Paragraph>
          {/* A form: Enter in the code field confirms too. The button is disabled, not "loading",
              while a try is on its way: after a refused code, antd's loading state swallowed the
              next press (issue 22: the right code needed a second press). */}
          <form onSubmit={(e) => { e.preventDefault(); if (!confirm.isPending) withCode((c) => confirm.mutate(c))(); }}>
            <Space wrap>
              {codeInput(6)}
              <Button type="primary" htmlType="submit" disabled={confirm.isPending} data-testid="two-factor-confirm">{t('twoFactor.confirm')}</Button>
              <Button onClick={() => { setSetup(null); setCode(''); }}>{t('twoFactor.cancel')}</Button>
            </Space>
          </form>
        </div>
      )}
      {s?.enabled && (
        <div>
          <Typography.Paragraph>
            {s.enabledAt && <>{t('twoFactor.since', { time: dateTime(s.enabledAt) })} · </>}
            <span data-testid="two-factor-codes-left">{t('twoFactor.codesLeft', { count: s.recoveryCodesLeft })}</span>
          </Typography.Paragraph>
          <Typography.Paragraph type="secondary">{s.required ? t('twoFactor.cannotDisable') : t('twoFactor.manageHint')}</Typography.Paragraph>
          <Space wrap>
            {codeInput(20)}
            <Button onClick={withCode((c) => regenerate.mutate(c))} disabled={regenerate.isPending}>{t('twoFactor.regenerate')}</Button>
            {!s.required && <Button danger onClick={withCode((c) => disable.mutate(c))} disabled={disable.isPending}>{t('twoFactor.disable')}</Button>}
          </Space>
        </div>
      )}
      {s?.enabled && <TrustedDevices />}
      <Modal open={!!codes} title={t('twoFactor.codesTitle')} closable={false} maskClosable={false} onOk={() => setCodes(null)}
        okText={t('twoFactor.saved')} cancelButtonProps={{ style: { display: 'none' } }}>
        <Alert type="warning" showIcon message={t('twoFactor.codesWarning')} style={{ marginBottom: 12 }} />
        <pre translate="no" data-testid="recovery-codes" style={{ columns: 2, fontSize: 15, background: '#fafafa', padding: 12, margin: '0 0 12px' }}>{codes?.join('\n')}</pre>
        <Typography.Text copyable={{ text: codes?.join('\n') ?? '', tooltips: [t('twoFactor.copyCodes'), t('twoFactor.copied')] }}>{t('twoFactor.copyCodes')}</Typography.Text>
      </Modal>
    </Card>
  );
}

/** Browsers remembered for 30 days ("remember this device" at sign-in): each can be forgotten. */
function TrustedDevices() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const devices = useQuery({ queryKey: ['devices'], queryFn: () => client.get('/api/auth/devices') });
  const fail = (e: unknown) => message.error(e instanceof ApiError ? e.message : String(e));
  const done = () => { void qc.invalidateQueries({ queryKey: ['devices'] }); message.success(t('twoFactor.deviceRevoked')); };
  const revoke = useMutation({ mutationFn: (id: number) => client.del('/api/auth/devices/{id}', { path: { id } }), onSuccess: done, onError: fail });
  const revokeAll = useMutation({ mutationFn: () => client.del('/api/auth/devices'), onSuccess: done, onError: fail });
  const list = devices.data ?? [];
  return (
    <div style={{ marginTop: 16 }} data-testid="trusted-devices">
      <Typography.Text strong>{t('twoFactor.devicesTitle')}</Typography.Text>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>{t('twoFactor.devicesIntro')}</Typography.Paragraph>
      {list.length === 0 && !devices.isLoading && <Typography.Text type="secondary">{t('twoFactor.noDevices')}</Typography.Text>}
      {list.map((d) => (
        <div key={d.id} data-testid="trusted-device" style={{ display: 'flex', gap: 8, alignItems: 'center', flexWrap: 'wrap', padding: '6px 0', borderBottom: '1px solid #f0f0f0' }}>
          <span style={{ flex: '1 1 200px' }}>
            {d.label || t('twoFactor.device')} {d.current && <Tag color="blue">{t('twoFactor.thisDevice')}</Tag>}
            <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
              {t('twoFactor.deviceSince', { time: dateTime(d.createdAt) })}{d.lastUsedAt ? ` · ${t('twoFactor.deviceUsed', { time: dateTime(d.lastUsedAt) })}` : ''} · {t('twoFactor.deviceUntil', { time: dateTime(d.expiresAt) })}{d.ip ? ` · ${d.ip}` : ''}
            </Typography.Text>
          </span>
          <Button size="small" onClick={() => revoke.mutate(d.id)} disabled={revoke.isPending}>{t('twoFactor.forget')}</Button>
        </div>
      ))}
      {list.length > 1 && <Button size="small" danger style={{ marginTop: 8 }} onClick={() => revokeAll.mutate()} disabled={revokeAll.isPending}>{t('twoFactor.forgetAll')}</Button>}
    </div>
  );
}
