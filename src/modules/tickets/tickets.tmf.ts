/**
 * TMF621 Trouble Ticket v5 shapes (../shared/spec/tmf/TMF621-TroubleTicket-v5.0.1): a Tierline
 * ticket as a TMF `TroubleTicket`, and TMF request bodies back to the service inputs. The
 * customer travels as `relatedParty` (role customer), the circuit, product and order as
 * `relatedEntity`, tier and SLA data as `troubleTicketCharacteristic`; the status history is
 * `statusChangeHistory` and notes are `note`.
 */
import {
  SEVERITIES,
  type Severity,
  TICKET_STATUSES,
  type TicketStatus,
  type TicketType,
} from '../../domain/desk/config.ts';
import { DomainError, type FieldIssue } from '../../domain/errors.ts';
import { TMF629_BASE } from '../customers/customers.tmf.ts';
import type { EventRow } from './tickets.repo.ts';
import { TICKET_CHANNELS, type TicketChannel, type TicketView } from './tickets.schema.ts';

export const TMF621_BASE = '/tmf-api/troubleTicket/v5';

type Json = Record<string, unknown>;
type Characteristic = { '@type': string; name: string; valueType: string; value: unknown };
export type TmfTicket = Json & { '@type': 'TroubleTicket'; id: string; href: string };

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

const str = (name: string, value: string | null): Characteristic | null =>
  value === null ? null : { '@type': 'StringCharacteristic', name, valueType: 'string', value };
const int = (name: string, value: number | null): Characteristic | null =>
  value === null ? null : { '@type': 'IntegerCharacteristic', name, valueType: 'integer', value };
const bool = (name: string, value: boolean): Characteristic => ({
  '@type': 'BooleanCharacteristic',
  name,
  valueType: 'boolean',
  value,
});

function characteristicsOf(t: TicketView): Characteristic[] {
  return [
    str('number', t.number),
    str('tier', t.tier),
    int('tierRank', t.tierRank),
    str('regionCode', t.regionCode),
    str('stageCode', t.stageCode),
    str('stageName', t.stageName),
    str('departmentCode', t.departmentCode),
    str('serviceItem', t.serviceItem),
    str('nextTargetAt', t.nextTargetAt),
    int('timeLeftMinutes', t.timeLeftMinutes),
    int('escalationLevel', t.escalationLevel),
    bool('breached', t.breached),
    int('deskConfigVersion', t.deskConfigVersion),
    int('catalogVersion', t.catalogVersion),
  ].filter((c): c is Characteristic => c !== null);
}

/**
 * The TMF621 `TroubleTicket` of a ticket view with its status and note events. `origin` is
 * scheme://host of the request ('' in hub events, whose href is then relative).
 */
