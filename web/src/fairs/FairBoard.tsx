import { Badge, Card, Col, Progress, Row, Statistic, Table } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { dateTime, fen } from '../lib/format';
import type { Board } from './types';

/** Staff: the live board — booked amount by product, customer and region against targets, pushed by server-sent events as bookings arrive. */
export function FairBoard({ fairId }: { fairId: number }) {
  const { t } = useTranslation();
  const [board, setBoard] = useState<Board | null>(null);
  const [live, setLive] = useState(false);
  useEffect(() => {
    const es = new EventSource(`/api/fairs/${fairId}/board/stream`);
    es.addEventListener('board', (e) => setBoard(JSON.parse((e as MessageEvent<string>).data) as Board));
    es.onopen = () => setLive(true);
    es.onerror = () => setLive(false);
    return () => es.close();
  }, [fairId]);
  if (!board) return <Card loading />;
  const pct = (v: number, of: number | null) => (of ? Math.min(100, Math.round((v * 100) / of)) : null);
  return (
    <div data-testid="fair-board">
      <Row gutter={[12, 12]}>
        <Col xs={12} md={6}><Card size="small"><Statistic title={t('fair.boardTotal')} value={fen(board.booked)} valueRender={(v) => <span data-testid="board-total">{v}</span>} /></Card></Col>
        <Col xs={12} md={6}><Card size="small"><Statistic title={t('fair.boardBookings')} value={board.bookings} /></Card></Col>
        <Col xs={12} md={6}><Card size="small"><Statistic title={t('fair.boardCustomers')} value={board.customers} /></Card></Col>
        <Col xs={12} md={6}><Card size="small" title={<Badge status={live ? 'processing' : 'default'} text={t('fair.live')} />}>
          {board.targetAmount
            ? <div data-testid="board-progress"><span style={{ color: 'rgba(0,0,0,0.45)' }}>{t('fair.targetProgress', { target: fen(board.targetAmount) })}</span><Progress percent={pct(board.booked, board.targetAmount)!} /></div>
            : <span>{t('fair.updatedAt', { at: dateTime(board.at) })}</span>}
        </Card></Col>
      </Row>
      <Row gutter={[12, 12]} style={{ marginTop: 12 }}>
        <Col xs={24}>
          <Card size="small" title={t('fair.byProduct')}>
            <Table rowKey="skuId" size="small" pagination={false} dataSource={board.byProduct} scroll={{ x: 'max-content' }} columns={[
              { title: t('fair.product'), render: (_, r) => <><span translate="no">{r.code}</span> {r.name}</> },
              { title: t('fair.qty'), dataIndex: 'qty', render: (v: number, r) => `${v} ${r.unit}` },
              { title: t('fair.amount'), dataIndex: 'amount', render: (v: number) => fen(v) },
              { title: t('fair.target'), render: (_, r) => (r.targetQty ? <Progress size="small" percent={pct(r.qty, r.targetQty)!} format={() => `${r.qty}/${r.targetQty} ${r.unit}`} style={{ width: 200 }} /> : '—') },
            ]} />
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <Card size="small" title={t('fair.byRegion')}>
            <Table rowKey="province" size="small" pagination={false} dataSource={board.byRegion} columns={[
              { title: t('fair.region'), dataIndex: 'province' }, { title: t('fair.boardCustomers'), dataIndex: 'customers' }, { title: t('fair.amount'), dataIndex: 'amount', render: (v: number) => fen(v) },
            ]} />
          </Card>
        </Col>
        <Col xs={24} lg={16}>
          <Card size="small" title={t('fair.byCustomer')}>
            <Table rowKey="companyId" size="small" pagination={{ pageSize: 20, hideOnSinglePage: true }} dataSource={board.byCustomer} scroll={{ x: 'max-content' }} columns={[
              { title: t('fair.customer'), dataIndex: 'name' }, { title: t('fair.region'), dataIndex: 'province' }, { title: t('fair.bookings'), dataIndex: 'bookings' },
              { title: t('fair.amount'), dataIndex: 'amount', render: (v: number) => fen(v) },
              { title: t('fair.target'), render: (_, r) => (r.targetAmount ? <Progress size="small" percent={pct(r.amount, r.targetAmount)!} style={{ width: 140 }} /> : '—') },
            ]} />
          </Card>
        </Col>
      </Row>
    </div>
  );
}
