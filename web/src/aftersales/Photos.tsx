import { App, Button, Card, Image, Space, Typography, Upload } from 'antd';
import { CameraOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../lib/api';
import { useFail } from '../orders/api';

export interface Photo { id: number; side: 'customer' | 'staff'; width: number; height: number; createdAt: string }

/** Where a photo's image is read: the buyer's and the staff's routes each check who may see it. */
export const photoUrl = (id: number, staff: boolean, size: 'main' | 'thumb') => `/api/${staff ? '' : 'my/'}aftersales/photos/${id}${size === 'thumb' ? '?size=thumb' : ''}`;

/**
 * The photos of a request or complaint as thumbnails (tap to enlarge), and an upload button that
 * opens the camera on a phone. The server checks type and size (JPG, PNG, WebP, at most 5 MB).
 */
export function Photos({ photos, staff, uploadUrl, onUploaded }: { photos: Photo[]; staff: boolean; uploadUrl?: string | null; onUploaded?: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const fail = useFail();
  const [busy, setBusy] = useState(false);
  if (!photos.length && !uploadUrl) return null;
  return (
    <Card size="small" title={t('aftersales.photos')} data-testid="aftersales-photos">
      <Image.PreviewGroup>
        <Space wrap>
          {photos.map((p) => (
            <div key={p.id} style={{ textAlign: 'center' }} data-testid="aftersales-photo">
              <Image width={88} height={88} style={{ objectFit: 'cover', borderRadius: 6 }} src={photoUrl(p.id, staff, 'thumb')} preview={{ src: photoUrl(p.id, staff, 'main') }} alt="" />
              <div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{t(p.side === 'staff' ? 'aftersales.bySupplier' : 'aftersales.byCustomer')}</Typography.Text></div>
            </div>
          ))}
        </Space>
      </Image.PreviewGroup>
      {uploadUrl && (
        <div style={{ marginTop: 8 }}>
          <Upload accept="image/jpeg,image/png,image/webp" capture="environment" showUploadList={false} customRequest={async ({ file, onSuccess, onError }) => {
            const form = new FormData();
            form.append('file', file as Blob);
            setBusy(true);
            try {
              await api.upload(uploadUrl, form);
              onSuccess?.({});
              message.success(t('aftersales.photoAdded'));
              onUploaded?.();
            } catch (e) {
              fail(e);
              onError?.(e as Error);
            } finally {
              setBusy(false);
            }
          }}>
            <Button icon={<CameraOutlined />} loading={busy} data-testid="aftersales-photo-upload">{t('aftersales.addPhoto')}</Button>
          </Upload>
          <Typography.Text type="secondary" style={{ marginLeft: 8 }}>{t('aftersales.photoHint')}</Typography.Text>
        </div>
      )}
    </Card>
  );
}
