import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  ANNOTATION_SOURCE_LOCATION,
  Entity,
} from '@backstage/catalog-model';
import {
  embedUiSchema,
  ModuleForm,
  moduleForm,
  ModuleVariable,
  ObjectJsonSchema,
  RequestState,
  ScaffolderSchema,
  TFPILOT_MODULE_ANNOTATION,
  TFPILOT_MODULE_VERSION_ANNOTATION,
} from '@tfpilot/backstage-plugin-tfpilot-common';
import { TemplateOptions } from '../config';
import { moduleDescription, moduleEntityName } from '../provider/moduleEntity';
import { ModuleRelease } from '../provider/types';
import { unique } from '../util';

export const TEMPLATE_API_VERSION = 'scaffolder.backstage.io/v1beta3';
/** `spec.type` of the Templates that request TfPilot infrastructure. */
export const TEMPLATE_TYPE = 'infrastructure';

/** Ids of the scaffolder actions the templates call. */
export const CREATE_ACTION = 'tfpilot:request:create';
export const WAIT_ACTION = 'tfpilot:request:wait';
/** Where the wait step stops: the plan is ready for review, or it failed. */
export const WAIT_UNTIL: RequestState[] = [
  'awaiting_approval',
  'plan_failed',
  'rejected',
];

/** Parameter groups of the generated form. */
const REQUIRED_GROUP = 'inputs';
const OPTIONAL_GROUP = 'optionalInputs';

/** The generated Template of a module is named after the module. */
export function moduleTemplateName(module: string): string {
  return module;
}

export function moduleTemplateRef(module: string): string {
  return `template:default/${moduleTemplateName(module)}`;
}

/** What a caller must pass: names, types, requiredness and sensitivity. */
function inputSignature(variables: readonly ModuleVariable[]): string {
  return JSON.stringify(
    variables.map(v => [v.name, v.typeSpec, v.required, v.sensitive]),
  );
}

/**
 * The versions a module's Template offers: the latest and every version with
 * exactly the same inputs (names, types, requiredness, sensitivity), newest
 * first, since the form is built from the latest version's variables.
 */
export function compatibleVersions(
  latest: ModuleRelease,
  releases: readonly ModuleRelease[],
): string[] {
  const signature = inputSignature(latest.inspection.variables);
  return releases
    .filter(r => inputSignature(r.inspection.variables) === signature)
    .map(r => r.metadata.version);
}

/** `.name` when the name is an identifier, else `["name"]`. */
function access(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name)
    ? `.${name}`
    : `[${JSON.stringify(name)}]`;
}

/** The step input of each variable in the form: its parameter, or its secret. */
function inputExpressions(group: string, form: ModuleForm) {
  return Object.keys(form.schema.properties).map(name => {
    const source = form.secretNames.includes(name)
      ? `secrets${access(name)}`
      : `parameters.${group}${access(name)}`;
    return [name, `\${{ ${source} }}`] as const;
  });
}

function requestPage(
  release: ModuleRelease,
  versions: string[],
  options: TemplateOptions,
): ScaffolderSchema {
  const { metadata } = release;
  const environments =
    metadata.environments.length > 0
      ? metadata.environments
      : options.environments;
  return embedUiSchema(
    {
      title: 'Request',
      type: 'object',
      required: ['entityRef', 'environment', 'version'],
      properties: {
        entityRef: {
          title: 'For',
          description: 'The component or system this infrastructure serves',
          type: 'string',
        },
        environment: {
          title: 'Environment',
          type: 'string',
          enum: environments,
        },
        version: {
          title: 'Module version',
          description: `Versions of ${metadata.name} that take these inputs`,
          type: 'string',
          enum: versions,
          default: versions[0],
        },
      },
    },
    {
      entityRef: {
        'ui:field': options.entityPicker,
        'ui:options': { catalogFilter: { kind: options.entityKinds } },
      },
    },
  );
}

/** A note on the variables a form cannot collect. */
function omittedNote(form: ModuleForm): string {
  if (form.omitted.length === 0) return '';
  const names = form.omitted.map(o => `${o.name} (${o.reason})`).join('; ');
  return ` Not collected here, the module's defaults apply: ${names}.`;
}

function inputsPage(
  group: string,
  title: string,
  description: string,
  form: ModuleForm,
): ScaffolderSchema {
  return {
    title,
    description,
    type: 'object',
    ...(form.schema.required.length > 0 ? { required: [group] } : {}),
    properties: {
      // The page already shows the title.
      [group]: embedUiSchema(
        { title, ...form.schema },
        { ...form.uiSchema, 'ui:label': false },
      ),
    },
  };
}

function inputPages(
  required: ModuleForm,
  optional: ModuleForm,
): ScaffolderSchema[] {
  const pages: ScaffolderSchema[] = [];
  if (Object.keys(required.schema.properties).length > 0) {
    pages.push(
      inputsPage(
        REQUIRED_GROUP,
        'Inputs',
        'What the module needs to know.',
        required,
      ),
    );
  }
  if (Object.keys(optional.schema.properties).length > 0) {
    pages.push(
      inputsPage(
        OPTIONAL_GROUP,
        'Optional inputs',
        `Prefilled with the module's defaults where it has one.${omittedNote(
          optional,
        )}`,
        optional,
      ),
    );
  }
  return pages;
}

