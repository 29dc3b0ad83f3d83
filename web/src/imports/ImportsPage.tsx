import { Alert, App, Button, Card, Col, Progress, Row, Space, Switch, Table, Tag, Typography, Upload } from 'antd';
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../lib/api';
import { client, type Response } from '../lib/client';
import type { paths } from '../lib/api-schema';

type Template = Response<'/api/imports/templates'>[number];
type Job = Response<'/api/imports/jobs/{id}'>;
type Problem = Job['problems'][number];
type Kind = paths['/api/imports/{kind}']['post']['parameters']['path']['kind'];

/**
 * Data import (issue 19): for each template, in the order a new supplier fills them — download
 * the template, choose the filled file (it is checked at once, every row's problem listed), then
 * import it with a progress bar and download the per-row result file. Export gives the stored
 * data in the same template.
 */
export function ImportsPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const templates = useQuery({ queryKey: ['import-templates'], queryFn: () => client.get('/api/imports/templates') });
  const settings = useQuery({ queryKey: ['import-settings'], queryFn: () => client.get('/api/imports/settings') });
  const saveSettings = async (createBrands: boolean) => {
    try {
      await client.put('/api/imports/settings', { body: { createBrands } });
      void qc.invalidateQueries({ queryKey: ['import-settings'] });
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
    }
  };
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card title={t('imports.title')} extra={
        <Space><Typography.Text>{t('imports.createBrands')}</Typography.Text>
          <Switch checked={settings.data?.createBrands ?? true} loading={settings.isLoading} onChange={(v) => void saveSettings(v)} data-testid="imports-create-brands" /></Space>}>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>{t('imports.hint')}</Typography.Paragraph>
      </Card>
      <Row gutter={[16, 16]}>
        {(templates.data ?? []).map((tpl, i) => (
          <Col key={tpl.kind} xs={24} xl={12}>
            <TemplateCard tpl={tpl} step={i + 1} name={i18n.language === 'en' ? tpl.en : tpl.zh} />
          </Col>
        ))}
      </Row>
    </Space>
  );
}

function TemplateCard({ tpl, step, name }: { tpl: Template; step: number; name: string }) {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const [job, setJob] = useState<Job | null>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const send = async (f: File, dryRun: boolean) => {
    setBusy(true);
    setFailure(null);
    const form = new FormData();
    form.append('file', f);
    try {
      // the server lists only its own kinds (GET /api/imports/templates)
      setJob(await client.upload('/api/imports/{kind}', form, { path: { kind: tpl.kind as Kind }, query: dryRun ? { dryRun: '1' } : {} }));
    } catch (e) {
      if (e instanceof ApiError && e.code === 'IMPORT_ROWS_INVALID') setJob(e.details as Job);
      setFailure(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  // poll a running import for its progress
  useEffect(() => {
    if (job?.status !== 'running') return;
    const timer = setTimeout(() => void client.get('/api/imports/jobs/{id}', { path: { id: job.id } }).then(setJob).catch(() => undefined), 500);
    return () => clearTimeout(timer);
  }, [job]);

  const required = tpl.columns.filter((c) => c.required).map((c) => c.zh).join('、');
  const done = job?.status === 'done';
  return (
    <Card size="small" title={<Space><Tag color="blue">{step}</Tag>{name}</Space>} data-testid={`import-card-${tpl.kind}`}
      extra={<Space size="small">
        <Button size="small" icon={<DownloadOutlined />} href={`/api/imports/${tpl.kind}/template`} data-testid={`import-template-${tpl.kind}`}>{t('imports.template')}</Button>
        <Button size="small" icon={<DownloadOutlined />} href={`/api/imports/${tpl.kind}/export?format=xlsx`}>{t('imports.export')}</Button>
      </Space>}>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>{t('imports.required', { columns: required })}</Typography.Paragraph>
      <Space wrap>
        <Upload accept=".xlsx,.xls,.csv" maxCount={1} showUploadList={false} beforeUpload={(f) => { setFile(f); setJob(null); void send(f, true); return false; }}>
          <Button icon={<UploadOutlined />} loading={busy && !job} data-testid={`import-choose-${tpl.kind}`}>{file ? file.name : t('imports.choose')}</Button>
        </Upload>
        <Button type="primary" disabled={!file || busy || job?.status !== 'checked' || job.problemCount > 0} onClick={() => file && void send(file, false)} data-testid={`import-run-${tpl.kind}`}>
          {t('imports.run')}
        </Button>
      </Space>
      {job?.status === 'checked' && job.problemCount === 0 && <Alert style={{ marginTop: 12 }} type="info" showIcon title={t('imports.checked', { total: job.total })} data-testid={`import-checked-${tpl.kind}`} />}
      {job?.status === 'running' && <Progress style={{ marginTop: 12 }} percent={Math.floor((job.processed / Math.max(1, job.total)) * 100)} status="active" />}
      {done && (
        <Alert style={{ marginTop: 12 }} type="success" showIcon data-testid={`import-done-${tpl.kind}`}
          title={t('imports.done', { created: job.created, updated: job.updated, unchanged: job.unchanged })} />
      )}
      {job?.status === 'failed' && <Alert style={{ marginTop: 12 }} type="error" showIcon title={job.error ?? t('imports.failed')} />}
      {failure && <Alert style={{ marginTop: 12 }} type="error" showIcon title={failure} data-testid={`import-failure-${tpl.kind}`} />}
      {job && job.problems.length > 0 && (
        <Table<Problem> style={{ marginTop: 12 }} size="small" rowKey={(p) => `${p.row}-${p.column}-${p.message}`} dataSource={job.problems} pagination={{ pageSize: 8, size: 'small' }}
          columns={[{ title: t('imports.row'), dataIndex: 'row', width: 60 }, { title: t('imports.column'), dataIndex: 'column', width: 110 }, { title: t('imports.problem'), dataIndex: 'message' }]} />
      )}
      {job && job.status !== 'running' && (
        <Button type="link" size="small" icon={<DownloadOutlined />} href={`/api/imports/jobs/${job.id}/result`} style={{ paddingLeft: 0, marginTop: 8 }}>{t('imports.resultFile')}</Button>
      )}
    </Card>
  );
}
