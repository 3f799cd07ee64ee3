// GET /qrcode?url=&size=: a PNG QR code of a link, for phones.
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { badRequest } from '../../model/errors.js';
import { PUBLIC_ROUTE } from '../auth/authenticate.js';
import type { Services } from '../../domain/services.js';

const querystring = Type.Object({
  url: Type.Optional(Type.String({ maxLength: 2048, examples: ['https://files.example.com/d?id=Gx7bDyPdqc3yJhRE'] })),
  size: Type.Optional(Type.String({ maxLength: 16, description: 'Pixels' })),
});

const DEFAULT_SIZE = 250;
const MAX_SIZE = 1000;

export async function qrcodeRoutes(app: FastifyInstance, { addressLimits }: Services) {
  app.get<{ Querystring: Static<typeof querystring> }>(
    '/qrcode',
    {
      config: PUBLIC_ROUTE,
      schema: {
        tags: ['Server'],
        summary: 'A PNG QR code of a link (size: 1 to 1000 pixels, 250 if not given)',
        querystring,
      },
    },
    async (request, reply) => {
      const { url, size: sizeText } = request.query;
      if (!url) throw badRequest('missing url');
      const size = /^-?\d+$/.test(sizeText ?? '') ? Number(sizeText) : DEFAULT_SIZE;
      if (size <= 0) throw badRequest('QRCode size must be positive');
      if (size > MAX_SIZE) throw badRequest(`QRCode size must be lower than ${MAX_SIZE}`);
      await addressLimits.takeQrCode(request.ip);
      // Loaded at the first QR code, not at start-up: few servers are asked for one.
      const { default: QRCode } = await import('qrcode');
      const png = await QRCode.toBuffer(url, { errorCorrectionLevel: 'H', width: size, margin: 1 }).catch(() => {
        throw badRequest('url is too long for a QR code');
      });
      return reply.type('image/png').send(png);
    },
  );
}
