import express from 'express';
import Router from 'express-promise-router';
import { HealthResponse } from '@tfpilot/backstage-plugin-tfpilot-common';

/** Thin HTTP layer: parse, authorize, delegate to services. */
export async function createRouter(): Promise<express.Router> {
  const router = Router();
  router.use(express.json());

  router.get('/health', (_req, res) => {
    const body: HealthResponse = { status: 'ok' };
    res.json(body);
  });

  return router;
}
