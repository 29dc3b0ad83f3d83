import { App, Button, Card, List, Tag, Typography } from 'antd';
import { ShoppingCartOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { client } from '../lib/client';
import { date, fen } from '../lib/format';
import { errorText, useSetCart } from '../cart/useCart';
import { useDueReorders, type DueItem } from './api';

/** 逾期 3 天 / 今天 / 2 天后 */
function DueTag({ item }: { item: DueItem }) {
  const { t } = useTranslation();
  if (item.daysLate > 0) return <Tag color="red">{t('reco.overdue', { n: item.daysLate })}</Tag>;
  if (item.daysLate === 0) return <Tag color="orange">{t('reco.dueToday')}</Tag>;
  return <Tag color="gold">{t('reco.dueIn', { n: -item.daysLate })}</Tag>;
}

/**
 * 该补货了: the buyer's due and overdue regular items with the usual quantity in the unit they
 * order in, at their own price, and one button that puts them all into the cart. Shows nothing
 * when nothing is due (a new customer has no rhythm yet).
 */
export function ReorderCard({ compact = false, hideSkuIds = [] }: { compact?: boolean; /** already in the cart: not listed again */ hideSkuIds?: number[] }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const setCart = useSetCart();
  const due = useDueReorders();
  const add = useMutation({
    mutationFn: () => client.post('/api/my/reorders/to-cart', { body: { skuIds: items.map((i) => i.skuId) } }),
    onSuccess: (r) => {
      setCart(r.cart);
      if (r.rejected) message.warning(t('reco.partly', { added: r.added, rejected: r.rejected }));
      else if (r.added === 0) message.info(t('reco.alreadyAll'));
      else message.success(t('reco.addedAll', { added: r.added }));
    },
    onError: (e) => message.error(errorText(e)),
  });
  const items = (due.data?.items ?? []).filter((i) => !hideSkuIds.includes(i.skuId));
  if (items.length === 0) return null;
  return (
    <Card size="small" style={{ marginBottom: 12 }} data-testid="reorder-card"
      title={<span>{t('reco.dueTitle')} <Tag color="red" style={{ marginLeft: 4 }}>{items.length}</Tag></span>}>
      {!compact && <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>{t('reco.dueHint')}</Typography.Paragraph>}
      <List dataSource={items} split renderItem={(i) => (
        <List.Item style={{ padding: '8px 0' }} data-testid="reorder-item">
          <List.Item.Meta
            title={<Link to={`/products/${i.productId}`}>{i.name}{i.specText ? <Typography.Text type="secondary"> {i.specText}</Typography.Text> : null}</Link>}
            description={<>
              <DueTag item={i} /> <Typography.Text strong data-testid="reorder-qty">{i.qtyText}</Typography.Text>
              {' · '}{fen(i.unitPrice)}{t('reco.perUnit', { unit: i.baseUnit })}
              {!compact && <><br />{t('reco.every', { n: Math.round(i.intervalDays) })} · {t('reco.last', { date: date(i.lastOrderOn) })}</>}
            </>}
          />
        </List.Item>
      )} />
      <Button type="primary" block size="large" icon={<ShoppingCartOutlined />} loading={add.isPending} onClick={() => add.mutate()} data-testid="reorder-add-all">
        {t('reco.addAll')}
      </Button>
    </Card>
  );
}
