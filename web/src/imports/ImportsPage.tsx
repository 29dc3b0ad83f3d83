import { App, Button, Card, Col, Row, Space, Switch, Tag, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../lib/api';
import { client, type Response } from '../lib/client';
import { ImportFlow, type ImportKind } from './ImportFlow';

type Template = Response<'/api/imports/templates'>[number];

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
  const required = tpl.columns.filter((c) => c.required).map((c) => c.zh).join('、');
  return (
    <Card size="small" title={<Space><Tag color="blue">{step}</Tag>{name}</Space>} data-testid={`import-card-${tpl.kind}`}
      extra={<Space size="small">
        <Button size="small" icon={<DownloadOutlined />} href={`/api/imports/${tpl.kind}/template`} data-testid={`import-template-${tpl.kind}`}>{t('imports.template')}</Button>
        <Button size="small" icon={<DownloadOutlined />} href={`/api/imports/${tpl.kind}/export?format=xlsx`}>{t('imports.export')}</Button>
      </Space>}>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>{t('imports.required', { columns: required })}</Typography.Paragraph>
      {/* the server lists only its own kinds (GET /api/imports/templates) */}
      <ImportFlow kind={tpl.kind as ImportKind} />
    </Card>
  );
}
