// The default linkage settings for finding duplicate child records, tuned on generated Sơn La data.
// A pipeline config can replace any part under "dedupe" (see README, "Finding duplicates").
import type { LinkageSettingsInput } from '../../schemas/linkage.js';
import { CHILD_BLOCKING, CHILD_COMPARISONS, CHILD_MUST_AGREE } from '../pipeline/child-comparisons.js';

export const DEFAULT_DEDUPE_SETTINGS: LinkageSettingsInput = {
  blocking: CHILD_BLOCKING,
  comparisons: CHILD_COMPARISONS,
  // Records that share a valid citizen ID are (almost all) the same child: their levels give clean
  // m-probabilities. Unsupervised sessions on other rules confuse duplicates with namesakes and twins
  // (see docs/linkage.md), so they are not used by default.
  training: ['same citizen ID'],
  mustAgree: CHILD_MUST_AGREE,
  threshold: 0.99,
  reviewThreshold: 0.5,
  clusterMinPairProbability: 0.5,
};
