import { Image } from 'antd';
import { PictureOutlined } from '@ant-design/icons';
import { useState } from 'react';
import type { Image as Img } from './types';

/** Main picture with thumbnails below; tap to view full size. */
export function Gallery({ images, alt }: { images: Img[]; alt: string }) {
  const [i, setI] = useState(0);
  if (!images.length) return <div style={{ aspectRatio: '1 / 1', display: 'grid', placeItems: 'center', background: '#fafafa', fontSize: 48, color: '#ccc' }}><PictureOutlined /></div>;
  const cur = images[Math.min(i, images.length - 1)]!;
  return (
    <div data-testid="gallery">
      <Image.PreviewGroup items={images.map((x) => x.url)} preview={{ current: i, onChange: setI }}>
        <Image src={cur.url} alt={alt} width="100%" style={{ aspectRatio: '1 / 1', objectFit: 'contain', background: '#fff' }} />
      </Image.PreviewGroup>
      {images.length > 1 && (
        <div style={{ display: 'flex', gap: 6, marginTop: 6, overflowX: 'auto' }}>
          {images.map((x, k) => (
            <img key={x.id} src={x.thumbUrl} alt="" onClick={() => setI(k)} data-testid="gallery-thumb"
              style={{ width: 56, height: 56, objectFit: 'cover', borderRadius: 4, cursor: 'pointer', border: k === i ? '2px solid #1677ff' : '1px solid #eee' }} />
          ))}
        </div>
      )}
    </div>
  );
}
