/** Plugin id shared by the frontend and backend plugins (route prefix /api/tfpilot). */
export const TFPILOT_PLUGIN_ID = 'tfpilot';

/** Response body of GET /api/tfpilot/health. */
export interface HealthResponse {
  status: 'ok';
}

/** Annotation naming the TfPilot module an entity describes. */
export const TFPILOT_MODULE_ANNOTATION = 'tfpilot/module';
/** Annotation carrying the module version an entity describes. */
export const TFPILOT_MODULE_VERSION_ANNOTATION = 'tfpilot/module-version';
/** `spec.type` of catalog Components that are TfPilot modules. */
export const TFPILOT_MODULE_ENTITY_TYPE = 'terraform-module';
