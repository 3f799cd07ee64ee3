// Ferry's email routes of an upload, for its owner: the "email me when downloaded" switch, and sending its link.
import type { FastifyInstance } from 'fastify';
import { FERRY_ROUTE } from '../../protocol/ferry-account.js';
import {
  SharedSchema,
  ShareByEmailSchema,
  UploadNotificationsSchema,
  UploadNotificationsStateSchema,
  type ShareByEmailBody,
  type UploadNotificationsBody,
} from '../../protocol/ferry-notifications.js';
import { requireUser } from '../auth/authenticate.js';
import type { RouteServices } from '../http-options.js';
import { webBase } from '../public-url.js';
import { uploadParams, type UploadParams } from './params.js';

const tags = ['Notifications'];

export async function uploadEmailRoutes(app: FastifyInstance, { uploadEmails, notifications, http }: RouteServices) {
  const state = async (emailOnDownload: boolean) => ({ emailOnDownload, mail: notifications.mailEnabled });

  app.get<{ Params: UploadParams }>(
    '/me/uploads/:uploadId/notifications',
    {
      schema: {
        tags,
        summary: "Ferry's: whether the owner is emailed when a file of the upload is downloaded",
        params: uploadParams,
        response: { 200: UploadNotificationsStateSchema },
      },
      config: FERRY_ROUTE,
    },
    async (request) => state(await uploadEmails.emailOnDownload(requireUser(request), request.params.uploadId)),
  );

  app.put<{ Params: UploadParams; Body: UploadNotificationsBody }>(
    '/me/uploads/:uploadId/notifications',
    {
      schema: {
        tags,
        summary: "Ferry's: email the owner (or not) when a file of the upload is downloaded",
        params: uploadParams,
        body: UploadNotificationsSchema,
        response: { 200: UploadNotificationsStateSchema },
      },
      config: FERRY_ROUTE,
    },
    async (request) => {
      await uploadEmails.setEmailOnDownload(requireUser(request), request.params.uploadId, request.body.emailOnDownload);
      return state(request.body.emailOnDownload);
    },
  );

  app.post<{ Params: UploadParams; Body: ShareByEmailBody }>(
    '/me/uploads/:uploadId/share',
    {
      schema: {
        tags,
        summary: "Ferry's: email the upload's link to these addresses (a few an hour)",
        params: uploadParams,
        body: ShareByEmailSchema,
        response: { 200: SharedSchema },
      },
      config: FERRY_ROUTE,
    },
    async (request) => {
      const { uploadId } = request.params;
      const pageUrl = `${webBase(request, http)}/d?id=${encodeURIComponent(uploadId)}`;
      const { to, message = '', link } = request.body;
      return { sent: await uploadEmails.share(requireUser(request), uploadId, to, message, pageUrl, link) };
    },
  );
}
