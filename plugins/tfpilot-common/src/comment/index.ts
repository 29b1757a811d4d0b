export * from './renderComment';
