// The linkage engine's configuration: blocking rules, comparisons with levels, training and
// thresholds. Plain data, so the same engine runs on any people dataset and a trained model can be
// saved, reused or pinned.
import { z } from 'zod';

export type Predicate =
  | 'else'
  | { exact: string }
  | { differs: string }
  | { jaroWinkler: string; min: number }
  | { levenshtein: string; max: number }
  | { date: string; is: DateRelation; days?: number; years?: number }
  | { either: string }
  | { both: string }
  | { all: Predicate[] }
  | { any: Predicate[] }
  | { not: Predicate };

export const DATE_RELATIONS = [
  'exact', // both known to the day (not placeholders) and equal
  'swapped', // both known to the day, day and month swapped
  'withinDays', // both known to the day, at most `days` apart
  'sameMonthYear', // same year and month (both months known)
  'sameYear', // same year
  'yearWithin', // years at most `years` apart
  'weak', // same year and at least one side is a placeholder or known only to the year/month
] as const;
export type DateRelation = (typeof DATE_RELATIONS)[number];

export const predicateSchema: z.ZodType<Predicate> = z.lazy(() =>
  z.union([
    z.literal('else'),
    z.object({ exact: z.string() }).strict(),
    z.object({ differs: z.string() }).strict(),
    z.object({ jaroWinkler: z.string(), min: z.number().min(0).max(1) }).strict(),
    z.object({ levenshtein: z.string(), max: z.number().int().min(0) }).strict(),
    z.object({ date: z.string(), is: z.enum(DATE_RELATIONS), days: z.number().int().positive().optional(), years: z.number().int().positive().optional() }).strict(),
    z.object({ either: z.string() }).strict(),
    z.object({ both: z.string() }).strict(),
    z.object({ all: z.array(predicateSchema).min(1) }).strict(),
    z.object({ any: z.array(predicateSchema).min(1) }).strict(),
    z.object({ not: predicateSchema }).strict(),
  ]),
);

export const levelSchema = z
  .object({
    label: z.string().min(1),
    when: predicateSchema,
    /** Term-frequency adjustment on this level, using the frequency of this feature's value. */
    tf: z.string().optional(),
  })
  .strict();

export const comparisonSchema = z
  .object({
    name: z.string().min(1),
    /** Features that must be present in both records; otherwise the comparison is skipped (weight 0). */
    requires: z.array(z.string()).default([]),
    levels: z.array(levelSchema).min(2).max(14),
    /** Features shown for this comparison in explanations (default: the required ones). */
    display: z.array(z.string()).optional(),
  })
  .strict();

export const blockingRuleSchema = z
  .object({
    name: z.string().min(1),
    /** Records are candidates when all these features are present and equal. */
    keys: z.array(z.string()).min(1),
  })
  .strict();

export const linkageSettingsSchema = z
  .object({
    blocking: z.array(blockingRuleSchema).min(1),
    comparisons: z.array(comparisonSchema).min(1).max(10),
    /** Blocking rules whose pairs train m-probabilities by EM (the comparisons they use are not trained on them). */
    training: z.array(z.string()).default([]),
    /** A block with more records than this is not expanded under its rule (and reported). */
    maxBlockSize: z.number().int().positive().default(2000),
    /** Random pairs drawn to estimate u-probabilities. */
    uSamplePairs: z.number().int().positive().default(1_000_000),
    emIterations: z.number().int().positive().default(40),
    /** Pairs at or above this match probability are merged. */
    threshold: z.number().min(0).max(1).default(0.99),
    /** Every pair inside a cluster must reach at least this probability (guard against chaining). */
    clusterMinPairProbability: z.number().min(0).max(1).default(0.5),
    /**
     * Comparisons that must agree at least at a level for a pair to be merged automatically, whatever
     * its probability (a pair that fails goes to review). Guards against evidence that is not
     * independent, e.g. twins who share parents, village and birth date.
     */
    mustAgree: z
      .array(z.object({ comparison: z.string(), atLeast: z.string(), allowMissing: z.boolean().default(false) }).strict())
      .default([]),
    /** Pairs between this probability and the threshold (or failing mustAgree) are listed for review. */
    reviewThreshold: z.number().min(0).max(1).default(0.5),
    /**
     * Linking two tables one to one: a link is automatic only if its match weight beats the best
     * alternative (another person for the child, another child for the person) by this many bits.
     */
    ambiguityMargin: z.number().min(0).default(4),
    /** Random seed for sampling. */
    seed: z.number().int().default(1),
    /** A cluster never grows beyond this many records. */
    maxClusterSize: z.number().int().min(2).default(12),
    /** Path (relative to the config) of a saved model to use instead of training one. */
    model: z.string().optional(),
  })
  .strict();

export type ComparisonSpec = z.output<typeof comparisonSchema>;
export type BlockingRule = z.infer<typeof blockingRuleSchema>;
export type LinkageSettings = z.output<typeof linkageSettingsSchema>;
export type LinkageSettingsInput = z.input<typeof linkageSettingsSchema>;

/** A trained model: per comparison and level, m and u probabilities (and their weights). */
export const modelSchema = z.object({
  version: z.literal(1),
  /** Probability that two random records are the same person. */
  lambda: z.number(),
  comparisons: z.array(
    z.object({
      name: z.string(),
      levels: z.array(z.object({ label: z.string(), m: z.number(), u: z.number(), weight: z.number() })),
    }),
  ),
  training: z.object({ labelledPairs: z.number(), sessions: z.array(z.string()), uSamplePairs: z.number(), candidatePairs: z.number() }),
});
export type TrainedModel = z.infer<typeof modelSchema>;
