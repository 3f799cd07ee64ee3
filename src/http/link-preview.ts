// Tells the requests of chat apps' link-preview bots (LinkPreviewBots, by User-Agent) apart, for the domain's rule
// that they may not use up a file's only download.
import type { FastifyInstance, FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyRequest {
    /** The User-Agent names a link-preview bot. */
    linkPreview: boolean;
  }
}

/** Read only by the routes that open an upload (uploadCredentials): no other request pays for the matching. */
export function recogniseLinkPreviews(app: FastifyInstance, bots: string[]): void {
  const lowered = bots.map((bot) => bot.toLowerCase()).filter(Boolean);
  app.decorateRequest('linkPreview', {
    getter(this: FastifyRequest) {
      const agent = lowered.length > 0 ? this.headers['user-agent']?.toLowerCase() : undefined;
      return agent !== undefined && lowered.some((bot) => agent.includes(bot));
    },
  });
}
