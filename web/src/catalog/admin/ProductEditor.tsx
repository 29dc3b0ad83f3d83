import { App, Button, Card, Col, Form, Input, InputNumber, Row, Select, Space, Spin, Switch, TreeSelect, Typography } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { client, type Body } from '../../lib/client';
import { yuanToFen } from '../../lib/format';
import type { Product, Sku } from '../types';
import { useBrands, useCategories } from '../useCatalog';
import { SkuPresale } from '../../inventory/SkuPresale';
import { ImagesField } from './ImagesField';
import { categoryTree } from './ProductsPage';
import { errorText } from './util';

interface SkuForm {
  id?: number; code: string; barcode?: string; spec?: string; flavour?: string; otherSpecs?: Record<string, string>; price: string; retail?: string;
  weightGrams?: number | null; moq?: number; orderMultiple?: number; units?: string; active: boolean;
}

const yuan = (v: number | null | undefined) => (v == null ? '' : (v / 100).toFixed(2));
/** "箱=24, 提=6" ⇄ [{ unit: '箱', factor: 24 }, …] (the base unit is implied). */
const unitsText = (s: Sku, base: string) => s.units.filter((u) => u.unit !== base).map((u) => `${u.unit}=${u.factor}`).join(', ');
const parseUnits = (s: string | undefined) => (s ?? '').split(/[,，]/).map((x) => x.trim()).filter(Boolean).map((x) => {
  const [unit, factor] = x.split(/\s*[=＝]\s*/);
  return { unit: unit ?? '', factor: Number(factor) };
});

function toForm(s: Sku, base: string): SkuForm {
  const { 规格: spec, 口味: flavour, ...otherSpecs } = s.specs;
  return { id: s.id, code: s.code, barcode: s.barcode ?? '', spec, flavour, otherSpecs, price: yuan(s.basePrice), retail: yuan(s.retailPrice), weightGrams: s.weightGrams, moq: s.moq, orderMultiple: s.orderMultiple, units: unitsText(s, base), active: s.active };
}

