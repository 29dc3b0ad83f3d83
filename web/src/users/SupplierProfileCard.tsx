import { App, Button, Card, Input, Space, Typography } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client } from '../lib/client';
import { ApiError } from '../lib/api';
import { useSupplierName } from '../lib/supplier';

/** The supplier's own name (console header, login and registration pages), set by an admin. */
export function SupplierProfileCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const saved = useSupplierName();
  const [name, setName] = useState('');
  useEffect(() => { setName(saved ?? ''); }, [saved]);
  const save = useMutation({
    mutationFn: (next: string) => client.put('/api/supplier-profile', { body: { name: next } }),
    onSuccess: (r) => { qc.setQueryData(['supplier-profile'], r); message.success(t('users.supplierSaved')); },
    onError: (e) => message.error(e instanceof ApiError ? e.message : String(e)),
  });
  return (
    <Card size="small" title={t('users.supplierTitle')} style={{ marginBottom: 16 }} data-testid="supplier-profile">
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>{t('users.supplierIntro')}</Typography.Paragraph>
      <Space.Compact style={{ width: '100%', maxWidth: 480 }}>
        <Input value={name} maxLength={100} onChange={(e) => setName(e.target.value)} placeholder={t('users.supplierPlaceholder')} data-testid="supplier-name" />
        <Button type="primary" disabled={!name.trim() || name.trim() === saved || save.isPending} onClick={() => save.mutate(name.trim())} data-testid="supplier-save">{t('common.save')}</Button>
      </Space.Compact>
    </Card>
  );
}
