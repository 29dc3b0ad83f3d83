import { App, Button, Card, Descriptions, Grid, InputNumber, Select, Space, Table, Tag, Typography } from 'antd';
import { LeftOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { client } from '../lib/client';
import { ActorName } from '../lib/actor';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { dateTime } from '../lib/format';
import { useFail } from '../payments/common';
import { MOVEMENT_TYPES, type Movement, type MovementType, type SkuCard } from './api';
import { DocumentLink, signed, StockStatusTag, useCanWrite, WarehouseSelect } from './parts';

/** 库存卡: a SKU's level in every warehouse (安全库存 editable) and its movement ledger. */
export function StockCardPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const skuId = Number(useParams().id);
  const [warehouseId, setWarehouseId] = useState<number>();
  const [type, setType] = useState<MovementType>();
  const [page, setPage] = useState(1);
  const card = useQuery({ queryKey: ['inv-card', skuId], queryFn: () => client.get('/api/inventory/skus/{id}', { path: { id: skuId } }) });
  const ledger = useQuery({
    queryKey: ['inv-ledger', skuId, warehouseId, type, page],
    queryFn: () => client.get('/api/inventory/movements', { query: { skuId, warehouseId, type, page, pageSize: 20 } }),
    placeholderData: (prev) => prev,
  });
  const c = card.data;
  // On a phone the warehouses are cards and the ledger's filters sit above its table, not in the card's header.
  const phone = !Grid.useBreakpoint().md;
  const u = (n: number) => (c ? `${n} ${c.sku.unit}` : String(n));
  const filters = (
    <Space wrap>
      <WarehouseSelect value={warehouseId} onChange={(v) => { setWarehouseId(v); setPage(1); }} allowClear placeholder={t('inv.allWarehouses')} width={150} />
      <Select<MovementType> value={type} onChange={(v) => { setType(v); setPage(1); }} allowClear placeholder={t('inv.type')} style={{ width: 130 }} data-testid="ledger-type"
        options={MOVEMENT_TYPES.map((m) => ({ value: m, label: t(`inv.mtype.${m}`) }))} />
    </Space>
  );
  return (
    <div data-testid="stock-card">
      <Button type="text" icon={<LeftOutlined />} onClick={() => navigate(-1)} style={{ paddingLeft: 0 }}>{t('common.back')}</Button>
      <Card size="small" loading={card.isLoading} title={c ? `${t('inv.card')} · ${c.sku.code}` : t('inv.card')}>
        {c && (
          <>
            <Descriptions size="small" column={{ xs: 1, md: 4 }} items={[
              { key: 'p', label: t('inv.product'), children: `${c.sku.productName} ${c.sku.specText}` },
              { key: 'o', label: t('inv.onHand'), children: <b data-testid="card-onhand">{u(c.totals.onHand)}</b> },
              { key: 'r', label: t('inv.reserved'), children: u(c.totals.reserved) },
              { key: 'a', label: t('inv.available'), children: <b>{u(c.totals.available)}</b> },
            ]} />
            <LevelsTable card={c} phone={phone} />
          </>
        )}
      </Card>
      <Card size="small" title={t('inv.ledger')} style={{ marginTop: 12 }}
        extra={phone ? undefined : filters}>
        {phone && <div style={{ marginBottom: 8 }}>{filters}</div>}
        <Table<Movement> rowKey="id" size="small" loading={ledger.isFetching} dataSource={ledger.data?.items ?? []} scroll={{ x: 800 }} data-testid="ledger"
          pagination={{ current: page, pageSize: 20, total: ledger.data?.total, showSizeChanger: false, onChange: setPage }}
          columns={[
            { title: t('inv.time'), dataIndex: 'at', render: dateTime, width: 150 },
            { title: t('inv.type'), dataIndex: 'type', render: (v: MovementType) => <Tag>{t(`inv.mtype.${v}`)}</Tag> },
            { title: t('inv.warehouse'), dataIndex: 'warehouseName' },
            { title: t('inv.qty'), dataIndex: 'qty', align: 'right', render: (v: number) => <Typography.Text type={v < 0 ? 'danger' : 'success'}>{signed(v)}</Typography.Text> },
            { title: t('inv.after'), dataIndex: 'onHandAfter', align: 'right' },
            // wide enough for 发货单 SO20261203-0001-1 on one line
            { title: t('inv.document'), width: 210, render: (_, m) => <DocumentLink m={m} /> },
            { title: t('inv.reason'), dataIndex: 'reason', ellipsis: true },
            { title: t('inv.who'), render: (_, m) => <ActorName name={m.actorName} role={m.actorRole} /> },
          ]} />
      </Card>
    </div>
  );
}