export function toTmfTicket(t: TicketView, events: readonly EventRow[], origin: string): TmfTicket {
  const href = `${origin}${TMF621_BASE}/troubleTicket/${t.id}`;
  const relatedParty: Json[] = [
    {
      '@type': 'RelatedPartyRefOrPartyRoleRef',
      role: 'customer',
      partyOrPartyRole: {
        '@type': 'PartyRoleRef',
        '@referredType': 'Customer',
        id: t.customerId,
        href: `${origin}${TMF629_BASE}/customer/${t.customerId}`,
        name: t.customerName,
      },
    },
  ];
  if (t.accountManagerId) {
    relatedParty.push({
      '@type': 'RelatedPartyRefOrPartyRoleRef',
      role: 'accountManager',
      partyOrPartyRole: {
        '@type': 'PartyRef',
        '@referredType': 'Individual',
        id: t.accountManagerId,
        ...(t.accountManagerName ? { name: t.accountManagerName } : {}),
      },
    });
  }
  if (t.assigneeId) {
    relatedParty.push({
      '@type': 'RelatedPartyRefOrPartyRoleRef',
      role: 'owner',
      partyOrPartyRole: {
        '@type': 'PartyRef',
        '@referredType': 'Individual',
        id: t.assigneeId,
        ...(t.assigneeName ? { name: t.assigneeName } : {}),
      },
    });
  }
  const relatedEntity: Json[] = [];
  if (t.circuitId) {
    relatedEntity.push({
      '@type': 'RelatedEntity',
      role: 'circuit',
      entity: {
        '@type': 'EntityRef',
        '@referredType': 'Resource',
        id: t.circuitId,
        ...(t.circuitNumber ? { name: t.circuitNumber } : {}),
      },
    });
  }
  if (t.product) {
    relatedEntity.push({
      '@type': 'RelatedEntity',
      role: 'product',
      entity: { '@type': 'EntityRef', '@referredType': 'Product', id: t.product, name: t.product },
    });
  }
  if (t.orderRef) {
    relatedEntity.push({
      '@type': 'RelatedEntity',
      role: 'productOrder',
      entity: { '@type': 'EntityRef', '@referredType': 'ProductOrder', id: t.orderRef },
    });
  }
  const statusChangeHistory = events
    .filter((e) => e.kind === 'created' || e.kind === 'status')
    .map((e) => ({
      '@type': 'StatusChange',
      status: e.status,
      statusChangeDate: e.at.toISOString(),
      ...(e.reason
        ? { statusChangeReason: e.reason }
        : e.kind === 'created'
          ? { statusChangeReason: 'created' }
          : {}),
    }));
  const note = events
    .filter((e) => e.kind === 'note')
    .map((e) => ({
      '@type': 'Note',
      id: String(e.id),
      author: e.actorName,
      date: e.at.toISOString(),
      text: String(e.data?.text ?? ''),
    }));
  const extIds = (t as TicketView & { externalId?: string | null }).externalId;
  return {
    '@type': 'TroubleTicket',
    id: t.id,
    href,
    name: t.name,
    description: t.description,
    severity: t.severity,
    ticketType: t.ticketType,
    priority: String(t.priority),
    status: t.status,
    statusChangeDate: t.statusChangedAt,
    ...(t.statusReason ? { statusChangeReason: t.statusReason } : {}),
    creationDate: t.createdAt,
    lastUpdate: t.updatedAt,
    ...(t.requestedResolutionDate ? { requestedResolutionDate: t.requestedResolutionDate } : {}),
    // The customer SLA's target (restore / handle / answer), not a department's internal limit.
    ...(t.expectedResolutionDate ? { expectedResolutionDate: t.expectedResolutionDate } : {}),
    ...(t.resolutionDate ? { resolutionDate: t.resolutionDate } : {}),
    channel: { '@type': 'ChannelRef', id: t.channel, name: t.channel },
    ...(extIds
      ? { externalIdentifier: [{ '@type': 'ExternalIdentifier', id: extIds, owner: 'client' }] }
      : {}),
    relatedParty,
    relatedEntity,
    note,
    statusChangeHistory,
    troubleTicketCharacteristic: characteristicsOf(t),
  };
}

/** Attribute selection (`fields=status,severity`): those first-level attributes plus `@type`, `id`, `href`. */
export function selectFields(ticket: TmfTicket, fields: string | undefined): Json {
  if (!fields) return ticket;
  const wanted = new Set(
    fields
      .split(',')
      .map((f) => f.trim())
      .filter((f) => f !== ''),
  );
  const out: Json = { '@type': ticket['@type'], id: ticket.id, href: ticket.href };
  for (const key of Object.keys(ticket)) if (wanted.has(key)) out[key] = ticket[key];
  return out;
}

/** The service field named by an error, as the TMF attribute the client sent. */
export const TMF_FIELD_OF: Record<string, string> = {
  customerId: 'relatedParty.customer',
  circuitId: 'relatedEntity.circuit',
  orderRef: 'relatedEntity.productOrder',
  product: 'relatedEntity.product',
  reason: 'statusChangeReason',
  serviceItem: 'troubleTicketCharacteristic.serviceItem',
  assigneeId: 'relatedParty.owner',
};

/** TMF and common ticket types (incident, complain, …) to ours. */
const TYPE_OF: Record<string, TicketType> = {
  fault: 'fault',
  incident: 'fault',
  trouble: 'fault',
  complaint: 'complaint',
  complain: 'complaint',
  inquiry: 'inquiry',
  enquiry: 'inquiry',
  question: 'inquiry',
  request: 'request',
  servicerequest: 'request',
};

/**
 * @example
 * tmfTicketType('Incident'); // 'fault'
 * tmfTicketType('complain'); // 'complaint'
 */
export function tmfTicketType(value: unknown): TicketType | null {
  if (typeof value !== 'string') return null;
  return (
    TYPE_OF[
      value
        .trim()
        .toLowerCase()
        .replace(/[\s_-]/g, '')
    ] ?? null
  );
}

