import { Alert, Button, Progress, Space, Table, Upload } from 'antd';
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { ApiError } from '../lib/api';
import { client, type Response } from '../lib/client';
import type { paths } from '../lib/api-schema';

export type ImportJob = Response<'/api/imports/jobs/{id}'>;
type Problem = ImportJob['problems'][number];
export type ImportKind = paths['/api/imports/{kind}']['post']['parameters']['path']['kind'];

/**
 * One import, as the 数据导入 screen and the product page's dialog run it (issue 19): choose the
 * filled file (checked at once, every row's problem listed, nothing written), import it with a
 * progress bar, download the per-row result file. `onDone` runs once the import has finished.
 */
/** The finished import in words: records counted once, then the parts several rows added to them (a product's SKUs, a customer's contacts). */
function doneText(t: TFunction, kind: ImportKind, job: ImportJob) {
  const { skus, contacts, addresses } = job.parts;
  const parts = [
    skus && t('imports.skus', skus),
    contacts?.created ? t('imports.contacts', contacts) : null,
    contacts?.updated ? t('imports.contactsUpdated', contacts) : null,
    addresses?.created ? t('imports.addresses', addresses) : null,
  ].filter(Boolean);
  const what = kind === 'products' || kind === 'customers' ? t(`imports.what.${kind}`) : '';
  return t('imports.done', { what, created: job.created, updated: job.updated, unchanged: job.unchanged, parts: parts.map((p) => `${t('imports.sep')}${p}`).join('') });
}

export function ImportFlow({ kind, onDone }: { kind: ImportKind; onDone?: (job: ImportJob) => void }) {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const [job, setJob] = useState<ImportJob | null>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const send = async (f: File, dryRun: boolean) => {
    setBusy(true);
    setFailure(null);
    const form = new FormData();
    form.append('file', f);
    try {
      setJob(await client.upload('/api/imports/{kind}', form, { path: { kind }, query: dryRun ? { dryRun: '1' } : {} }));
    } catch (e) {
      if (e instanceof ApiError && e.code === 'IMPORT_ROWS_INVALID') setJob(e.details as ImportJob);
      setFailure(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  // poll a running import for its progress
  useEffect(() => {
    if (job?.status !== 'running') return;
    const timer = setTimeout(() => void client.get('/api/imports/jobs/{id}', { path: { id: job.id } }).then((j) => {
      setJob(j);
      if (j.status === 'done') onDone?.(j);
    }).catch(() => undefined), 500);
    return () => clearTimeout(timer);
  }, [job, onDone]);

  return (
    <div data-testid={`import-flow-${kind}`}>
      <Space wrap>
        <Upload accept=".xlsx,.xls,.csv" maxCount={1} showUploadList={false} beforeUpload={(f) => { setFile(f); setJob(null); void send(f, true); return false; }}>
          <Button icon={<UploadOutlined />} loading={busy && !job} data-testid={`import-choose-${kind}`}>{file ? file.name : t('imports.choose')}</Button>
        </Upload>
        <Button type="primary" disabled={!file || busy || job?.status !== 'checked' || job.problemCount > 0} onClick={() => file && void send(file, false)} data-testid={`import-run-${kind}`}>
          {t('imports.run')}
        </Button>
      </Space>
      {job?.status === 'checked' && job.problemCount === 0 && <Alert style={{ marginTop: 12 }} type="info" showIcon title={t('imports.checked', { total: job.total })} data-testid={`import-checked-${kind}`} />}
      {job?.status === 'running' && <Progress style={{ marginTop: 12 }} percent={Math.floor((job.processed / Math.max(1, job.total)) * 100)} status="active" data-testid={`import-progress-${kind}`} />}
      {job?.status === 'done' && (
        <Alert style={{ marginTop: 12 }} type="success" showIcon data-testid={`import-done-${kind}`}
          title={doneText(t, kind, job)} />
      )}
      {job?.status === 'failed' && <Alert style={{ marginTop: 12 }} type="error" showIcon title={job.error ?? t('imports.failed')} />}
      {failure && <Alert style={{ marginTop: 12 }} type="error" showIcon title={failure} data-testid={`import-failure-${kind}`} />}
      {job && job.problems.length > 0 && (
        <Table<Problem> style={{ marginTop: 12 }} size="small" rowKey={(p) => `${p.row}-${p.column}-${p.message}`} dataSource={job.problems} pagination={{ pageSize: 8, size: 'small' }}
          data-testid={`import-problems-${kind}`}
          columns={[{ title: t('imports.row'), dataIndex: 'row', width: 60 }, { title: t('imports.column'), dataIndex: 'column', width: 110 }, { title: t('imports.problem'), dataIndex: 'message' }]} />
      )}
      {job && job.status !== 'running' && (
        <Button type="link" size="small" icon={<DownloadOutlined />} href={`/api/imports/jobs/${job.id}/result`} style={{ paddingLeft: 0, marginTop: 8 }} data-testid={`import-result-${kind}`}>
          {t('imports.resultFile')}
        </Button>
      )}
    </div>
  );
}
