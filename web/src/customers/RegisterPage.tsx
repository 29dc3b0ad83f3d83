import { Alert, Button, Card, Col, Form, Input, Result, Row, Typography, Upload, type UploadFile } from 'antd';
import { CameraOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { client } from '../lib/client';
import { LanguageSwitch } from '../lib/LanguageSwitch';
import { errorText } from './common';
import { useSupplierName } from '../lib/supplier';

interface Fields {
  companyName: string;
  contactName: string;
  contactPhone: string;
  email?: string;
  province: string;
  city: string;
  district?: string;
  address?: string;
  licenceNo?: string;
  login: string;
  message?: string;
}

/** 申请成为经销商: a public, phone-first application form with the business licence photo. */
export function RegisterPage() {
  const { t } = useTranslation();
  const supplier = useSupplierName();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [done, setDone] = useState<{ id: number; phone: string } | null>(null);
  const submit = useMutation({
    mutationFn: (v: Fields) => {
      const form = new FormData();
      for (const [k, val] of Object.entries(v)) if (val != null && String(val).trim() !== '') form.append(k, String(val).trim());
      form.append('licence', files[0].originFileObj as Blob, files[0].name);
      return client.upload('/api/registrations', form);
    },
    onSuccess: (r, v) => setDone({ id: r.id, phone: v.contactPhone }),
  });
  return (
    <div style={{ minHeight: '100vh', background: 'linear-gradient(135deg,#e6f4ff,#f0f5ff 60%,#fff)', padding: 12, display: 'flex', justifyContent: 'center' }}>
      <Card style={{ width: '100%', maxWidth: 560, alignSelf: 'flex-start' }} styles={{ body: { padding: 20 } }} data-testid="register-page">
        <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
          <Typography.Title level={4} style={{ margin: 0 }}>{t('register.title')}</Typography.Title>
          <LanguageSwitch />
        </div>
        <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>{supplier ? `${supplier} · ` : ''}{t('register.intro')}</Typography.Paragraph>
        {done ? (
          <Result status="success" title={t('register.submitted')} subTitle={t('register.submittedText', { id: done.id, phone: done.phone })} extra={<Link to="/login">{t('register.backToLogin')}</Link>} data-testid="register-done" />
        ) : (
          <Form<Fields> layout="vertical" requiredMark onFinish={(v) => submit.mutate(v)} data-testid="register-form">
            <Form.Item name="companyName" label={t('register.companyName')} rules={[{ required: true }]}><Input maxLength={100} /></Form.Item>
            <Row gutter={12}>
              <Col xs={12}><Form.Item name="contactName" label={t('register.contactName')} rules={[{ required: true }]}><Input maxLength={50} /></Form.Item></Col>
              <Col xs={12}><Form.Item name="contactPhone" label={t('register.contactPhone')} rules={[{ required: true }, { pattern: /^[0-9+\-() ]{5,20}$/, message: t('register.contactPhone') }]}><Input maxLength={20} inputMode="tel" /></Form.Item></Col>
              <Col xs={8}><Form.Item name="province" label={t('customers.province')} rules={[{ required: true }]}><Input maxLength={30} /></Form.Item></Col>
              <Col xs={8}><Form.Item name="city" label={t('customers.city')} rules={[{ required: true }]}><Input maxLength={30} /></Form.Item></Col>
              <Col xs={8}><Form.Item name="district" label={t('customers.district')}><Input maxLength={30} /></Form.Item></Col>
            </Row>
            <Form.Item name="address" label={t('customers.address')}><Input maxLength={200} /></Form.Item>
            <Row gutter={12}>
              <Col xs={24} sm={12}><Form.Item name="licenceNo" label={t('register.licenceNo')}><Input maxLength={30} /></Form.Item></Col>
              <Col xs={24} sm={12}><Form.Item name="email" label={t('customers.email')}><Input maxLength={200} inputMode="email" /></Form.Item></Col>
            </Row>
            <Form.Item name="login" label={t('register.login')} rules={[{ required: true }, { pattern: /^[A-Za-z0-9_.@-]+$/, message: t('customers.loginRule') }]}><Input maxLength={50} autoCapitalize="off" /></Form.Item>
            <Form.Item label={t('register.licence')} required>
              <Upload listType="picture" accept="image/jpeg,image/png,image/webp" maxCount={1} fileList={files}
                beforeUpload={() => false} onChange={({ fileList }) => setFiles(fileList.slice(-1))}>
                <Button icon={<CameraOutlined />} block>{t('register.upload')}</Button>
              </Upload>
            </Form.Item>
            <Form.Item name="message" label={t('register.message')}><Input.TextArea rows={3} maxLength={1000} /></Form.Item>
            {submit.error && <Alert type="error" showIcon message={errorText(submit.error)} style={{ marginBottom: 12 }} data-testid="register-error" />}
            <Button type="primary" htmlType="submit" block size="large" loading={submit.isPending} disabled={!files.length}>{t('common.submit')}</Button>
            {!files.length && <Typography.Paragraph type="secondary" style={{ marginTop: 8, fontSize: 12, textAlign: 'center' }}>{t('register.licenceRequired')}</Typography.Paragraph>}
            <div style={{ textAlign: 'center', marginTop: 12 }}><Link to="/login">{t('register.backToLogin')}</Link></div>
          </Form>
        )}
      </Card>
    </div>
  );
}
