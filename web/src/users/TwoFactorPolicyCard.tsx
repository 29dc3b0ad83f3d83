import { App, Button, Card, Checkbox, Space, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client } from '../lib/client';
import { ApiError } from '../lib/api';

const STAFF_ROLES = ['admin', 'sales', 'warehouse', 'finance'] as const;
type StaffRole = (typeof STAFF_ROLES)[number];

/**
 * The company's two-factor requirement (issue 22): which staff roles must sign in with a second
 * factor. Saving holds the signed-in members of those roles who have not set it up to the setup.
 */
export function TwoFactorPolicyCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const policy = useQuery({ queryKey: ['two-factor-policy'], queryFn: () => client.get('/api/auth/two-factor/policy') });
  const [roles, setRoles] = useState<StaffRole[]>([]);
  useEffect(() => { if (policy.data) setRoles(policy.data.roles); }, [policy.data]);
  const save = useMutation({
    mutationFn: (next: StaffRole[]) => client.put('/api/auth/two-factor/policy', { body: { roles: next } }),
    onSuccess: (r) => { qc.setQueryData(['two-factor-policy'], r); message.success(t('twoFactor.policySaved')); },
    onError: (e) => message.error(e instanceof ApiError ? e.message : String(e)),
  });
  const saved = policy.data?.roles ?? [];
  const changed = roles.length !== saved.length || roles.some((r) => !saved.includes(r));
  return (
    <Card size="small" title={t('twoFactor.policyTitle')} loading={policy.isLoading} style={{ marginBottom: 16 }} data-testid="two-factor-policy">
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>{t('twoFactor.policyIntro')}</Typography.Paragraph>
      <Space wrap>
        <Checkbox.Group value={roles} onChange={(v) => setRoles(v as StaffRole[])}
          options={STAFF_ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))} />
        <Button type="primary" size="small" disabled={!changed || save.isPending} onClick={() => save.mutate(roles)} data-testid="two-factor-policy-save">{t('twoFactor.policySave')}</Button>
      </Space>
      {saved.length === 0 && <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>{t('twoFactor.policyNone')}</Typography.Paragraph>}
    </Card>
  );
}
