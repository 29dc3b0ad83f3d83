import { Alert, App, AutoComplete, Button, Card, Input, Select, Space, Typography, Upload } from 'antd';
import { DeleteOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client } from '../lib/client';
import { fen } from '../lib/format';
import { PresaleTag } from '../inventory/PresaleTag';
import { errorText, useSetCart, type AddResult, type LookupItem, type Unit } from './useCart';

interface GridRow { key: number; code: string; qty: string; unit: string; units: Unit[]; error?: string }
let seq = 0;
const blank = (): GridRow => ({ key: ++seq, code: '', qty: '', unit: '', units: [] });

/**
 * 快速订货: type codes with autocomplete, paste cells copied from Excel, or upload a file. Rows
 * the server refuses come back into the grid with the reason, so the buyer fixes and re-adds.
 */
export function QuickEntry({ customerId }: { customerId?: number }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const setCart = useSetCart(customerId);
  const [rows, setRows] = useState<GridRow[]>(() => [blank(), blank(), blank()]);
  const [paste, setPaste] = useState('');
  const [last, setLast] = useState<AddResult | null>(null);
  const patch = (key: number, p: Partial<GridRow>) => setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...p, error: p.error } : r)));

  const apply = (r: AddResult, sent?: GridRow[]) => {
    setCart(r.cart);
    setLast(r);
    const bad = r.rows.filter((x) => x.status === 'rejected');
    const back: GridRow[] = bad.map((x) => {
      const from = sent?.[x.row - 1];
      return { key: ++seq, code: from?.code ?? x.code, qty: from?.qty ?? x.qty, unit: from?.unit ?? x.unit ?? '', units: from?.units ?? [], error: x.message ?? x.reason ?? '' };
    });
    setRows(back.length ? back : [blank(), blank(), blank()]);
    if (r.added) message.success(t('cart.result', { added: r.added, rejected: r.rejected }));
    else if (r.rejected) message.warning(t('cart.result', { added: r.added, rejected: r.rejected }));
  };
  const addRows = useMutation({
    mutationFn: (sent: GridRow[]) => client.post('/api/cart/quick', { query: { customerId }, body: { rows: sent.map((r) => ({ code: r.code, qty: r.qty, unit: r.unit || null })) } }).then((res) => ({ res, sent })),
    onSuccess: ({ res, sent }) => apply(res, sent),
    onError: (e) => message.error(errorText(e)),
  });
  const addText = useMutation({
    mutationFn: () => client.post('/api/cart/quick', { query: { customerId }, body: { text: paste } }),
    onSuccess: (r) => {
      setPaste('');
      apply(r);
    },
    onError: (e) => message.error(errorText(e)),
  });
  const upload = useMutation({
    mutationFn: (file: File) => {
      const form = new FormData();
      form.append('file', file);
      return client.upload('/api/cart/import', form, { query: { customerId } });
    },
    onSuccess: (r) => apply(r),
    onError: (e) => message.error(errorText(e)),
  });
  const filled = rows.filter((r) => r.code.trim() || r.qty.trim());

  return (
    <div data-testid="quick-entry">
      <Card size="small" title={t('cart.quick')}>
        <div style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
          {rows.map((r, i) => (
            <div key={r.key} data-testid="quick-row">
              <div style={{ display: 'flex', gap: 6 }}>
                <CodeInput value={r.code} customerId={customerId} onChange={(code) => patch(r.key, { code })}
                  onPick={(item) => patch(r.key, { code: item.code, units: item.units, unit: r.unit && item.units.some((u) => u.unit === r.unit) ? r.unit : item.baseUnit })} />
                <Input aria-label={t('cart.qty')} data-testid="quick-qty" inputMode="numeric" placeholder={t('cart.qty')} value={r.qty} style={{ width: 76 }}
                  onChange={(e) => patch(r.key, { qty: e.target.value })}
                  onPressEnter={() => (i === rows.length - 1 ? setRows((rs) => [...rs, blank()]) : undefined)} />
                {r.units.length > 1
                  ? <Select aria-label={t('cart.unit')} value={r.unit} style={{ width: 70 }} onChange={(unit) => patch(r.key, { unit })} options={r.units.map((u) => ({ value: u.unit, label: u.unit }))} />
                  : <Input aria-label={t('cart.unit')} placeholder={t('cart.unit')} value={r.unit} style={{ width: 56 }} onChange={(e) => patch(r.key, { unit: e.target.value })} />}
                <Button type="text" aria-label={t('cart.delete')} icon={<DeleteOutlined />} onClick={() => setRows((rs) => (rs.length > 1 ? rs.filter((x) => x.key !== r.key) : [blank()]))} />
              </div>
              {r.error && <div data-testid="quick-error" style={{ color: '#cf1322', fontSize: 12, marginTop: 2 }}>{r.error}</div>}
            </div>
          ))}
          <Space wrap>
            <Button icon={<PlusOutlined />} onClick={() => setRows((rs) => [...rs, blank()])}>{t('cart.addRow')}</Button>
            <Button type="primary" data-testid="quick-add" disabled={!filled.length} loading={addRows.isPending} onClick={() => addRows.mutate(filled)}>{t('cart.addAll')}</Button>
          </Space>
        </div>
      </Card>
      {last && last.rejected > 0 && (
        <Alert style={{ marginTop: 8 }} type="warning" showIcon data-testid="quick-result" title={t('cart.result', { added: last.added, rejected: last.rejected })} description={t('cart.fixHint')} />
      )}
      {last && last.rows.some((x) => x.status === 'added' && x.presale) && (
        <Alert style={{ marginTop: 8 }} type="info" showIcon data-testid="quick-presale" title={t('cart.presaleAdded')}
          description={last.rows.filter((x) => x.status === 'added' && x.presale).map((x) => (
            <div key={x.row}><b>{x.code}</b> {x.name} <PresaleTag presale={x.presale!} /></div>
          ))} />
      )}
      <Card size="small" title={t('cart.paste')} style={{ marginTop: 12 }}>
        <Input.TextArea data-testid="paste-box" rows={4} value={paste} placeholder={t('cart.pasteHint')} onChange={(e) => setPaste(e.target.value)} />
        <Space wrap style={{ marginTop: 8 }}>
          <Button data-testid="paste-add" disabled={!paste.trim()} loading={addText.isPending} onClick={() => addText.mutate()}>{t('cart.pasteAdd')}</Button>
          <Upload accept=".xlsx,.xls,.csv" showUploadList={false} beforeUpload={(file) => { upload.mutate(file); return false; }}>
            <Button icon={<UploadOutlined />} loading={upload.isPending}>{t('cart.upload')}</Button>
          </Upload>
        </Space>
      </Card>
    </div>
  );
}

