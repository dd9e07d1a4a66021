/**
 * The figures of a monthly operating report (运行报告, PRODUCT.md §6): what the service gathers
 * from the tables (`OperatingReportInput`) summarised into what is frozen in
 * `operating_reports.data` (`OperatingReportData`), from which the HTML, the PDF and the web
 * charts are drawn. Pure: the month, the generation instant and the rows are passed in.
 *
 * Rules (docs/reports.md):
 * - Availability per circuit: the agreement's measurement (`sla_measurements`) when there is one;
 *   otherwise computed here from the month's outages (excluded ones ignored, each clipped to the
 *   month, an open outage counting until the month end or the generation instant, whichever is
 *   first), in ppm floored — marked `measured: false`.
 * - Restore time of an outage: restore − start in whole minutes, rounded up; a breach when above
 *   the target restore minutes of the circuit's agreement.
 * - Tickets: created in the month; "resolved within limit" = resolved and no customer SLA clock of
 *   the ticket breached; escalations = escalation steps fired on them.
 * - Orders: lines activated in the month are on time when their overdue working days are 0;
 *   open lines whose due date is before the month's last day are overdue.
 * - Compensation: slips of the month (SLA slips of the period, provisioning slips raised in it);
 *   the total leaves out rejected slips.
 */
import { FINISHED_STATUSES } from '../tickets/lifecycle.ts';
import { periodBounds } from './period.ts';

export type ReportTargets = { availabilityPpm: number | null; restoreMinutes: number | null };

export type OperatingReportInput = {
  period: string;
  generatedAt: string;
  customer: {
    id: string;
    code: string;
    name: string;
    tier: string | null;
    regionCode: string;
    accountManagerName: string | null;
  };
  agreement: {
    id: string;
    agreementNumber: string;
    title: string;
    kind: string;
    slaClass: string | null;
    maintenanceLevel: string | null;
    afterSalesLevel: string | null;
    version: number | null;
    validFrom: string | null;
    validTo: string | null;
    targets: ReportTargets;
  } | null;
  circuits: {
    id: string;
    circuitNumber: string;
    product: string;
    agreementNumber: string | null;
    targets: ReportTargets;
  }[];
  measurements: {
    circuitId: string;
    availabilityPpm: number;
    targetAvailabilityPpm: number | null;
    targetRestoreMinutes: number | null;
    outageMinutes: number;
    outageCount: number;
    maxRestoreMinutes: number | null;
    restoreBreaches: number;
    availabilityBreached: boolean;
  }[];
  outages: {
    circuitId: string;
    startedAt: string;
    restoredAt: string | null;
    source: string;
    cause: string | null;
    excluded: boolean;
    ticketNumber: string | null;
  }[];
  tickets: {
    number: string;
    ticketType: string;
    status: string;
    createdAt: string;
    resolutionDate: string | null;
    hasCustomerLimit: boolean;
    breached: boolean;
    escalations: number;
  }[];
  orderLines: {
    orderNumber: string;
    lineNo: number;
    product: string;
    provisioningClass: string | null;
    crossOperator: boolean;
    state: string;
    dueDate: string | null;
    dueProvisional: boolean;
    activatedOn: string | null;
    overdueWorkingDays: number | null;
    circuitNumber: string | null;
  }[];
  slips: {
    slipNumber: string;
    kind: string;
    status: string;
    amountFen: number;
    period: string | null;
    circuitNumber: string | null;
    orderNumber: string | null;
  }[];
  meetings: {
    id: string;
    heldOn: string;
    topic: string;
    place: string | null;
    attendees: number;
    minutes: string | null;
    actions: { title: string; ownerName: string | null; dueDate: string | null; status: string }[];
  }[];
  openActions: {
    heldOn: string;
    topic: string;
    title: string;
    ownerName: string | null;
    dueDate: string | null;
  }[];
};

