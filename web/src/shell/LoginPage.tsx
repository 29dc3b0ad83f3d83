import { Alert, Button, Card, Checkbox, Form, Input, Typography } from 'antd';
import { KeyOutlined, LockOutlined, SafetyOutlined, UserOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ApiError } from '../lib/api';
import { client } from '../lib/client';
import { homeOf, type Me } from '../lib/auth';
import { publicRoutes } from '../lib/registry';
import { LanguageSwitch } from '../lib/LanguageSwitch';
import { useSupplierName } from '../lib/supplier';

export function LoginPage() {
  const { t } = useTranslation();
  const supplier = useSupplierName();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // The demo hint (published password) only when the server runs in demo mode.
  const options = useQuery({ queryKey: ['auth-options'], queryFn: () => client.get('/api/auth/options'), staleTime: Infinity });

  // With two-factor sign-in on, the password answers a pending sign-in (5 minutes) to finish
  // with a code from the app or a recovery code.
  const [challenge, setChallenge] = useState<string | null>(null);
  const [recovery, setRecovery] = useState(false);
  // Refused after failed sign-ins (423): the owner can have an unlock link e-mailed.
  const [locked, setLocked] = useState<string | null>(null);
  const [unlockSent, setUnlockSent] = useState(false);
  const lastLogin = useRef('');

  const signedIn = (me: Me) => {
    qc.setQueryData(['me'], me);
    const next = new URLSearchParams(window.location.search).get('next');
    navigate(next && next.startsWith('/') ? next : homeOf(me), { replace: true });
  };
  const attempt = async (run: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await run();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
      if (e instanceof ApiError && e.code === 'ACCOUNT_LOCKED') setLocked(lastLogin.current);
    } finally {
      setBusy(false);
    }
  };
  const requestUnlock = async () => {
    if (!locked) return;
    await attempt(async () => {
      await client.post('/api/auth/unlock/request', { body: { login: locked } });
      setUnlockSent(true);
    });
  };
  const onFinish = (v: { login: string; password: string }) => attempt(async () => {
    lastLogin.current = v.login;
    setUnlockSent(false);
    const r = await client.post('/api/auth/login', { body: v });
    if ('twoFactor' in r) {
      setChallenge(r.twoFactor.challenge);
      setRecovery(false);
    } else signedIn(r);
  });
  const onCode = (v: { code: string; remember?: boolean }) => attempt(async () => {
    if (challenge) signedIn(await client.post('/api/auth/login/two-factor', { body: { challenge, code: v.code.trim(), rememberDevice: !!v.remember } }));
  });

  return (
    <div style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', background: 'linear-gradient(135deg,#e6f4ff,#f0f5ff 60%,#fff)', padding: 16 }}>
      <Card style={{ width: '100%', maxWidth: 380 }} styles={{ body: { padding: 28 } }}>
        <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', marginBottom: 8 }}>
          <Typography.Title level={3} style={{ margin: 0 }}>{t('app.name')}</Typography.Title>
          <LanguageSwitch />
        </div>
        {supplier && <Typography.Paragraph type="secondary" data-testid="login-supplier">{supplier}</Typography.Paragraph>}
        {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} data-testid="login-error" />}
        {locked && !challenge && (unlockSent
          ? <Alert type="info" showIcon message={t('auth.unlockSent')} style={{ marginBottom: 16 }} data-testid="unlock-sent" />
          : <Button type="link" style={{ padding: 0, marginTop: -8, marginBottom: 12 }} onClick={() => void requestUnlock()} data-testid="unlock-request">{t('auth.unlockRequest')}</Button>)}
        {challenge ? (
          <Form key={recovery ? 'recovery' : 'app'} layout="vertical" onFinish={onCode} requiredMark={false} data-testid="two-factor-login">
            <Typography.Title level={5} style={{ marginTop: 0 }}>{t('twoFactor.loginTitle')}</Typography.Title>
            <Typography.Paragraph type="secondary">{recovery ? t('twoFactor.loginRecoveryIntro') : t('twoFactor.loginIntro')}</Typography.Paragraph>
            <Form.Item name="code" label={recovery ? t('twoFactor.recoveryCode') : t('twoFactor.code')}
              rules={[{ required: true, message: recovery ? t('twoFactor.recoveryRequired') : t('twoFactor.codeRequired') }]}>
              {recovery
                ? <Input prefix={<KeyOutlined />} autoComplete="off" size="large" maxLength={20} autoFocus translate="no" />
                : <Input prefix={<SafetyOutlined />} inputMode="numeric" autoComplete="one-time-code" size="large" maxLength={6} autoFocus />}
            </Form.Item>
            <Form.Item name="remember" valuePropName="checked" style={{ marginTop: -8 }}>
              <Checkbox data-testid="remember-device">{t('twoFactor.rememberDevice')}</Checkbox>
            </Form.Item>
            <Button type="primary" htmlType="submit" block size="large" loading={busy}>{t('twoFactor.verify')}</Button>
            <div style={{ marginTop: 12, display: 'flex', justifyContent: 'space-between' }}>
              <Button type="link" style={{ padding: 0 }} onClick={() => { setRecovery(!recovery); setError(null); }}>{recovery ? t('twoFactor.useApp') : t('twoFactor.useRecovery')}</Button>
              <Button type="link" style={{ padding: 0 }} onClick={() => { setChallenge(null); setError(null); }}>{t('twoFactor.back')}</Button>
            </div>
          </Form>
        ) : (
        <Form layout="vertical" onFinish={onFinish} requiredMark={false}>
          <Form.Item name="login" label={t('auth.login')} rules={[{ required: true, message: t('auth.loginRequired') }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" size="large" />
          </Form.Item>
          <Form.Item name="password" label={t('auth.password')} rules={[{ required: true, message: t('auth.passwordRequired') }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" size="large" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block size="large" loading={busy}>{t('auth.submit')}</Button>
        </Form>
        )}
        {options.data?.demo && <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0, fontSize: 12 }} data-testid="demo-hint">{t('auth.demoHint')}</Typography.Paragraph>}
        {publicRoutes.some((r) => r.path === 'register') && <div style={{ marginTop: 12, textAlign: 'center' }}><Link to="/register">{t('register.link')}</Link></div>}
      </Card>
    </div>
  );
}
