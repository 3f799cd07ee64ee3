// Tells the requests of chat apps' link-preview bots (LinkPreviewBots, by User-Agent) apart, for the domain's rule
// that they may not use up a file's only download.
import type { FastifyInstance } from 'fastify';

declare module 'fastify' {
  interface FastifyRequest {
    /** The User-Agent names a link-preview bot. */
    linkPreview: boolean;
  }
}

export function recogniseLinkPreviews(app: FastifyInstance, bots: string[]): void {
  const lowered = bots.map((bot) => bot.toLowerCase()).filter(Boolean);
  app.decorateRequest('linkPreview', false);
  if (lowered.length === 0) return;
  app.addHook('onRequest', async (request) => {
    const agent = request.headers['user-agent']?.toLowerCase();
    if (agent) request.linkPreview = lowered.some((bot) => agent.includes(bot));
  });
}
