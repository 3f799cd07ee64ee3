// Plik's feature flags: whether an upload option may be asked for, is always on, or is pre-ticked by the web page.
// The options set them (config/), the rules apply them (domain/rules.ts).

export const FEATURE_VALUES = ['enabled', 'disabled', 'forced', 'default'] as const;
export type FeatureValue = (typeof FEATURE_VALUES)[number];