export type CircuitFigures = {
  circuitId: string;
  circuitNumber: string;
  product: string;
  agreementNumber: string | null;
  availabilityPpm: number;
  targetAvailabilityPpm: number | null;
  targetRestoreMinutes: number | null;
  outageMinutes: number;
  outageCount: number;
  maxRestoreMinutes: number | null;
  restoreBreaches: number;
  availabilityBreached: boolean;
  /** True when taken from the agreement's measurement, false when computed from the outages. */
  measured: boolean;
};

export type OutageFigures = {
  circuitNumber: string;
  startedAt: string;
  restoredAt: string | null;
  /** Minutes within the month (0 for an excluded outage's count toward availability). */
  minutesInMonth: number;
  restoreMinutes: number | null;
  restoreBreached: boolean;
  source: string;
  cause: string | null;
  excluded: boolean;
  ticketNumber: string | null;
};

export type OperatingReportData = {
  version: 1;
  period: string;
  generatedAt: string;
  minutesInMonth: number;
  customer: OperatingReportInput['customer'];
  agreement: OperatingReportInput['agreement'];
  circuits: CircuitFigures[];
  outages: OutageFigures[];
  tickets: {
    total: number;
    byType: { ticketType: string; count: number }[];
    resolved: number;
    withLimit: number;
    resolvedWithinLimit: number;
    breached: number;
    escalations: number;
    open: number;
    list: {
      number: string;
      ticketType: string;
      status: string;
      createdAt: string;
      resolutionDate: string | null;
      breached: boolean;
    }[];
  };
  orders: {
    activated: number;
    onTime: number;
    late: number;
    noDueDate: number;
    overdueWorkingDays: number;
    /** Percent on time among activated lines with a due date, 1 decimal; null when none. */
    onTimeRate: number | null;
    openOverdue: number;
    lines: (OperatingReportInput['orderLines'][number] & {
      outcome: 'on_time' | 'late' | 'no_due_date' | 'open_overdue';
    })[];
  };
  compensation: {
    count: number;
    totalFen: number;
    byKind: { kind: string; count: number; amountFen: number }[];
    slips: OperatingReportInput['slips'];
  };
  meetings: OperatingReportInput['meetings'];
  openActions: OperatingReportInput['openActions'];
  summary: {
    circuits: number;
    breachedCircuits: number;
    /** Lowest availability of the covered circuits, ppm; null without circuits. */
    worstAvailabilityPpm: number | null;
    outageCount: number;
    restoreBreaches: number;
  };
};

const MINUTE = 60_000;

/** Restore time in whole minutes, rounded up (a 120.5-minute outage breaks a 120-minute target). */
export function restoreMinutesOf(startedAt: string, restoredAt: string | null): number | null {
  if (!restoredAt) return null;
  return Math.max(0, Math.ceil((Date.parse(restoredAt) - Date.parse(startedAt)) / MINUTE));
}

/**
 * Minutes of `[startedAt, restoredAt)` inside `[fromMs, toMs)`; an open outage runs to `toMs`.
 *
 * @example clippedMinutes('2026-05-31T15:00:00Z', null, Date.parse('2026-04-30T16:00:00Z'), Date.parse('2026-05-31T16:00:00Z')) // 60
 */
export function clippedMinutes(
  startedAt: string,
  restoredAt: string | null,
  fromMs: number,
  toMs: number,
): number {
  const start = Math.max(Date.parse(startedAt), fromMs);
  const end = Math.min(restoredAt ? Date.parse(restoredAt) : toMs, toMs);
  return end > start ? Math.round((end - start) / MINUTE) : 0;
}

/** Availability in ppm, floored. */
export function availabilityPpmOf(minutesInMonth: number, outageMinutes: number): number {
  if (minutesInMonth <= 0) return 1_000_000;
  const up = Math.max(0, minutesInMonth - Math.min(outageMinutes, minutesInMonth));
  return Math.floor((up * 1_000_000) / minutesInMonth);
}

/**
 * Summarises the gathered rows into the report's frozen figures.
 *
 * @example computeOperatingReportData(input).summary.breachedCircuits // 1
 */
