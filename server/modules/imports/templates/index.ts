import type { Template } from '../types';
import { brandsTemplate, categoriesTemplate, productsTemplate } from './catalog';
import { customersTemplate } from './customers';
import { pricesTemplate } from './prices';
import { stockTemplate } from './stock';
import { balancesTemplate } from './balances';
import { suppliersTemplate } from './suppliers';

/** Every import template, in the order a new supplier fills them. */
export const TEMPLATES = [categoriesTemplate, brandsTemplate, productsTemplate, customersTemplate, pricesTemplate, stockTemplate, balancesTemplate, suppliersTemplate] as unknown as Template[];
export const KINDS = ['categories', 'brands', 'products', 'customers', 'prices', 'stock', 'balances', 'suppliers'] as const;
export type Kind = (typeof KINDS)[number];
export const templateOf = (kind: Kind) => TEMPLATES.find((t) => t.kind === kind)!;
