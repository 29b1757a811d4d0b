import { Zod } from './inputProperties';

/* Zod fragments for the outputs of the tfpilot:* actions. */

export const requestId = (z: Zod) =>
  z.string({ description: 'Id of the TfPilot request' });

export const url = (z: Zod) =>
  z.string({ description: 'Page of the request in Backstage' });

export const environment = (z: Zod) =>
  z.string({ description: 'Environment of the request' });

export const status = (z: Zod) =>
  z.string({ description: 'Lifecycle state of the request, e.g. applied' });

export const revision = (z: Zod) =>
  z.number({
    description:
      'Revision of the request at that state; pass it on as expectedRevision',
  });

export const runUrl = (z: Zod) =>
  z
    .string({
      description:
        "Where to follow the request's latest run (plan or apply), when the executor gave one",
    })
    .optional();
