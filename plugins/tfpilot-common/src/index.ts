/**
 * Isomorphic TfPilot types shared by the frontend, the backend and its modules.
 *
 * @packageDocumentation
 */
export * from './constants';
export * from './lifecycle';
export * from './permissions';
