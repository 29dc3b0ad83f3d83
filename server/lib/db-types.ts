/**
 * The database's table types. Each domain module adds its own tables by declaration merging:
 *
 *   declare module '../../lib/db-types' { interface DB { skus: SkuTable } }
 *
 * so no single file lists every table and modules stay apart.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface DB {}
