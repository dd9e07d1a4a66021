/**
 * Webhooks (PRODUCT.md §7, TMF621/TMF622 hubs): the admin's view of the hub subscriptions and of
 * the outbox deliveries. Subscribing and removing go through the TMF630 `/hub` of each API;
 * the list and the deliveries through `/api/v1/webhooks/…`. Admin only on the server.
 */
import { api, apiRequest, type Page, TMF_BASE } from './client';

export const HUB_APIS = ['troubleTicket', 'productOrder'] as const;
export type HubApi = (typeof HUB_APIS)[number];

/** Where each API's `/hub` lives under `/tmf-api`. */
const HUB_PATH: Record<HubApi, string> = {
  troubleTicket: '/troubleTicket/v5/hub',
  productOrder: '/productOrderingManagement/v5/hub',
};

export type HubSubscription = {
  id: string;
  api: HubApi;
  callback: string;
  query: string | null;
  createdBy: string;
  createdAt: string;
  /** False when its creator is no longer an active admin: it gets no events (deny by default). */
  receiving: boolean;
};

/** The answer to a subscription: the only time the HMAC secret is shown. */
export type CreatedHub = { id: string; callback: string; query: string | null; secret: string };

export const DELIVERY_STATUSES = ['pending', 'delivered', 'dead'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export type Delivery = {
  id: number;
  subscriptionId: string;
  callback: string | null;
  eventId: string;
  eventType: string;
  status: DeliveryStatus;
  createdAt: string;
  attempts: number;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  deadAt: string | null;
  lastStatus: number | null;
  lastError: string | null;
};

export const findHubSubscriptions = (signal?: AbortSignal) =>
  api.get<HubSubscription[]>('/webhooks/subscriptions', undefined, signal);

export const subscribeHub = async (hub: HubApi, input: { callback: string; query?: string }) =>
  (await apiRequest<CreatedHub>('POST', HUB_PATH[hub], { json: input, base: TMF_BASE })).data;

export const unsubscribeHub = async (hub: HubApi, id: string) => {
  await apiRequest<void>('DELETE', `${HUB_PATH[hub]}/${encodeURIComponent(id)}`, { base: TMF_BASE });
};

export const findDeliveries = (
  query: { status?: DeliveryStatus; limit?: number; offset?: number },
  signal?: AbortSignal,
): Promise<Page<Delivery>> => api.getPage<Delivery>('/webhooks/deliveries', query, signal);

/** Delivers a pending or dead event again now, with a fresh set of attempts. */
export const retryDelivery = (id: number) => api.post<Delivery>(`/webhooks/deliveries/${id}/retry`);
