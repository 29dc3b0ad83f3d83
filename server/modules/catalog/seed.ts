import sharp from 'sharp';
import type { Kysely } from 'kysely';
import type { DB } from '../../lib/db-types';
import type { SeedContext } from '../../lib/module';
import type { Actor } from '../auth/actor';
import { createCategory } from './categories';
import { createBrand } from './brands';
import { createProduct } from './products';
import { addProductImage } from './images';
import { BRANDS, CATEGORY_TREE, LINES, sizesOf } from './seed-data';

const PALETTE = ['#1677ff', '#13a8a8', '#52c41a', '#fa8c16', '#eb2f96', '#722ed1', '#d4380d', '#2f54eb', '#7cb305', '#c41d7f'];
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A product picture for the demo: a coloured pack with the brand and name (rendered from SVG). */
export async function demoImage(brand: string, name: string, spec: string, colour: string, variant = 0): Promise<Buffer> {
  const title = name.replace(`${brand} `, '');
  const lines = title.length > 8 ? [title.slice(0, 8), title.slice(8, 16)] : [title];
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="600">
    <defs><linearGradient id="g" x1="0" y1="0" x2="${variant ? 1 : 0}" y2="1"><stop offset="0" stop-color="${colour}"/><stop offset="1" stop-color="#ffffff"/></linearGradient></defs>
    <rect width="600" height="600" fill="#f5f5f5"/>
    <rect x="${variant ? 60 : 150}" y="70" width="${variant ? 480 : 300}" height="460" rx="${variant ? 24 : 60}" fill="url(#g)" stroke="#00000022" stroke-width="4"/>
    <text x="300" y="170" font-family="Noto Sans CJK SC, sans-serif" font-size="46" font-weight="bold" fill="#ffffff" text-anchor="middle">${esc(brand)}</text>
    ${lines.map((l, i) => `<text x="300" y="${300 + i * 56}" font-family="Noto Sans CJK SC, sans-serif" font-size="44" fill="#1f1f1f" text-anchor="middle">${esc(l)}</text>`).join('')}
    <text x="300" y="480" font-family="Noto Sans CJK SC, sans-serif" font-size="30" fill="#595959" text-anchor="middle">${esc(spec)}</text>
  </svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

/**
 * Demo catalog (runs before pricing and inventory, which price and stock these SKUs): the
 * category tree, brands, and products with SKUs, case units and pictures, all through the
 * catalog's own service functions. Puts ids in ctx.refs.categories / brands / products / skus.
 */
export async function seedCatalogDemo(ctx: SeedContext): Promise<void> {
  const adminId = ctx.refs.users?.admin;
  const actor: Actor = { userId: adminId ?? 0, login: 'admin', name: '管理员', role: 'admin', companyId: null, via: 'session', scopes: null };
  await seedCatalog(ctx.database.db, actor, ctx.refs, { images: true });
}

/** The demo catalog; tests of search pass images: false (pictures take most of the time). */
export async function seedCatalog(db: Kysely<DB>, actor: Actor, refs: SeedContext['refs'], opts: { images: boolean }) {
  const ctx = { refs };
  const cats = (ctx.refs.categories ??= {});
  for (const [i, [root, children]] of CATEGORY_TREE.entries()) {
    const r = await createCategory(db, actor, { name: root, parentId: null, sort: i * 10 });
    cats[root] = r.id;
    for (const [j, child] of children.entries()) cats[child] = (await createCategory(db, actor, { name: child, parentId: r.id, sort: j * 10 })).id;
  }
  const brands = (ctx.refs.brands ??= {});
  const brandCode = new Map(BRANDS);
  for (const [i, [name]] of BRANDS.entries()) brands[name] = (await createBrand(db, actor, { name, sort: i })).id;

  const products = (ctx.refs.products ??= {});
  const skus = (ctx.refs.skus ??= {});
  let n = 0;
  const pictures: (() => Promise<void>)[] = [];
  for (const [li, line] of LINES.entries()) {
    const sizes = sizesOf(line);
    for (const name of line.names) {
      n++;
      const prefix = `${brandCode.get(line.brand) ?? 'X'}-${String(n).padStart(3, '0')}`;
      const p = await createProduct(db, actor, {
        name,
        subtitle: `${line.brand}官方授权 · ${line.sizes.map((s) => s[0].split('×')[0]).join(' / ')}`,
        categoryId: cats[line.cat],
        brandId: brands[line.brand],
        descriptionHtml: `<h3>${name}</h3><p>${line.brand}正品，经销商直供，整${line.caseUnit}发货，${sizes.length > 1 ? '多种规格可选' : '规格见下表'}。</p>` +
          `<table><tr><th>规格</th><th>每${line.caseUnit}</th></tr>${sizes.map((s) => `<tr><td>${s[0]}</td><td>${s[2]}${line.unit}</td></tr>`).join('')}</table>`,
        params: [['品牌', line.brand], ...(line.params ?? [])].map(([k, v]) => ({ name: k, value: v })),
        tags: [...(line.tags ?? []), ...(n % 9 === 0 ? ['促销'] : [])],
        baseUnit: line.unit,
        onShelf: n % 37 !== 0, // a few products are off the shelf, as in any real catalog
        isNew: (line.tags ?? []).includes('新品'),
        skus: sizes.map(([spec, price, perCase], k) => ({
          code: `${prefix}-${k + 1}`,
          barcode: ean13(`692${String(li).padStart(3, '0')}${String(n).padStart(3, '0')}${k}`),
          specs: { 规格: spec },
          basePrice: price,
          retailPrice: Math.round((price * 1.3) / 10) * 10,
          weightGrams: weightOf(spec),
          moq: 1,
          orderMultiple: 1,
          units: perCase > 1 ? [{ unit: line.caseUnit, factor: perCase }] : [],
        })),
      });
      products[prefix] = p.id;
      for (const s of p.skus) skus[s.code] = s.id;
      if (!opts.images) continue;
      const colour = PALETTE[(li + n) % PALETTE.length]!;
      const k = n;
      pictures.push(async () => {
        await addProductImage(db, actor, p.id, await demoImage(line.brand, name, line.sizes[0]![0], colour));
        if (k % 4 === 1) await addProductImage(db, actor, p.id, await demoImage(line.brand, name, sizes[sizes.length - 1]![0], colour, 1));
      });
    }
  }
  // Pictures four products at a time: rendering and re-encoding run on sharp's threads, so the
  // first start's demo seed does not wait for each picture in turn (a product's own stay in order).
  let next = 0;
  await Promise.all(Array.from({ length: 4 }, async () => {
    while (next < pictures.length) await pictures[next++]!();
  }));
}

/** 12 digits → EAN-13 with its check digit. */
function ean13(digits: string): string {
  const d = digits.slice(0, 12).padEnd(12, '0');
  const sum = [...d].reduce((a, c, i) => a + Number(c) * (i % 2 ? 3 : 1), 0);
  return d + ((10 - (sum % 10)) % 10);
}

/** Shipping weight of one base unit in grams, read from the spec (500ml ≈ 520 g, 5kg ≈ 5050 g). */
function weightOf(spec: string): number {
  const m = /([\d.]+)\s*(ml|l|g|kg)/i.exec(spec);
  if (!m) return 200;
  const v = Number(m[1]);
  const unit = m[2]!.toLowerCase();
  const grams = unit === 'l' || unit === 'kg' ? v * 1000 : v;
  return Math.round(grams * 1.04 + 10);
}
