// The default linkage settings for linking child records to the persons of the police ID lists.
// A pipeline config can replace any part under "reconcile".
import type { LinkageSettingsInput } from '../../schemas/linkage.js';
import { CHILD_BLOCKING, CHILD_COMPARISONS, CHILD_MUST_AGREE } from '../pipeline/child-comparisons.js';

export const DEFAULT_RECONCILE_SETTINGS: LinkageSettingsInput = {
  blocking: CHILD_BLOCKING,
  comparisons: CHILD_COMPARISONS,
  // Records whose written ID is in the list are labelled pairs: most written IDs are right.
  training: ['same citizen ID'],
  mustAgree: CHILD_MUST_AGREE,
  threshold: 0.99,
  reviewThreshold: 0.5,
  ambiguityMargin: 4,
};