/** One schema for every secret of the template. */
function secretsSchema(forms: ModuleForm[]): ObjectJsonSchema | undefined {
  const schema: ObjectJsonSchema = {
    type: 'object',
    properties: {},
    required: [],
  };
  for (const form of forms) {
    Object.assign(schema.properties, form.secretsSchema.properties);
    schema.required.push(...form.secretsSchema.required);
  }
  return Object.keys(schema.properties).length > 0 ? schema : undefined;
}

function steps(
  module: string,
  required: ModuleForm,
  optional: ModuleForm,
  options: TemplateOptions,
) {
  const inputs = Object.fromEntries([
    ...inputExpressions(REQUIRED_GROUP, required),
    ...inputExpressions(OPTIONAL_GROUP, optional),
  ]);
  const create = {
    id: 'create',
    name: 'Create the TfPilot request',
    action: CREATE_ACTION,
    input: {
      module,
      version: '${{ parameters.version }}',
      environment: '${{ parameters.environment }}',
      entityRef: '${{ parameters.entityRef }}',
      inputs,
      // A request that passes the policy checks is planned at once.
      plan: true,
    },
  };
  const wait = {
    id: 'wait',
    name: 'Wait for the plan',
    action: WAIT_ACTION,
    input: {
      requestId: '${{ steps.create.output.requestId }}',
      until: WAIT_UNTIL,
      timeoutMinutes: options.waitTimeoutMinutes,
    },
  };
  return options.waitForPlan ? [create, wait] : [create];
}

function output(module: string, options: TemplateOptions) {
  const status = {
    title: 'Request',
    content:
      'Request `${{ steps.create.output.requestId }}` is **${{ steps.wait.output.status }}**: open it to review the plan and follow the approval.',
  };
  return {
    links: [
      {
        title: 'Open the request',
        icon: 'dashboard',
        url: '/tfpilot/requests/${{ steps.create.output.requestId }}',
      },
      {
        title: 'Module',
        icon: 'catalog',
        entityRef: `component:default/${moduleEntityName(
          module,
          '${{ parameters.version }}',
        )}`,
      },
    ],
    ...(options.waitForPlan ? { text: [status] } : {}),
  };
}

/** Why a module gets no Template, or its Template. */
export type ModuleTemplateResult = { entity: Entity } | { problem: string };

/**
 * The scaffolder Template that requests a module: a first page for the
 * entity served, the environment (those the module allows) and the version
 * (`versions`, which must take the latest version's inputs), then the
 * module's required inputs and its optional ones, generated from its
 * variables by `moduleForm`. Sensitive inputs are secrets, passed to the
 * step as `${{ secrets.x }}`. The steps create the request
 * (`tfpilot:request:create`) and, unless turned off, wait for its plan.
 */
export function moduleTemplate(
  latest: ModuleRelease,
  versions: string[],
  options: TemplateOptions,
): ModuleTemplateResult {
  const { metadata, inspection, origin } = latest;
  const required = moduleForm(inspection, { include: v => v.required });
  const optional = moduleForm(inspection, { include: v => !v.required });
  if (required.omitted.length > 0) {
    const reasons = required.omitted.map(o => `${o.name}: ${o.reason}`);
    return {
      problem: `a required input cannot be collected by a form (${reasons.join(
        '; ',
      )})`,
    };
  }
  const title = metadata.title ?? metadata.name;
  const secrets = secretsSchema([required, optional]);
  const description = moduleDescription(latest);
  return {
    entity: {
      apiVersion: TEMPLATE_API_VERSION,
      kind: 'Template',
      metadata: {
        name: moduleTemplateName(metadata.name),
        title,
        description: `Request ${title} through TfPilot: the platform plans it, and applies it once approved.${
          description ? ` ${description}` : ''
        }`,
        tags: unique(['tfpilot', 'terraform', ...metadata.tags]),
        annotations: {
          [ANNOTATION_LOCATION]: origin.readFrom,
          [ANNOTATION_ORIGIN_LOCATION]: origin.readFrom,
          [ANNOTATION_SOURCE_LOCATION]: origin.location,
          [TFPILOT_MODULE_ANNOTATION]: metadata.name,
          [TFPILOT_MODULE_VERSION_ANNOTATION]: metadata.version,
        },
      },
      spec: {
        type: TEMPLATE_TYPE,
        owner: metadata.owner,
        parameters: [
          requestPage(latest, versions, options),
          ...inputPages(required, optional),
        ],
        ...(secrets ? { secrets: { schema: secrets } } : {}),
        steps: steps(metadata.name, required, optional, options),
        output: output(metadata.name, options),
      },
    },
  };
}
