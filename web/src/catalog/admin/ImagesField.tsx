import { App, Button, Space, Typography, Upload } from 'antd';
import { ArrowLeftOutlined, DeleteOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { client } from '../../lib/client';
import type { Image } from '../types';
import { errorText } from './util';

/** A product's pictures: upload (checked by the server), move forward, remove. The first is the cover. */
export function ImagesField({ productId, images }: { productId: number; images: Image[] }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const refresh = () => void qc.invalidateQueries({ queryKey: ['catalog'] });
  const order = useMutation({ mutationFn: (ids: string[]) => client.patch('/api/products/{id}', { path: { id: productId }, body: { images: ids } }), onSuccess: refresh, onError: (e) => message.error(errorText(e)) });
  const ids = images.map((i) => i.id);
  return (
    <div>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, marginBottom: 8 }}>
        {images.map((img, k) => (
          <div key={img.id} style={{ width: 104, textAlign: 'center' }} data-testid="editor-image">
            <img src={img.thumbUrl} alt="" style={{ width: 104, height: 104, objectFit: 'cover', borderRadius: 6, border: k === 0 ? '2px solid #1677ff' : '1px solid #eee' }} />
            <Space size={0}>
              <Button size="small" type="text" disabled={k === 0} icon={<ArrowLeftOutlined />} title={t('catalog.admin.left')}
                onClick={() => order.mutate([...ids.slice(0, k - 1), img.id, ids[k - 1]!, ...ids.slice(k + 1)])} />
              <Button size="small" type="text" danger icon={<DeleteOutlined />} title={t('catalog.admin.remove')} onClick={() => order.mutate(ids.filter((x) => x !== img.id))} />
            </Space>
          </div>
        ))}
      </div>
      <Upload accept="image/jpeg,image/png,image/webp" showUploadList={false} customRequest={async ({ file, onSuccess, onError }) => {
        const form = new FormData();
        form.append('file', file as Blob);
        try {
          await client.upload('/api/products/{id}/images', form, { path: { id: productId } });
          onSuccess?.({});
          refresh();
        } catch (e) {
          message.error(errorText(e));
          onError?.(e as Error);
        }
      }}>
        <Button icon={<UploadOutlined />}>{t('catalog.admin.upload')}</Button>
      </Upload>
      <Typography.Text type="secondary" style={{ marginLeft: 8 }}>{t('catalog.admin.imageHint')}</Typography.Text>
    </div>
  );
}