function tmfSeverity(value: unknown): Severity | null {
  if (typeof value !== 'string') return null;
  const v = value.trim().toLowerCase();
  return (SEVERITIES as readonly string[]).includes(v) ? (v as Severity) : null;
}

function tmfPriority(value: unknown): number | null | undefined {
  if (value === undefined) return undefined;
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value.trim()) : Number.NaN;
  return Number.isInteger(n) && n >= 0 && n <= 4 ? n : null;
}

function tmfInstant(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) || !/^\d{4}-\d{2}-\d{2}T/.test(value) ? null : d.toISOString();
}

function tmfChannel(value: unknown): TicketChannel | null {
  if (value === undefined) return 'api';
  const candidates = isObject(value) ? [value.id, value.name] : [value];
  for (const c of candidates) {
    if (typeof c !== 'string') continue;
    const v = c.trim().toLowerCase().replace(/[\s-]/g, '_');
    if ((TICKET_CHANNELS as readonly string[]).includes(v)) return v as TicketChannel;
  }
  return isObject(value) ? 'api' : null;
}

function readNotes(value: unknown, field: string, issues: FieldIssue[]): { id?: string; text: string }[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    issues.push({ field, message: 'must be an array of {text}' });
    return [];
  }
  const out: { id?: string; text: string }[] = [];
  value.forEach((n, i) => {
    if (!isObject(n) || typeof n.text !== 'string' || n.text.trim() === '' || n.text.length > 5000) {
      issues.push({ field: `${field}[${i}].text`, message: 'a note needs a text of 1–5000 characters' });
      return;
    }
    out.push({ ...(typeof n.id === 'string' ? { id: n.id } : {}), text: n.text.trim() });
  });
  return out;
}

function refuse(issues: FieldIssue[]): void {
  if (issues.length > 0) {
    throw new DomainError(
      'VALIDATION_FAILED',
      `Invalid trouble ticket: ${issues.map((i) => i.field).join(', ')}`,
      issues,
    );
  }
}

