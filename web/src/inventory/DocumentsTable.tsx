import { Table } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { client } from '../lib/client';
import { dateTime } from '../lib/format';
import type { InvDocument } from './api';

/** The latest adjustments or transfers, newest first. */
export function DocumentsTable({ type }: { type: 'adjustment' | 'transfer' }) {
  const { t } = useTranslation();
  const docs = useQuery({ queryKey: ['inv-docs', type], queryFn: () => client.get('/api/inventory/documents', { query: { type, pageSize: 10 } }) });
  return (
    <Table<InvDocument> rowKey="id" size="small" pagination={false} loading={docs.isLoading} dataSource={docs.data?.items ?? []} scroll={{ x: 700 }} data-testid="documents"
      columns={[
        { title: t('inv.number'), dataIndex: 'number' },
        { title: type === 'transfer' ? t('inv.from') : t('inv.warehouse'), dataIndex: 'warehouseName' },
        ...(type === 'transfer' ? [{ title: t('inv.to'), dataIndex: 'toWarehouseName' }] : []),
        { title: t('inv.lineCount'), render: (_, d) => d.lines.length },
        { title: t('inv.reason'), dataIndex: 'reason', ellipsis: true },
        { title: t('inv.who'), dataIndex: 'actorName' },
        { title: t('inv.time'), dataIndex: 'createdAt', render: dateTime },
      ]} />
  );
}
