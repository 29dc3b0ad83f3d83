import { Alert, App, Button, Checkbox, Space, Table, Typography, Upload } from 'antd';
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../lib/api';
import { client } from '../lib/client';
import type { ImportResult } from './types';

type RowError = ImportResult['errors'][number];

/**
 * Excel import with a dry run first: the preview lists every bad row (nothing is written while
 * any row is bad); the import then replaces the breaks of the SKUs in the file. Export gives the
 * list in the same columns, so export → edit → import round-trips.
 */
export function ImportTab({ listId, canManage }: { listId: number; canManage: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [replaceAll, setReplaceAll] = useState(false);
  const [preview, setPreview] = useState<ImportResult | null>(null);
  const [rowErrors, setRowErrors] = useState<RowError[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = useMutation({
    mutationFn: (dryRun: boolean) => {
      const form = new FormData();
      form.append('file', file!);
      return client.upload('/api/price-lists/{id}/import', form, { path: { id: listId }, query: { dryRun: dryRun ? '1' : '0', replaceAll: replaceAll ? '1' : '0' } });
    },
    onMutate: () => { setError(null); setRowErrors(null); },
    onSuccess: (r) => {
      setPreview(r);
      if (!r.dryRun) {
        void message.success(t('pricing.imported', { rows: r.rows, skus: r.skus }));
        void qc.invalidateQueries({ queryKey: ['price-items', listId] });
        void qc.invalidateQueries({ queryKey: ['price-list', listId] });
      }
    },
    onError: (e) => {
      setPreview(null);
      if (e instanceof ApiError && Array.isArray(e.details) && e.code === 'PRICE_ROWS_INVALID') setRowErrors(e.details as RowError[]);
      setError(e instanceof ApiError ? e.message : String(e));
    },
  });
  return (
    <div data-testid="import-tab" style={{ maxWidth: 820 }}>
      <Space style={{ marginBottom: 16 }} wrap>
        <Button icon={<DownloadOutlined />} href={`/api/price-lists/${listId}/export.xlsx`} data-testid="export">{t('pricing.exportXlsx')}</Button>
      </Space>
      {canManage && (
        <>
          <Typography.Paragraph type="secondary">{t('pricing.importHint')}</Typography.Paragraph>
          <Space wrap style={{ marginBottom: 12 }}>
            <Upload accept=".xlsx,.xls,.csv" maxCount={1} beforeUpload={(f) => { setFile(f); setPreview(null); setRowErrors(null); setError(null); return false; }} onRemove={() => setFile(null)} showUploadList={{ showRemoveIcon: true }}>
              <Button icon={<UploadOutlined />}>{t('pricing.chooseFile')}</Button>
            </Upload>
            <Checkbox checked={replaceAll} onChange={(e) => setReplaceAll(e.target.checked)}>{t('pricing.replaceAll')}</Checkbox>
            <Button disabled={!file} loading={run.isPending && run.variables === true} onClick={() => run.mutate(true)}>{t('pricing.dryRun')}</Button>
            <Button type="primary" disabled={!file || !preview?.dryRun} loading={run.isPending && run.variables === false} onClick={() => run.mutate(false)}>{t('pricing.doImport')}</Button>
          </Space>
          {preview && (
            <Alert type={preview.dryRun ? 'info' : 'success'} showIcon data-testid="import-result"
              message={preview.dryRun ? t('pricing.dryRunOk', { rows: preview.rows, skus: preview.skus }) : t('pricing.imported', { rows: preview.rows, skus: preview.skus })} />
          )}
          {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 8 }} data-testid="import-error" />}
          {rowErrors && (
            <Table<RowError & { k: number }> size="small" rowKey="k" data-testid="import-errors" pagination={rowErrors.length > 20 ? { pageSize: 20 } : false}
              dataSource={rowErrors.map((r, k) => ({ ...r, k }))}
              columns={[
                { title: t('pricing.row'), dataIndex: 'row', width: 80, render: (v: number | null) => v ?? '—' },
                { title: t('pricing.column'), dataIndex: 'path', width: 120 },
                { title: t('pricing.problem'), dataIndex: 'message' },
              ]} />
          )}
        </>
      )}
    </div>
  );
}
