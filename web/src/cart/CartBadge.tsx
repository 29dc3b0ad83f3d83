import { Badge } from 'antd';
import { ShoppingCartOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { client } from '../lib/client';

/** The portal's cart tab icon with the number of lines in the buyer's cart. */
export function CartBadge() {
  const count = useQuery({ queryKey: ['cart-count'], queryFn: () => client.get('/api/cart/count'), staleTime: 15_000 });
  return (
    <Badge count={count.data?.lines ?? 0} size="small" offset={[4, -2]} data-testid="cart-badge">
      <ShoppingCartOutlined style={{ fontSize: 'inherit', color: 'inherit' }} />
    </Badge>
  );
}
