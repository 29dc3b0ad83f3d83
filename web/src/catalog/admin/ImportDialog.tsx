import { App, Button, Modal, Space, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { ImportFlow, type ImportJob } from '../../imports/ImportFlow';

/**
 * Import products and SKUs from the product page, on the imports flow (issue 19): the same
 * template, check, chunked import with progress and result file as 数据导入 → 商品和SKU.
 */
export function ImportDialog({ open, onClose, onDone }: { open: boolean; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const done = useCallback((job: ImportJob) => {
    message.success(t('imports.done', { created: job.created, updated: job.updated, unchanged: job.unchanged }));
    onDone();
  }, [message, t, onDone]);
  return (
    <Modal open={open} title={t('catalog.admin.importTitle')} onCancel={onClose} footer={null} width={760} destroyOnHidden>
      <Typography.Paragraph type="secondary">{t('catalog.admin.importHelp')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }}>
        <Button size="small" icon={<DownloadOutlined />} href="/api/imports/products/template" data-testid="import-template">{t('catalog.admin.downloadTemplate')}</Button>
        <Button size="small" icon={<DownloadOutlined />} href="/api/products/export?format=xlsx">{t('catalog.admin.downloadCurrent')}</Button>
      </Space>
      <ImportFlow kind="products" onDone={done} />
    </Modal>
  );
}