export type TmfCreateInput = {
  customerId: string;
  ticketType: TicketType;
  severity: Severity;
  channel: TicketChannel;
  name: string;
  description: string;
  circuitId?: string | null;
  product?: string | null;
  orderRef?: string | null;
  serviceItem?: string | null;
  priority?: number;
  requestedResolutionDate?: string | null;
  externalId?: string | null;
  notes: string[];
  extra: Json;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A TMF `TroubleTicket_FVO` as a service create: description, severity and ticketType are
 * required; the customer is the relatedParty with role customer (or a relatedEntity referring to
 * a Customer); name defaults to the start of the description.
 */
export function fromTmfCreate(body: unknown): TmfCreateInput {
  const issues: FieldIssue[] = [];
  if (!isObject(body)) {
    refuse([{ field: 'body', message: 'must be a JSON object' }]);
    throw new Error('unreachable');
  }
  if (body['@type'] !== undefined && body['@type'] !== 'TroubleTicket')
    issues.push({ field: '@type', message: "must be 'TroubleTicket'" });
  const description = typeof body.description === 'string' ? body.description.trim() : '';
  if (description === '' || description.length > 5000)
    issues.push({ field: 'description', message: 'required, 1–5000 characters' });
  const severity = tmfSeverity(body.severity);
  if (!severity) issues.push({ field: 'severity', message: `one of ${SEVERITIES.join(', ')}` });
  const ticketType = tmfTicketType(body.ticketType);
  if (!ticketType)
    issues.push({
      field: 'ticketType',
      message: 'one of fault (incident), complaint (complain), inquiry, request',
    });
  if (body.status !== undefined && body.status !== 'acknowledged')
    issues.push({ field: 'status', message: 'a new ticket starts acknowledged; change it with PATCH' });
  const name =
    typeof body.name === 'string' && body.name.trim() !== ''
      ? body.name.trim().slice(0, 200)
      : description.slice(0, 60);
  const channel = tmfChannel(body.channel);
  if (!channel)
    issues.push({
      field: 'channel',
      message: `a ChannelRef whose id or name is one of ${TICKET_CHANNELS.join(', ')}`,
    });
  const priority = tmfPriority(body.priority);
  if (priority === null) issues.push({ field: 'priority', message: '0 (highest) … 4' });
  let requestedResolutionDate: string | null = null;
  if (body.requestedResolutionDate !== undefined && body.requestedResolutionDate !== null) {
    requestedResolutionDate = tmfInstant(body.requestedResolutionDate);
    if (!requestedResolutionDate)
      issues.push({ field: 'requestedResolutionDate', message: 'an ISO date-time' });
  }

  let customerId: string | null = null;
  let circuitId: string | null = null;
  let product: string | null = null;
  let orderRef: string | null = null;
  if (body.relatedParty !== undefined && !Array.isArray(body.relatedParty))
    issues.push({ field: 'relatedParty', message: 'must be an array' });
  for (const [i, rp] of (Array.isArray(body.relatedParty) ? body.relatedParty : []).entries()) {
    const ref = isObject(rp) ? (isObject(rp.partyOrPartyRole) ? rp.partyOrPartyRole : rp) : null;
    if (isObject(rp) && rp.role === 'customer') {
      if (ref && typeof ref.id === 'string' && UUID.test(ref.id)) customerId = ref.id;
      else
        issues.push({ field: `relatedParty[${i}].partyOrPartyRole.id`, message: 'the customer id (a uuid)' });
    }
  }
  if (body.relatedEntity !== undefined && !Array.isArray(body.relatedEntity))
    issues.push({ field: 'relatedEntity', message: 'must be an array' });
  for (const [i, re] of (Array.isArray(body.relatedEntity) ? body.relatedEntity : []).entries()) {
    const entity = isObject(re) && isObject(re.entity) ? re.entity : null;
    const role = isObject(re) && typeof re.role === 'string' ? re.role : '';
    const id = entity && typeof entity.id === 'string' ? entity.id.trim() : '';
    const field = `relatedEntity[${i}]`;
    if (!entity || id === '') {
      issues.push({ field, message: 'must be {role, entity: {id}}' });
      continue;
    }
    if (role === 'customer' || entity['@referredType'] === 'Customer') {
      if (UUID.test(id)) customerId ??= id;
      else issues.push({ field: `${field}.entity.id`, message: 'the customer id (a uuid)' });
    } else if (role === 'circuit' || entity['@referredType'] === 'Resource') {
      if (UUID.test(id)) circuitId = id;
      else issues.push({ field: `${field}.entity.id`, message: 'the circuit id (a uuid)' });
    } else if (role === 'product' || entity['@referredType'] === 'Product') {
      product = (typeof entity.name === 'string' ? entity.name : id).slice(0, 120);
    } else if (role === 'productOrder' || role === 'order' || entity['@referredType'] === 'ProductOrder') {
      orderRef = id.slice(0, 120);
    }
  }
  if (!customerId)
    issues.push({
      field: 'relatedParty.customer',
      message: "required: a relatedParty {role: 'customer', partyOrPartyRole: {id}}",
    });

  let serviceItem: string | null = null;
  const chars = body.troubleTicketCharacteristic;
  if (chars !== undefined && !Array.isArray(chars))
    issues.push({ field: 'troubleTicketCharacteristic', message: 'must be an array of {name, value}' });
  for (const [i, ch] of (Array.isArray(chars) ? chars : []).entries()) {
    if (!isObject(ch) || typeof ch.name !== 'string') {
      issues.push({ field: `troubleTicketCharacteristic[${i}]`, message: 'must be {name, value}' });
      continue;
    }
    if (ch.name === 'serviceItem') {
      if (typeof ch.value === 'string' && /^[a-z][a-z0-9_]{0,79}$/.test(ch.value)) serviceItem = ch.value;
      else issues.push({ field: 'troubleTicketCharacteristic.serviceItem', message: 'a catalog item code' });
    }
    // other characteristics are computed (tier, SLA) or unknown: kept in `extra` only
  }
  const notes = readNotes(body.note, 'note', issues).map((n) => n.text);
  let externalId: string | null = null;
  if (Array.isArray(body.externalIdentifier)) {
    const first = body.externalIdentifier[0];
    if (isObject(first) && typeof first.id === 'string') externalId = first.id.slice(0, 120);
  }
  refuse(issues);
  const extra: Json = {};
  for (const key of ['attachment', 'relatedParty', 'relatedEntity', 'troubleTicketCharacteristic', 'channel'])
    if (body[key] !== undefined) extra[key] = body[key];
  return {
    customerId: customerId!,
    ticketType: ticketType!,
    severity: severity!,
    channel: channel!,
    name,
    description,
    circuitId,
    product,
    orderRef,
    serviceItem,
    ...(priority !== undefined && priority !== null ? { priority } : {}),
    requestedResolutionDate,
    externalId,
    notes,
    extra,
  };
}

export type TmfPatch = {
  attributes: {
    name?: string;
    description?: string;
    severity?: Severity;
    priority?: number;
    requestedResolutionDate?: string | null;
  };
  status?: { status: TicketStatus; reason: string | null };
  notes: string[];
};

const TOLERATED = new Set(['@type', '@baseType', '@schemaLocation', 'id', 'href']);
const READ_ONLY = new Set([
  'creationDate',
  'lastUpdate',
  'statusChangeDate',
  'statusChangeHistory',
  'resolutionDate',
  'expectedResolutionDate',
  'troubleTicketCharacteristic',
  'relatedParty',
  'relatedEntity',
  'ticketType',
  'channel',
  'externalIdentifier',
]);

/**
 * A JSON merge patch (RFC 7386) of a TroubleTicket: name, description, severity, priority,
 * requestedResolutionDate, status (with statusChangeReason; the lifecycle checks it) and note —
 * notes are an append-only history, so entries whose id is not an existing note's are appended
 * and none is removed. Anything else is refused (400 naming the attribute).
 */
export function fromTmfPatch(body: unknown, current: { id: string; noteIds: Set<string> }): TmfPatch {
  const issues: FieldIssue[] = [];
  if (!isObject(body)) {
    refuse([{ field: 'body', message: 'must be a JSON object (merge patch)' }]);
    throw new Error('unreachable');
  }
  const out: TmfPatch = { attributes: {}, notes: [] };
  for (const key of Object.keys(body)) {
    if (TOLERATED.has(key) || key === 'statusChangeReason') continue;
    if (READ_ONLY.has(key)) {
      issues.push({ field: key, message: 'is set by the ticket system; read-only' });
      continue;
    }
    const value = body[key];
    switch (key) {
      case 'name':
      case 'description': {
        const max = key === 'name' ? 200 : 5000;
        if (typeof value === 'string' && value.trim() !== '' && value.length <= max)
          out.attributes[key] = value.trim();
        else issues.push({ field: key, message: `a text of 1–${max} characters` });
        break;
      }
      case 'severity': {
        const s = tmfSeverity(value);
        if (s) out.attributes.severity = s;
        else issues.push({ field: key, message: `one of ${SEVERITIES.join(', ')}` });
        break;
      }
      case 'priority': {
        const p = tmfPriority(value);
        if (p === null || p === undefined) issues.push({ field: key, message: '0 (highest) … 4' });
        else out.attributes.priority = p;
        break;
      }
      case 'requestedResolutionDate': {
        if (value === null) out.attributes.requestedResolutionDate = null;
        else {
          const d = tmfInstant(value);
          if (d) out.attributes.requestedResolutionDate = d;
          else issues.push({ field: key, message: 'an ISO date-time or null' });
        }
        break;
      }
      case 'status': {
        if (typeof value === 'string' && (TICKET_STATUSES as readonly string[]).includes(value)) {
          const reason = body.statusChangeReason;
          if (reason !== undefined && reason !== null && typeof reason !== 'string')
            issues.push({ field: 'statusChangeReason', message: 'a text' });
          out.status = { status: value as TicketStatus, reason: typeof reason === 'string' ? reason : null };
        } else issues.push({ field: key, message: `one of ${TICKET_STATUSES.join(', ')}` });
        break;
      }
      case 'note':
        out.notes = readNotes(value, 'note', issues)
          .filter((n) => !(n.id && current.noteIds.has(n.id)))
          .map((n) => n.text);
        break;
      default:
        issues.push({ field: key, message: 'cannot be changed through this API' });
    }
  }
  if (body['@type'] !== undefined && body['@type'] !== 'TroubleTicket')
    issues.push({ field: '@type', message: "must be 'TroubleTicket'" });
  if (body.id !== undefined && body.id !== current.id) issues.push({ field: 'id', message: 'is read-only' });
  if (body.statusChangeReason !== undefined && body.status === undefined)
    issues.push({ field: 'statusChangeReason', message: 'goes with a status change' });
  refuse(issues);
  return out;
}
