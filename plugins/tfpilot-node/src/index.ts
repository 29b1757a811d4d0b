/**
 * Node library for TfPilot backend modules: the executor and policy
 * extension points, the policy engine and shared backend helpers.
 *
 * @packageDocumentation
 */
export * from './config';
export * from './executor';
export * from './iacBinary';
export * from './permissions';
export * from './module';
export * from './moduleCall';
export * from './plan';
export * from './policy';