export function computeOperatingReportData(input: OperatingReportInput): OperatingReportData {
  const bounds = periodBounds(input.period);
  const fromMs = Date.parse(bounds.startAt);
  const toMs = Math.min(Date.parse(bounds.endAt), Math.max(fromMs, Date.parse(input.generatedAt)));
  const circuitById = new Map(input.circuits.map((c) => [c.id, c]));
  const measurementOf = new Map(input.measurements.map((m) => [m.circuitId, m]));

  const outages: OutageFigures[] = input.outages
    .filter((o) => circuitById.has(o.circuitId))
    .map((o) => {
      const circuit = circuitById.get(o.circuitId);
      const restoreMinutes = restoreMinutesOf(o.startedAt, o.restoredAt);
      const target = circuit?.targets.restoreMinutes ?? null;
      return {
        circuitNumber: circuit?.circuitNumber ?? '',
        startedAt: o.startedAt,
        restoredAt: o.restoredAt,
        minutesInMonth: o.excluded ? 0 : clippedMinutes(o.startedAt, o.restoredAt, fromMs, toMs),
        restoreMinutes,
        restoreBreached: !o.excluded && target !== null && restoreMinutes !== null && restoreMinutes > target,
        source: o.source,
        cause: o.cause,
        excluded: o.excluded,
        ticketNumber: o.ticketNumber,
      };
    })
    .sort((a, b) => a.startedAt.localeCompare(b.startedAt) || a.circuitNumber.localeCompare(b.circuitNumber));

  const circuits: CircuitFigures[] = input.circuits
    .map((c) => {
      const m = measurementOf.get(c.id);
      if (m) {
        return {
          circuitId: c.id,
          circuitNumber: c.circuitNumber,
          product: c.product,
          agreementNumber: c.agreementNumber,
          availabilityPpm: m.availabilityPpm,
          targetAvailabilityPpm: m.targetAvailabilityPpm ?? c.targets.availabilityPpm,
          targetRestoreMinutes: m.targetRestoreMinutes ?? c.targets.restoreMinutes,
          outageMinutes: m.outageMinutes,
          outageCount: m.outageCount,
          maxRestoreMinutes: m.maxRestoreMinutes,
          restoreBreaches: m.restoreBreaches,
          availabilityBreached: m.availabilityBreached,
          measured: true,
        };
      }
      const own = outages.filter((o) => o.circuitNumber === c.circuitNumber && !o.excluded);
      const outageMinutes = own.reduce((n, o) => n + o.minutesInMonth, 0);
      const availabilityPpm = availabilityPpmOf(bounds.minutes, outageMinutes);
      const restores = own.map((o) => o.restoreMinutes).filter((v): v is number => v !== null);
      return {
        circuitId: c.id,
        circuitNumber: c.circuitNumber,
        product: c.product,
        agreementNumber: c.agreementNumber,
        availabilityPpm,
        targetAvailabilityPpm: c.targets.availabilityPpm,
        targetRestoreMinutes: c.targets.restoreMinutes,
        outageMinutes,
        outageCount: own.length,
        maxRestoreMinutes: restores.length ? Math.max(...restores) : null,
        restoreBreaches: own.filter((o) => o.restoreBreached).length,
        availabilityBreached:
          c.targets.availabilityPpm !== null && availabilityPpm < c.targets.availabilityPpm,
        measured: false,
      };
    })
    .sort((a, b) => a.circuitNumber.localeCompare(b.circuitNumber));

  const byType = new Map<string, number>();
  for (const t of input.tickets) byType.set(t.ticketType, (byType.get(t.ticketType) ?? 0) + 1);
  const resolved = input.tickets.filter((t) => t.resolutionDate !== null);
  const tickets = {
    total: input.tickets.length,
    byType: [...byType]
      .map(([ticketType, count]) => ({ ticketType, count }))
      .sort((a, b) => b.count - a.count || a.ticketType.localeCompare(b.ticketType)),
    resolved: resolved.length,
    withLimit: input.tickets.filter((t) => t.hasCustomerLimit).length,
    resolvedWithinLimit: resolved.filter((t) => t.hasCustomerLimit && !t.breached).length,
    breached: input.tickets.filter((t) => t.breached).length,
    escalations: input.tickets.reduce((n, t) => n + t.escalations, 0),
    open: input.tickets.filter((t) => !(FINISHED_STATUSES as readonly string[]).includes(t.status)).length,
    list: [...input.tickets]
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
      .map((t) => ({
        number: t.number,
        ticketType: t.ticketType,
        status: t.status,
        createdAt: t.createdAt,
        resolutionDate: t.resolutionDate,
        breached: t.breached,
      })),
  };

  const lines: OperatingReportData['orders']['lines'] = [];
  for (const l of input.orderLines) {
    const activatedInMonth =
      l.activatedOn !== null && l.activatedOn >= bounds.firstDate && l.activatedOn <= bounds.lastDate;
    if (activatedInMonth) {
      const outcome =
        l.dueDate === null ? 'no_due_date' : (l.overdueWorkingDays ?? 0) > 0 ? 'late' : 'on_time';
      lines.push({ ...l, outcome });
    } else if (
      l.activatedOn === null &&
      (l.state === 'acknowledged' || l.state === 'inProgress') &&
      l.dueDate !== null &&
      l.dueDate < bounds.lastDate
    ) {
      lines.push({ ...l, outcome: 'open_overdue' });
    }
  }
  lines.sort((a, b) => a.orderNumber.localeCompare(b.orderNumber) || a.lineNo - b.lineNo);
  const onTime = lines.filter((l) => l.outcome === 'on_time').length;
  const late = lines.filter((l) => l.outcome === 'late').length;
  const orders = {
    activated: lines.filter((l) => l.outcome !== 'open_overdue').length,
    onTime,
    late,
    noDueDate: lines.filter((l) => l.outcome === 'no_due_date').length,
    overdueWorkingDays: lines.reduce(
      (n, l) => n + (l.outcome === 'late' ? (l.overdueWorkingDays ?? 0) : 0),
      0,
    ),
    onTimeRate: onTime + late === 0 ? null : Math.round((onTime * 1000) / (onTime + late)) / 10,
    openOverdue: lines.filter((l) => l.outcome === 'open_overdue').length,
    lines,
  };

  const kinds = new Map<string, { count: number; amountFen: number }>();
  for (const s of input.slips) {
    const k = kinds.get(s.kind) ?? { count: 0, amountFen: 0 };
    k.count += 1;
    if (s.status !== 'rejected') k.amountFen += s.amountFen;
    kinds.set(s.kind, k);
  }
  const compensation = {
    count: input.slips.length,
    totalFen: input.slips.filter((s) => s.status !== 'rejected').reduce((n, s) => n + s.amountFen, 0),
    byKind: [...kinds].map(([kind, v]) => ({ kind, ...v })).sort((a, b) => a.kind.localeCompare(b.kind)),
    slips: [...input.slips].sort((a, b) => a.slipNumber.localeCompare(b.slipNumber)),
  };

  return {
    version: 1,
    period: input.period,
    generatedAt: input.generatedAt,
    minutesInMonth: bounds.minutes,
    customer: input.customer,
    agreement: input.agreement,
    circuits,
    outages,
    tickets,
    orders,
    compensation,
    meetings: [...input.meetings].sort((a, b) => a.heldOn.localeCompare(b.heldOn)),
    openActions: input.openActions,
    summary: {
      circuits: circuits.length,
      breachedCircuits: circuits.filter((c) => c.availabilityBreached).length,
      worstAvailabilityPpm: circuits.length ? Math.min(...circuits.map((c) => c.availabilityPpm)) : null,
      outageCount: outages.filter((o) => !o.excluded).length,
      restoreBreaches: circuits.reduce((n, c) => n + c.restoreBreaches, 0),
    },
  };
}
