import { renderPinImage } from '../../demo/images.js';
import { Type } from 'typebox';
import { errorBody } from '../errors.js';
import type { App, RouteDeps } from './context.js';

/**
 * The demo world's pin images (`/demo/images/<pinId>.png`), drawn on request
 * from the pin's category and id: nothing is stored, and the same pin always
 * gets the same picture.
 */
export function demoImageRoutes(app: App, { engine }: RouteDeps): void {
  app.get(
    '/demo/images/:file',
    { schema: { hide: true, params: Type.Object({ file: Type.String({ pattern: '^[^/]{1,256}\\.png$' }) }) } as object },
    async (request, reply) => {
      const { file } = request.params as { file: string };
      const pin = await engine.pins.get(file.slice(0, -'.png'.length));
      if (!pin) return reply.code(404).send(errorBody(404, `no pin for image ${file}`));
      const png = await renderPinImage(pin);
      return reply.header('content-type', 'image/png').header('cache-control', 'public, max-age=86400, immutable').send(png);
    },
  );
}
