import { Badge } from 'antd';
import { ShoppingCartOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { api } from '../lib/api';

/** The portal's cart tab icon with the number of lines in the buyer's cart. */
export function CartBadge() {
  const count = useQuery({ queryKey: ['cart-count'], queryFn: () => api.get<{ lines: number }>('/api/cart/count'), staleTime: 15_000 });
  return (
    <Badge count={count.data?.lines ?? 0} size="small" offset={[4, -2]} data-testid="cart-badge">
      <ShoppingCartOutlined style={{ fontSize: 'inherit', color: 'inherit' }} />
    </Badge>
  );
}