/** SKU code box with autocomplete by code prefix or name (visible, on-shelf SKUs, the customer's price). */
function CodeInput({ value, onChange, onPick, customerId }: { value: string; onChange: (v: string) => void; onPick: (i: LookupItem) => void; customerId?: number }) {
  const { t } = useTranslation();
  const q = value.trim();
  const found = useQuery({
    queryKey: ['cart-sku-lookup', customerId ?? 'mine', q],
    queryFn: () => client.get('/api/cart/skus', { query: { customerId, q, limit: 8 } }),
    enabled: q.length >= 1,
    staleTime: 30_000,
  });
  const items = found.data ?? [];
  return (
    <AutoComplete
      aria-label={t('cart.code')}
      data-testid="quick-code"
      value={value}
      style={{ flex: 1, minWidth: 0 }}
      placeholder={t('cart.codeHint')}
      onChange={onChange}
      onSelect={(code: string) => {
        const item = items.find((i) => i.code === code);
        if (item) onPick(item);
      }}
      options={items.map((i) => ({
        value: i.code,
        label: (
          <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
            <span style={{ overflow: 'hidden', textOverflow: 'ellipsis' }}><b>{i.code}</b> {i.name}{i.specText ? ` ${i.specText}` : ''}{i.presale && <> <PresaleTag presale={i.presale} /></>}</span>
            <Typography.Text type="secondary" style={{ whiteSpace: 'nowrap' }}>{fen(i.unitPrice)}</Typography.Text>
          </div>
        ),
      }))}
    />
  );
}