function LevelsTable({ card, phone }: { card: SkuCard; phone: boolean }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const fail = useFail();
  const canWrite = useCanWrite();
  const [edit, setEdit] = useState<Record<number, number | null>>({});
  const save = useMutation({
    mutationFn: ({ warehouseId, safetyStock }: { warehouseId: number; safetyStock: number }) => client.put('/api/inventory/levels/{skuId}/{warehouseId}/safety-stock', { path: { skuId: card.sku.id, warehouseId }, body: { safetyStock } }),
    onSuccess: () => { message.success(t('inv.safetySaved')); void qc.invalidateQueries({ queryKey: ['inv-card', card.sku.id] }); },
    onError: fail,
  });
  const safety = (v: number, l: SkuCard['levels'][number]) => (canWrite ? (
    <Space.Compact>
      <InputNumber size="small" min={0} max={10_000_000} precision={0} value={edit[l.warehouseId] ?? v} style={{ width: 90 }} aria-label={`${l.warehouseName} ${t('inv.safety')}`}
        onChange={(n) => setEdit((e) => ({ ...e, [l.warehouseId]: n }))} />
      <Button size="small" disabled={edit[l.warehouseId] == null || edit[l.warehouseId] === v} loading={save.isPending}
        onClick={() => save.mutate({ warehouseId: l.warehouseId, safetyStock: edit[l.warehouseId]! })}>{t('common.save')}</Button>
    </Space.Compact>
  ) : v);
  const unit = card.sku.unit;
  if (phone) return (
    <div data-testid="card-levels">
      {card.levels.map((l) => (
        <Card key={l.warehouseId} size="small" style={{ marginTop: 8 }} data-testid="level-card">
          <Space style={{ width: '100%', justifyContent: 'space-between' }} align="start">
            <b>{l.warehouseName}{!l.active && <Tag style={{ marginLeft: 4 }}>{t('inv.inactive')}</Tag>}</b>
            <StockStatusTag status={l.status} />
          </Space>
          <div data-testid="level-figures">
            {t('inv.onHand')} {l.onHand} {unit} · {t('inv.reserved')} {l.reserved} {unit} · <b>{t('inv.available')} {l.available} {unit}</b>
          </div>
          <Space size={6} style={{ marginTop: 4 }}>
            <Typography.Text type="secondary">{t('inv.safety')}</Typography.Text>
            {safety(l.safetyStock, l)}
          </Space>
        </Card>
      ))}
    </div>
  );
  return (
    <Table rowKey="warehouseId" size="small" pagination={false} dataSource={card.levels} scroll={{ x: 700 }} data-testid="card-levels"
      columns={[
        { title: t('inv.warehouse'), render: (_, l) => <>{l.warehouseName}{!l.active && <Tag style={{ marginLeft: 4 }}>{t('inv.inactive')}</Tag>}</> },
        { title: t('inv.onHand'), dataIndex: 'onHand', align: 'right' },
        { title: t('inv.reserved'), dataIndex: 'reserved', align: 'right' },
        { title: t('inv.available'), dataIndex: 'available', align: 'right' },
        {
          title: t('inv.safety'), dataIndex: 'safetyStock', align: 'right',
          render: (v: number, l) => safety(v, l),
        },
        { title: t('inv.stockStatus'), dataIndex: 'status', render: (s) => <StockStatusTag status={s} /> },
      ]} />
  );
}