/** Create or edit a product: basics, SKUs with prices and units, pictures, parameters and description. */
export function ProductEditor() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const raw = useParams().id;
  const id = raw && raw !== 'new' ? Number(raw) : null;
  const [form] = Form.useForm();
  const { data: cats = [] } = useCategories();
  const { data: brands = [] } = useBrands();
  const tree = useMemo(() => categoryTree(cats), [cats]);
  const watched = Form.useWatch<SkuForm[] | undefined>('skus', form);
  const { data: p, isLoading } = useQuery({ queryKey: ['catalog', 'admin-product', id], queryFn: () => client.get('/api/products/{id}', { path: { id: id! } }), enabled: id != null });

  useEffect(() => {
    if (p) form.setFieldsValue({ ...p, skus: p.skus.map((s) => toForm(s, p.baseUnit)) });
    else if (id == null) form.setFieldsValue({ baseUnit: '件', onShelf: true, isNew: false, tags: [], params: [], skus: [{ code: '', price: '', active: true, moq: 1, orderMultiple: 1 }] });
  }, [p, id, form]);

  const save = useMutation({
    mutationFn: (v: Body<'/api/products', 'post'>) => (id ? client.patch('/api/products/{id}', { path: { id }, body: v }) : client.post('/api/products', { body: v })),
    onSuccess: (r) => {
      message.success(t('catalog.admin.saved'));
      void qc.invalidateQueries({ queryKey: ['catalog'] });
      if (!id) navigate(`/admin/catalog/products/${r.id}`, { replace: true });
    },
    onError: (e) => message.error(errorText(e)),
  });

  const submit = (v: Omit<Product, 'skus'> & { skus: SkuForm[] }) => {
    const skus = v.skus.map((s) => {
      const specs: Record<string, string> = { ...(s.otherSpecs ?? {}) };
      if (s.spec) specs['规格'] = s.spec;
      if (s.flavour) specs['口味'] = s.flavour;
      return {
        ...(s.id ? { id: s.id } : {}), code: s.code, barcode: s.barcode || null, specs, basePrice: yuanToFen(s.price), retailPrice: s.retail ? yuanToFen(s.retail) : null,
        weightGrams: s.weightGrams ?? null, moq: s.moq ?? 1, orderMultiple: s.orderMultiple ?? 1, units: parseUnits(s.units), active: s.active,
      };
    });
    save.mutate({
      name: v.name, subtitle: v.subtitle ?? null, categoryId: v.categoryId ?? null, brandId: v.brandId ?? null, baseUnit: v.baseUnit, tags: v.tags ?? [],
      // a price the form could not read goes as null: the server refuses it with the field named
      onShelf: v.onShelf, isNew: v.isNew, params: (v.params ?? []).filter((x) => x?.name && x?.value), descriptionHtml: v.descriptionHtml ?? '', skus: skus as Body<'/api/products', 'post'>['skus'],
    });
  };

  if (id != null && isLoading) return <Spin />;
  const money = [{ required: true, pattern: /^\d+(\.\d{1,2})?$/, message: '0.00' }];
  return (
    <Form form={form} layout="vertical" onFinish={submit} data-testid="product-editor">
      <Card title={t('catalog.admin.basics')} size="small" extra={<Button type="primary" htmlType="submit" loading={save.isPending} data-testid="product-save">{t('catalog.admin.save')}</Button>}>
        <Row gutter={12}>
          <Col xs={24} md={12}><Form.Item name="name" label={t('catalog.admin.name')} rules={[{ required: true, max: 100 }]}><Input data-testid="product-name" /></Form.Item></Col>
          <Col xs={24} md={12}><Form.Item name="subtitle" label={t('catalog.admin.subtitle')} rules={[{ max: 200 }]}><Input /></Form.Item></Col>
          <Col xs={12} md={6}><Form.Item name="categoryId" label={t('catalog.admin.category')}><TreeSelect allowClear treeData={tree} /></Form.Item></Col>
          <Col xs={12} md={6}><Form.Item name="brandId" label={t('catalog.admin.brand')}><Select allowClear showSearch optionFilterProp="label" options={brands.map((b) => ({ value: b.id, label: b.name }))} /></Form.Item></Col>
          <Col xs={8} md={4}><Form.Item name="baseUnit" label={t('catalog.admin.baseUnit')} rules={[{ required: true, max: 8 }]}><Input /></Form.Item></Col>
          <Col xs={16} md={8}><Form.Item name="tags" label={t('catalog.admin.tags')}><Select mode="tags" tokenSeparators={[',', '，']} /></Form.Item></Col>
          <Col xs={12} md={4}><Form.Item name="onShelf" label={t('catalog.admin.onShelf')} valuePropName="checked"><Switch /></Form.Item></Col>
          <Col xs={12} md={4}><Form.Item name="isNew" label={t('catalog.admin.isNew')} valuePropName="checked"><Switch /></Form.Item></Col>
        </Row>
      </Card>
      <Card title={t('catalog.admin.skus')} size="small" style={{ marginTop: 12 }}>
        <Form.List name="skus">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} wrap align="start" style={{ borderBottom: '1px dashed #eee', paddingBottom: 8, marginBottom: 8 }} data-testid="sku-row">
                  <Form.Item name={[f.name, 'id']} hidden><Input /></Form.Item>
                  <Form.Item name={[f.name, 'otherSpecs']} hidden><Input /></Form.Item>
                  <Form.Item name={[f.name, 'code']} label={t('catalog.admin.code')} rules={[{ required: true, pattern: /^[A-Za-z0-9][A-Za-z0-9\-_.]*$/ }]}><Input style={{ width: 140 }} /></Form.Item>
                  <Form.Item name={[f.name, 'spec']} label={t('catalog.admin.spec')}><Input style={{ width: 120 }} placeholder="500ml×24" /></Form.Item>
                  <Form.Item name={[f.name, 'flavour']} label={t('catalog.admin.flavour')}><Input style={{ width: 80 }} /></Form.Item>
                  <Form.Item name={[f.name, 'price']} label={t('catalog.admin.price')} rules={money}><Input style={{ width: 90 }} /></Form.Item>
                  <Form.Item name={[f.name, 'retail']} label={t('catalog.admin.retail')} rules={[{ pattern: /^\d+(\.\d{1,2})?$/, message: '0.00' }]}><Input style={{ width: 90 }} /></Form.Item>
                  <Form.Item name={[f.name, 'barcode']} label={t('catalog.admin.barcode')} rules={[{ pattern: /^\d{8,14}$/, message: '8–14' }]}><Input style={{ width: 140 }} /></Form.Item>
                  <Form.Item name={[f.name, 'weightGrams']} label={t('catalog.admin.weight')}><InputNumber min={0} precision={0} style={{ width: 90 }} /></Form.Item>
                  <Form.Item name={[f.name, 'moq']} label={t('catalog.admin.moq')}><InputNumber min={1} precision={0} style={{ width: 70 }} /></Form.Item>
                  <Form.Item name={[f.name, 'orderMultiple']} label={t('catalog.admin.multiple')}><InputNumber min={1} precision={0} style={{ width: 70 }} /></Form.Item>
                  <Form.Item name={[f.name, 'units']} label={t('catalog.admin.caseUnitExample')}><Input style={{ width: 120 }} placeholder={t('catalog.admin.caseUnitPlaceholder')} /></Form.Item>
                  <Form.Item name={[f.name, 'active']} label={t('catalog.admin.active')} valuePropName="checked"><Switch size="small" /></Form.Item>
                  {/* a saved SKU's pre-order / backorder setting (inventory's, saved on its own) */}
                  {watched?.[f.name]?.id != null && <SkuPresale skuId={Number(watched[f.name]!.id)} label={`${watched[f.name]!.code} ${p?.name ?? ''}`.trim()} />}
                  {fields.length > 1 && <MinusCircleOutlined style={{ marginTop: 38, color: '#999' }} onClick={() => remove(f.name)} />}
                </Space>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ code: '', price: '', active: true, moq: 1, orderMultiple: 1 })}>{t('catalog.admin.addSku')}</Button>
            </>
          )}
        </Form.List>
      </Card>
      <Card title={t('catalog.admin.images')} size="small" style={{ marginTop: 12 }}>
        {id && p ? <ImagesField productId={id} images={p.images} /> : <Typography.Text type="secondary">{t('catalog.admin.saveFirst')}</Typography.Text>}
      </Card>
      <Card title={t('catalog.admin.params')} size="small" style={{ marginTop: 12 }}>
        <Form.List name="params">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} align="baseline">
                  <Form.Item name={[f.name, 'name']} rules={[{ max: 30 }]}><Input placeholder={t('catalog.admin.paramName')} style={{ width: 140 }} /></Form.Item>
                  <Form.Item name={[f.name, 'value']} rules={[{ max: 200 }]}><Input placeholder={t('catalog.admin.paramValue')} style={{ width: 280 }} /></Form.Item>
                  <MinusCircleOutlined onClick={() => remove(f.name)} />
                </Space>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ name: '', value: '' })}>{t('catalog.admin.addParam')}</Button>
            </>
          )}
        </Form.List>
      </Card>
      <Card title={t('catalog.admin.description')} size="small" style={{ marginTop: 12 }}>
        <Form.Item name="descriptionHtml"><Input.TextArea rows={6} /></Form.Item>
        {p?.descriptionHtml && (
          <>
            <Typography.Text type="secondary">{t('catalog.admin.preview')}</Typography.Text>
            {/* stored sanitized by the server */}
            <div style={{ border: '1px solid #f0f0f0', padding: 8, borderRadius: 6 }} dangerouslySetInnerHTML={{ __html: p.descriptionHtml }} />
          </>
        )}
      </Card>
    </Form>
  );
}
