/** Request and response shapes of the value-model, indicator and AHP endpoints (PRODUCT.md §2). */
import { z } from 'zod';

export const modelStatus = z.enum(['draft', 'active', 'retired']);

/** A stored value model version; `definition` is a ValueModelDefinition (see src/domain/value/model.ts). */
export const valueModelView = z.object({
  version: z.number().int(),
  name: z.string(),
  status: modelStatus,
  definition: z.record(z.string(), z.unknown()),
  note: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
  activatedAt: z.string().nullable(),
});
export type ValueModelView = z.infer<typeof valueModelView>;

/** The definition is checked by the domain's validateModel, which names each field. */
const definition = z.record(z.string(), z.unknown());

export const createModelBody = z.strictObject({
  name: z.string().trim().min(1).max(100),
  note: z.string().trim().max(1000).nullable().optional(),
  definition,
});

export const updateModelBody = z.strictObject({
  name: z.string().trim().min(1).max(100).optional(),
  note: z.string().trim().max(1000).nullable().optional(),
  definition: definition.optional(),
});

export const activateModelBody = z.strictObject({ reason: z.string().trim().max(500).optional() }).optional();

export const versionParams = z.strictObject({ version: z.coerce.number().int().positive() });

export const indicatorView = z.object({
  key: z.string(),
  group: z.enum(['contribution', 'characteristics', 'relationship']),
  direction: z.union([z.literal(1), z.literal(-1)]),
  source: z.enum(['billing', 'manual', 'survey', 'profile']),
  kind: z.enum(['quantitative', 'scale5']),
  unit: z.string(),
  zh: z.string(),
  en: z.string(),
  feeds: z.array(z.string()),
  currentPart: z.enum(['directValue', 'addedValue']).nullable(),
  enterable: z.boolean(),
});

/** A pairwise comparison matrix; its structure (square, reciprocal …) is checked by the domain. */
export const ahpBody = z.strictObject({
  matrix: z.array(z.array(z.number())).min(1).max(15),
  labels: z.array(z.string().max(100)).max(15).optional(),
});

export const ahpView = z.object({
  weights: z.array(z.number()),
  labels: z.array(z.string()).optional(),
  lambdaMax: z.number(),
  ci: z.number(),
  ri: z.number(),
  cr: z.number(),
});

/** Cut points to try (the model editor's tiering); their rules are the domain's (`validateModel`). */
export const tierPreviewBody = z.strictObject({
  tiering: z.strictObject({
    scheme: z.enum(['telecom', 'mobile']),
    method: z.enum(['threshold', 'quota']),
    cuts: z.array(z.number()).min(1).max(4),
    graceRuns: z.number().int().min(0).max(12).default(1),
  }),
});

export const tierPreviewView = z.object({
  assessed: z.number().int(),
  unassessed: z.number().int(),
  latestAsOf: z.string().nullable(),
  histogram: z.array(z.object({ from: z.number(), to: z.number(), count: z.number().int() })),
  classes: z.array(z.object({ cls: z.string(), count: z.number().int(), current: z.number().int() })),
  moves: z.object({
    up: z.number().int(),
    down: z.number().int(),
    same: z.number().int(),
    unrated: z.number().int(),
  }),
});
