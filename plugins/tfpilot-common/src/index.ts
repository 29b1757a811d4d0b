/**
 * Isomorphic TfPilot types shared by the frontend, the backend and its modules.
 *
 * @packageDocumentation
 */
export * from './constants';
export * from './events';
export * from './ids';
export * from './lifecycle';
export * from './metrics';
export * from './permissions';
export * from './request';
export * from './requestViews';
export * from './plan';
export * from './cost';
export * from './module';
export * from './policy';
export * from './comment';
