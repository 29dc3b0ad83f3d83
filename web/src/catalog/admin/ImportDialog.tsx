import { Alert, App, Button, Modal, Progress, Space, Table, Typography, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import i18n from 'i18next';

interface ImportResult { dryRun: boolean; rows: number; products: number; created: number; updated: number; skus: number }
interface RowError { row: number; column: string; reason: string }

/** Sends the file with XMLHttpRequest so the upload of a large file shows its progress. */
function send(file: File, dryRun: boolean, onProgress: (pct: number) => void): Promise<{ status: number; body: { error?: { message: string; details: RowError[] } } & Partial<ImportResult> }> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/products/import${dryRun ? '?dryRun=1' : ''}`);
    xhr.setRequestHeader('accept-language', i18n.language === 'en' ? 'en' : 'zh-CN');
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(Math.round((e.loaded / e.total) * 100));
    xhr.onload = () => {
      try { resolve({ status: xhr.status, body: JSON.parse(xhr.responseText) }); } catch { reject(new Error(xhr.statusText)); }
    };
    xhr.onerror = () => reject(new Error('network error'));
    const form = new FormData();
    form.append('file', file);
    xhr.send(form);
  });
}

/** Import products from .xlsx/CSV: check first (dry run), then import; errors listed by row and column. */
export function ImportDialog({ open, onClose, onDone }: { open: boolean; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [file, setFile] = useState<File | null>(null);
  const [phase, setPhase] = useState<'idle' | 'uploading' | 'working'>('idle');
  const [pct, setPct] = useState(0);
  const [errors, setErrors] = useState<RowError[]>([]);
  const [summary, setSummary] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  const run = async (dryRun: boolean) => {
    if (!file) return;
    setErrors([]); setSummary(null); setFailure(null); setPct(0); setPhase('uploading');
    try {
      const res = await send(file, dryRun, (p) => { setPct(p); if (p >= 100) setPhase('working'); });
      if (res.status === 200) {
        const r = res.body as ImportResult;
        setSummary(t(dryRun ? 'catalog.admin.checkOk' : 'catalog.admin.importOk', { ...r }));
        if (!dryRun) { message.success(t('catalog.admin.importOk', { ...r })); onDone(); }
      } else {
        setFailure(res.body.error?.message ?? String(res.status));
        setErrors(Array.isArray(res.body.error?.details) ? res.body.error!.details : []);
      }
    } catch (e) {
      setFailure(String(e));
    } finally {
      setPhase('idle');
    }
  };

  return (
    <Modal open={open} title={t('catalog.admin.importTitle')} onCancel={onClose} footer={null} width={760} destroyOnHidden>
      <Typography.Paragraph type="secondary">{t('catalog.admin.importHelp')}</Typography.Paragraph>
      <Space wrap>
        <Upload accept=".xlsx,.xls,.csv" maxCount={1} beforeUpload={(f) => { setFile(f); setErrors([]); setSummary(null); setFailure(null); return false; }} onRemove={() => setFile(null)}>
          <Button icon={<UploadOutlined />} data-testid="import-choose">{t('catalog.admin.chooseFile')}</Button>
        </Upload>
        <Button disabled={!file || phase !== 'idle'} onClick={() => void run(true)} data-testid="import-check">{t('catalog.admin.check')}</Button>
        <Button type="primary" disabled={!file || phase !== 'idle'} onClick={() => void run(false)} data-testid="import-run">{t('catalog.admin.doImport')}</Button>
        <a href="/api/products/export?format=xlsx">{t('catalog.admin.downloadTemplate')}</a>
      </Space>
      {phase !== 'idle' && (
        <div style={{ marginTop: 12 }}>
          <Progress percent={phase === 'working' ? 100 : pct} status="active" />
          <Typography.Text type="secondary">{phase === 'uploading' ? t('catalog.admin.uploading') : t('catalog.admin.checking')}</Typography.Text>
        </div>
      )}
      {summary && <Alert style={{ marginTop: 12 }} type="success" showIcon title={summary} data-testid="import-summary" />}
      {failure && <Alert style={{ marginTop: 12 }} type="error" showIcon title={failure} data-testid="import-failure" />}
      {errors.length > 0 && (
        <Table<RowError> style={{ marginTop: 12 }} size="small" rowKey={(e) => `${e.row}-${e.column}`} dataSource={errors} pagination={{ pageSize: 10 }} data-testid="import-errors"
          title={() => t('catalog.admin.errors')}
          columns={[
            { title: t('catalog.admin.row'), dataIndex: 'row', width: 70 },
            { title: t('catalog.admin.column'), dataIndex: 'column', width: 120 },
            { title: t('catalog.admin.reason'), dataIndex: 'reason' },
          ]} />
      )}
    </Modal>
  );
}
