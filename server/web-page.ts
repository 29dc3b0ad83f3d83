import zlib from 'node:zlib';
import { Negotiator } from '@fastify/accept-negotiator';

const encodings = new Negotiator<'br' | 'gzip'>({ supportedValues: ['br', 'gzip'] });

interface Rendered { tag: string; identity: Buffer; br: Buffer; gzip: Buffer }

/**
 * index.html as the server sends it: the supplier's head tag put in, and compressed like the
 * build's precompressed assets. The page is rendered (the tag changes when the supplier renames
 * itself), so its brotli and gzip copies are made here, once per tag, not per request.
 */
export function indexPage(html: string) {
  let last: Rendered | null = null;
  return (tag: string, acceptEncoding: string | undefined) => {
    if (last?.tag !== tag) {
      const identity = Buffer.from(html.replace('</head>', `    ${tag}\n  </head>`));
      last = {
        tag, identity,
        br: zlib.brotliCompressSync(identity, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT } }),
        gzip: zlib.gzipSync(identity, { level: 9 }),
      };
    }
    const encoding = acceptEncoding ? encodings.negotiate(acceptEncoding.toLowerCase().replace(/\*/g, 'gzip')) : null;
    return { body: encoding ? last[encoding] : last.identity, encoding };
  };
}
