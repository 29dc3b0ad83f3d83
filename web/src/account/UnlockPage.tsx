import { Alert, Button, Card, Result, Typography } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { client } from '../lib/client';
import { ApiError } from '../lib/api';

/**
 * /unlock?token=… — the page an unlock e-mail links to (issue 22). It asks for a press before
 * using the token, so a mail scanner that opens links does not spend it.
 */
export function UnlockPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const unlock = useMutation({ mutationFn: () => client.post('/api/auth/unlock', { body: { token } }) });
  return (
    <div style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', padding: 16, background: '#f5f7fa' }}>
      <Card style={{ width: '100%', maxWidth: 400 }} data-testid="unlock-page">
        {unlock.isSuccess ? (
          <Result status="success" title={t('auth.unlockDone', { login: unlock.data.login })} extra={<Link to="/login"><Button type="primary">{t('auth.unlockToLogin')}</Button></Link>} />
        ) : (
          <>
            <Typography.Title level={4} style={{ marginTop: 0 }}>{t('auth.unlockTitle')}</Typography.Title>
            {!token && <Alert type="warning" showIcon message={t('auth.unlockNoToken')} style={{ marginBottom: 12 }} />}
            {unlock.isError && <Alert type="error" showIcon message={unlock.error instanceof ApiError ? unlock.error.message : String(unlock.error)} style={{ marginBottom: 12 }} data-testid="unlock-error" />}
            <Typography.Paragraph type="secondary">{t('auth.unlockIntro')}</Typography.Paragraph>
            <Button type="primary" block size="large" disabled={!token || unlock.isPending} onClick={() => unlock.mutate()} data-testid="unlock-do">{t('auth.unlockDo')}</Button>
            <div style={{ marginTop: 12, textAlign: 'center' }}><Link to="/login">{t('auth.unlockToLogin')}</Link></div>
          </>
        )}
      </Card>
    </div>
  );
}
