/**
 * Node library for TfPilot backend modules: the executor extension point and
 * shared backend helpers.
 *
 * @packageDocumentation
 */
export * from './config';
export * from './executor';
export * from './iacBinary';
export * from './permissions';
export * from './module';
export * from './plan';
