import { Alert, App, Button, Card, Form, Input, InputNumber, Radio, Select, Space, Typography, Upload, type UploadFile } from 'antd';
import { CameraOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { api } from '../lib/api';
import { client } from '../lib/client';
import { date } from '../lib/format';
import { useFail } from '../orders/api';
import { lineQuantity } from '../lib/quantity';
import { KINDS, type Detail, type Kind, type Options, type Reason } from './api';

/** Apply for after-sales on one order (portal, on a phone), or raise one for a customer (staff). */
export function ApplyPage({ staff = false }: { staff?: boolean }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const fail = useFail();
  const nav = useNavigate();
  const [sp] = useSearchParams();
  const orderId = Number(sp.get('orderId'));
  const shipmentId = sp.get('shipmentId') ? Number(sp.get('shipmentId')) : null;
  const opts = useQuery({ queryKey: ['aftersales-options', orderId, staff], enabled: orderId > 0, queryFn: (): Promise<Options> => (staff ? client.get('/api/orders/{id}/aftersales-options', { path: { id: orderId } }) : client.get('/api/my/orders/{id}/aftersales-options', { path: { id: orderId } })) });
  const reasons = useQuery({ queryKey: ['aftersales-reasons'], queryFn: (): Promise<Reason[]> => client.get('/api/aftersales/reasons') });
  const [kind, setKind] = useState<Kind>('return_refund');
  const [reasonId, setReasonId] = useState<number>();
  const [description, setDescription] = useState('');
  const [qty, setQty] = useState<Record<number, number | null>>({});
  const lines = Object.entries(qty).filter(([, q]) => q && q > 0).map(([id, q]) => ({ orderLineId: Number(id), qty: q! }));
  const [photos, setPhotos] = useState<File[]>([]);
  const submit = useMutation({
    // the request first, then its photos (each checked by the server; a refused one is reported, the request stands)
    mutationFn: async () => {
      const body = { orderId, shipmentId, kind, reasonId: reasonId!, description: description || null, lines };
      const r: Detail = staff ? await client.post('/api/aftersales', { body }) : await client.post('/api/my/aftersales', { body });
      for (const f of photos) {
        const form = new FormData();
        form.append('file', f);
        await api.upload(staff ? `/api/aftersales/${r.id}/photos` : `/api/my/aftersales/${r.id}/photos`, form).catch(fail);
      }
      return r;
    },
    onSuccess: (r) => { message.success(t('aftersales.submitted')); nav(staff ? `/admin/aftersales/${r.id}` : `/aftersales/${r.id}`); },
    onError: fail,
  });
  const o = opts.data;
  if (!o) return null;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card size="small" title={`${t('aftersales.applyTitle')} · ${o.orderNumber}`}>
        {!o.windowOpen && <Alert type="warning" showIcon message={t('aftersales.windowClosed', { days: o.windowDays })} />}
        {o.windowOpen && o.windowEndsAt && <Typography.Text type="secondary">{t('aftersales.windowUntil', { at: date(o.windowEndsAt) })}</Typography.Text>}
        <Form layout="vertical" style={{ marginTop: 8 }}>
          <Form.Item label={t('aftersales.kindLabel')} required>
            <Radio.Group value={kind} onChange={(e) => setKind(e.target.value)} optionType="button" buttonStyle="solid"
              options={KINDS.map((k) => ({ value: k, label: t(`aftersales.kind.${k}`) }))} />
          </Form.Item>
          <Form.Item label={t('aftersales.reason')} required>
            <Select value={reasonId} onChange={setReasonId} aria-label={t('aftersales.reason')} data-testid="aftersales-reason"
              options={(reasons.data ?? []).filter((r) => r.active).map((r) => ({ value: r.id, label: i18n.language === 'en' ? r.nameEn : r.nameZh }))} />
          </Form.Item>
          <Form.Item label={t('aftersales.lines')} required>
            <Space direction="vertical" style={{ width: '100%' }}>
              {o.lines.map((l) => (
                <Card key={l.id} size="small" data-testid="aftersales-apply-line">
                  <div>{l.name} {l.specText}</div>
                  <Typography.Text type="secondary">
                    {t('aftersales.shipped', { q: lineQuantity(l.shippedQty, l) })} · {t('aftersales.available', { q: lineQuantity(l.availableQty, l) })}
                  </Typography.Text>
                  <div style={{ display: 'flex', alignItems: 'center', gap: 8, marginTop: 6, flexWrap: 'wrap' }}>
                    <InputNumber min={0} max={l.availableQty} precision={0} disabled={l.availableQty === 0} value={qty[l.id] ?? null} onChange={(v) => setQty({ ...qty, [l.id]: v })}
                      addonAfter={l.baseUnit} aria-label={`${t('aftersales.qty')} ${l.name}`} inputMode="numeric" style={{ width: 160 }} />
                    {(qty[l.id] ?? 0) > 0 && <Typography.Text>= {lineQuantity(qty[l.id]!, l)}</Typography.Text>}
                  </div>
                </Card>
              ))}
            </Space>
          </Form.Item>
          <Form.Item label={t('aftersales.description')}>
            <Input.TextArea rows={3} maxLength={1000} value={description} onChange={(e) => setDescription(e.target.value)} placeholder={t('aftersales.descriptionHint')} aria-label={t('aftersales.description')} />
          </Form.Item>
          <Form.Item label={t('aftersales.photos')} extra={t('aftersales.photoHint')}>
            <Upload accept="image/jpeg,image/png,image/webp" capture="environment" multiple listType="picture" fileList={photos.map((f, i) => ({ uid: String(i), name: f.name, status: 'done' as const, originFileObj: f as UploadFile['originFileObj'] }))}
              beforeUpload={(f) => { setPhotos((p) => (p.length < 9 ? [...p, f] : p)); return false; }} onRemove={(f) => setPhotos((p) => p.filter((_, i) => String(i) !== f.uid))}>
              <Button icon={<CameraOutlined />} data-testid="aftersales-apply-photo">{t('aftersales.addPhoto')}</Button>
            </Upload>
          </Form.Item>
          <Button type="primary" block size="large" disabled={!lines.length || !reasonId || !o.windowOpen} loading={submit.isPending} onClick={() => submit.mutate()}>{t('aftersales.submit')}</Button>
          {!lines.length && <Typography.Text type="secondary">{t('aftersales.chooseQty')}</Typography.Text>}
        </Form>
      </Card>
    </Space>
  );
}
