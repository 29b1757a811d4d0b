import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type {
  ModuleInspection,
  ModuleObjectAttribute,
  ModuleOutput,
  ModuleProvider,
  ModuleTypeSpec,
  ModuleVariable,
} from '@tfpilot/backstage-plugin-tfpilot-common';
import { stopHclParser } from './hcl';
import {
  inspectModule,
  MODULE_FILE_MAX_BYTES,
  ModuleFormatError,
} from './inspectModule';

/** Third-party modules, see /work/shared/fixtures/SOURCES.md ("Modules"). */
const FIXTURES = resolve(__dirname, '../../../../../shared/fixtures/modules');
/** The project's own example module. */
// A frozen copy of modules/object-bucket 1.0.0: the reader's golden test must
// not change whenever the platform module does.
const OBJECT_BUCKET = resolve(__dirname, '__fixtures__/object-bucket');

// Type specs, written out the way they appear in the .tf files.
const STRING: ModuleTypeSpec = { kind: 'string' };
const NUMBER: ModuleTypeSpec = { kind: 'number' };
const BOOL: ModuleTypeSpec = { kind: 'bool' };
const ANY: ModuleTypeSpec = { kind: 'any' };
const list = (element: ModuleTypeSpec): ModuleTypeSpec => ({
  kind: 'list',
  element,
});
const set = (element: ModuleTypeSpec): ModuleTypeSpec => ({
  kind: 'set',
  element,
});
const map = (element: ModuleTypeSpec): ModuleTypeSpec => ({
  kind: 'map',
  element,
});
const object = (...attributes: ModuleObjectAttribute[]): ModuleTypeSpec => ({
  kind: 'object',
  attributes,
});
/** `name = type` */
const attr = (name: string, type: ModuleTypeSpec): ModuleObjectAttribute => ({
  name,
  type,
  optional: false,
  default: null,
  hasDefault: false,
  defaultIsExpression: false,
});
/** `name = optional(type)` */
const opt = (name: string, type: ModuleTypeSpec): ModuleObjectAttribute => ({
  ...attr(name, type),
  optional: true,
});
/** `name = optional(type, value)` */
const optDefault = (
  name: string,
  type: ModuleTypeSpec,
  value: ModuleObjectAttribute['default'],
): ModuleObjectAttribute => ({
  ...attr(name, type),
  optional: true,
  hasDefault: true,
  default: value,
});

/**
 * A variable as expected; every field that identifies it is given by the
 * caller, only the usual `false` / `true` / `[]` flags are filled in.
 */
function variable(
  fields: Pick<
    ModuleVariable,
    | 'name'
    | 'type'
    | 'typeSpec'
    | 'description'
    | 'default'
    | 'hasDefault'
    | 'required'
  > &
    Partial<ModuleVariable>,
): ModuleVariable {
  return {
    file: 'variables.tf',
    defaultIsExpression: false,
    sensitive: false,
    nullable: true,
    ephemeral: false,
    validations: [],
    ...fields,
  };
}

function output(
  name: string,
  description: string | null,
  sensitive = false,
  file = 'outputs.tf',
): ModuleOutput {
  return { name, file, description, sensitive };
}

function provider(
  name: string,
  source: string | null,
  versionConstraint: string | null,
  extra: Partial<ModuleProvider> = {},
): ModuleProvider {
  return {
    name,
    source,
    versionConstraint,
    configurationAliases: [],
    configured: false,
    ...extra,
  };
}

/** Matches an error message exactly (`toThrow` with a string matches any part). */
function exactly(message: string): RegExp {
  return new RegExp(`^${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
}

function findVariable(
  inspection: ModuleInspection,
  name: string,
): ModuleVariable {
  const found = inspection.variables.find(v => v.name === name);
  if (!found) throw new Error(`no variable ${name}`);
  return found;
}

function findOutput(inspection: ModuleInspection, name: string): ModuleOutput {
  const found = inspection.outputs.find(o => o.name === name);
  if (!found) throw new Error(`no output ${name}`);
  return found;
}

interface Golden {
  dir: string;
  files: string[];
  readmeFile: string | null;
  variableCount: number;
  outputCount: number;
  requiredVersion: string | null;
  providers: ModuleProvider[];
  /** The names of every variable without a default. */
  required: string[];
  variables: ModuleVariable[];
  outputs: ModuleOutput[];
}

const GOLDEN: Record<string, Golden> = {
  'object-bucket': {
    dir: OBJECT_BUCKET,
    files: ['main.tf', 'outputs.tf', 'variables.tf', 'versions.tf'],
    readmeFile: 'README.md',
    variableCount: 5,
    outputCount: 3,
    requiredVersion: '>= 1.6.0',
    providers: [provider('aws', 'hashicorp/aws', '>= 5.0, < 7.0')],
    required: ['environment', 'name', 'tags'],
    variables: [
      variable({
        name: 'environment',
        type: 'string',
        typeSpec: STRING,
        description: 'Environment the bucket belongs to.',
        default: null,
        hasDefault: false,
        required: true,
        validations: [
          {
            condition: 'contains(["dev", "stage", "prod"], var.environment)',
            errorMessage: 'environment must be one of dev, stage, prod.',
          },
        ],
      }),
      variable({
        name: 'name',
        type: 'string',
        typeSpec: STRING,
        description:
          'Bucket name: lower-case letters, digits and dashes, 3 to 63 characters.',
        default: null,
        hasDefault: false,
        required: true,
        validations: [
          {
            condition:
              'can(regex("^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$", var.name))',
            errorMessage:
              'name must be 3-63 lower-case letters, digits or dashes, starting and ending with a letter or digit.',
          },
        ],
      }),
      variable({
        name: 'noncurrent_version_expiration_days',
        type: 'number',
        typeSpec: NUMBER,
        description:
          'Days after which old object versions are deleted; 0 keeps them forever.',
        default: 90,
        hasDefault: true,
        required: false,
        validations: [
          {
            condition: 'var.noncurrent_version_expiration_days >= 0',
            errorMessage:
              'noncurrent_version_expiration_days must be zero or more.',
          },
        ],
      }),
      variable({
        name: 'tags',
        type: 'map(string)',
        typeSpec: map(STRING),
        description:
          'Tags for every resource; must include owner and cost-center.',
        default: null,
        hasDefault: false,
        required: true,
        validations: [
          {
            condition:
              'alltrue([for key in ["owner", "cost-center"] : contains(keys(var.tags), key)])',
            errorMessage: 'tags must include owner and cost-center.',
          },
        ],
      }),
      variable({
        name: 'versioning',
        type: 'bool',
        typeSpec: BOOL,
        description: 'Keep every version of every object.',
        default: true,
        hasDefault: true,
        required: false,
      }),
    ],
    outputs: [
      output('bucket_arn', 'ARN of the bucket, for IAM policies.'),
      output('bucket_name', 'Name of the bucket.'),
      output(
        'bucket_regional_domain_name',
        'Regional domain name of the bucket.',
      ),
    ],
  },

  'terraform-aws-eks': {
    dir: join(FIXTURES, 'terraform-aws-eks'),
    files: [
      'main.tf',
      'node_groups.tf',
      'outputs.tf',
      'variables.tf',
      'versions.tf',
    ],
    readmeFile: 'README.md',
    variableCount: 103,
    outputCount: 41,
    requiredVersion: '>= 1.5.7',
    providers: [
      provider('aws', 'hashicorp/aws', '>= 6.28'),
      provider('time', 'hashicorp/time', '>= 0.9'),
      provider('tls', 'hashicorp/tls', '>= 4.0'),
    ],
    required: [],
    variables: [
      variable({
        name: 'create',
        type: 'bool',
        typeSpec: BOOL,
        description:
          'Controls if resources should be created (affects nearly all resources)',
        default: true,
        hasDefault: true,
        required: false,
      }),
      variable({
        name: 'name',
        type: 'string',
        typeSpec: STRING,
        description: 'Name of the EKS cluster',
        default: '',
        hasDefault: true,
        required: false,
      }),
      variable({
        name: 'kubernetes_version',
        type: 'string',
        typeSpec: STRING,
        description:
          'Kubernetes `<major>.<minor>` version to use for the EKS cluster (i.e.: `1.33`)',
        default: null,
        hasDefault: true,
        required: false,
      }),
      variable({
        name: 'enabled_log_types',
        type: 'list(string)',
        typeSpec: list(STRING),
        description:
          'A list of the desired control plane logs to enable. For more information, see Amazon EKS Control Plane Logging documentation (https://docs.aws.amazon.com/eks/latest/userguide/control-plane-logs.html)',
        default: ['audit', 'api', 'authenticator'],
        hasDefault: true,
        required: false,
      }),
      variable({
        name: 'endpoint_public_access_cidrs',
        type: 'list(string)',
        typeSpec: list(STRING),
        description:
          'List of CIDR blocks which can access the Amazon EKS public API server endpoint',
        default: ['0.0.0.0/0'],
        hasDefault: true,
        required: false,
      }),
      variable({
        name: 'compute_config',
        type: 'object({\n    enabled       = optional(bool, false)\n    node_pools    = optional(list(string))\n    node_role_arn = optional(string)\n  })',
        typeSpec: object(
          optDefault('enabled', BOOL, false),
          opt('node_pools', list(STRING)),
          opt('node_role_arn', STRING),
        ),
        description:
          'Configuration block for the cluster compute configuration',
        default: null,
        hasDefault: true,
        required: false,
      }),
      variable({
        name: 'timeouts',
        type: 'object({\n    create = optional(string)\n    update = optional(string)\n    delete = optional(string)\n  })',
        typeSpec: object(
          opt('create', STRING),
          opt('update', STRING),
          opt('delete', STRING),
        ),
        description:
          'Create, update, and delete timeout configurations for the cluster',
        default: null,
        hasDefault: true,
        required: false,
      }),
      variable({
        name: 'access_entries',
        // As written: with its comments and layout.
        type: [
          'map(object({',
          '    # Access entry',
          '    kubernetes_groups = optional(list(string))',
          '    principal_arn     = string',
          '    type              = optional(string, "STANDARD")',
          '    user_name         = optional(string)',
          '    tags              = optional(map(string), {})',
          '    # Access policy association',
          '    policy_associations = optional(map(object({',
          '      policy_arn = string',
          '      access_scope = object({',
          '        namespaces = optional(list(string))',
          '        type       = string',
          '      })',
          '    })), {})',
          '  }))',
        ].join('\n'),
        typeSpec: map(
          object(
            opt('kubernetes_groups', list(STRING)),
            attr('principal_arn', STRING),
            optDefault('type', STRING, 'STANDARD'),
            opt('user_name', STRING),
            optDefault('tags', map(STRING), {}),
            optDefault(
              'policy_associations',
              map(
                object(
                  attr('policy_arn', STRING),
                  attr(
                    'access_scope',
                    object(
                      opt('namespaces', list(STRING)),
                      attr('type', STRING),
                    ),
                  ),
                ),
              ),
              {},
            ),
          ),
        ),
        description: 'Map of access entries to add to the cluster',
        default: {},
        hasDefault: true,
        required: false,
      }),
    ],
    outputs: [
      output('cluster_arn', 'The Amazon Resource Name (ARN) of the cluster'),
    ],
  },

  'terraform-aws-rds': {
    dir: join(FIXTURES, 'terraform-aws-rds'),
    files: ['main.tf', 'outputs.tf', 'variables.tf', 'versions.tf'],
    readmeFile: 'README.md',
    variableCount: 111,
    outputCount: 34,
    requiredVersion: '>= 1.11.1',
    providers: [provider('aws', 'hashicorp/aws', '>= 6.28')],
    required: ['identifier'],
    variables: [
      variable({
        name: 'identifier',
        type: 'string',
        typeSpec: STRING,
        description: 'The name of the RDS instance',
        default: null,
        hasDefault: false,
        required: true,
      }),
      variable({
        name: 'password_wo',
        type: 'string',
        typeSpec: STRING,
        description:
          'Write-Only required unless `manage_master_user_password` is set to `true`, `snapshot_identifier`, or `replicate_source_db` is provided). Password for the master DB user. Note that this may show up in logs, and it will be stored in the state file',
        default: null,
        hasDefault: true,
        required: false,
        sensitive: true,
        ephemeral: true,
      }),
      variable({
        name: 'port',
        type: 'string',
        typeSpec: STRING,
        description: 'The port on which the DB accepts connections',
        default: null,
        hasDefault: true,
        required: false,
      }),
      variable({
        name: 'vpc_security_group_ids',
        type: 'list(string)',
        typeSpec: list(STRING),
        description: 'List of VPC security groups to associate',
        default: [],
        hasDefault: true,
        required: false,
      }),
      variable({
        name: 'cloudwatch_log_group_retention_in_days',
        type: 'number',
        typeSpec: NUMBER,
        description:
          'The number of days to retain CloudWatch logs for the DB instance',
        default: 7,
        hasDefault: true,
        required: false,
      }),
      variable({
        name: 'blue_green_update',
        type: 'object({\n    enabled = optional(bool)\n  })',
        typeSpec: object(opt('enabled', BOOL)),
        description:
          'Enables low-downtime updates using RDS Blue/Green deployments.',
        default: null,
        hasDefault: true,
        required: false,
      }),
      variable({
        name: 'options',
        type: [
          'list(object({',
          '    option_name                    = string',
          '    port                           = optional(number)',
          '    version                        = optional(string)',
          '    db_security_group_memberships  = optional(list(string))',
          '    vpc_security_group_memberships = optional(list(string))',
          '    option_settings = optional(list(object({',
          '      name  = string',
          '      value = string',
          '    })))',
          '  }))',
        ].join('\n'),
        typeSpec: list(
          object(
            attr('option_name', STRING),
            opt('port', NUMBER),
            opt('version', STRING),
            opt('db_security_group_memberships', list(STRING)),
            opt('vpc_security_group_memberships', list(STRING)),
            opt(
              'option_settings',
              list(object(attr('name', STRING), attr('value', STRING))),
            ),
          ),
        ),
        description: 'A list of Options to apply',
        default: null,
        hasDefault: true,
        required: false,
      }),
    ],
    outputs: [
      output(
        'db_instance_username',
        'The master username for the database',
        true,
      ),
      output('db_instance_address', 'The address of the RDS instance'),
    ],
  },

  'terraform-aws-s3-bucket': {
    dir: join(FIXTURES, 'terraform-aws-s3-bucket'),
    files: ['main.tf', 'outputs.tf', 'variables.tf', 'versions.tf'],
    readmeFile: 'README.md',
    variableCount: 72,
    outputCount: 15,
    requiredVersion: '>= 1.5.7',
    providers: [provider('aws', 'hashicorp/aws', '>= 6.42')],
    required: [],
    variables: [
      variable({
        name: 'create_bucket',
        type: 'bool',
        typeSpec: BOOL,
        description: 'Controls if S3 bucket should be created',
        default: true,
        hasDefault: true,
        required: false,
      }),
      variable({
        name: 'bucket',
        type: 'string',
        typeSpec: STRING,
        description:
          '(Optional, Forces new resource) The name of the bucket. If omitted, Terraform will assign a random, unique name.',
        default: null,
        hasDefault: true,
        required: false,
      }),
      variable({
        name: 'force_destroy',
        type: 'bool',
        typeSpec: BOOL,
        description:
          '(Optional, Default:false ) A boolean that indicates all objects should be deleted from the bucket so that the bucket can be destroyed without error. These objects are not recoverable.',
        default: false,
        hasDefault: true,
        required: false,
      }),
      variable({
        // `type = any # map(string)`: the comment is not part of the type.
        name: 'website',
        type: 'any',
        typeSpec: ANY,
        description:
          'Map containing static web-site hosting or redirect configuration.',
        default: {},
        hasDefault: true,
        required: false,
      }),
      variable({
        name: 'lifecycle_rule',
        type: 'any',
        typeSpec: ANY,
        description:
          'List of maps containing configuration of object lifecycle management.',
        default: [],
        hasDefault: true,
        required: false,
      }),
      variable({
        name: 'object_ownership',
        type: 'string',
        typeSpec: STRING,
        description:
          "Object ownership. Valid values: BucketOwnerEnforced, BucketOwnerPreferred or ObjectWriter. 'BucketOwnerEnforced': ACLs are disabled, and the bucket owner automatically owns and has full control over every object in the bucket. 'BucketOwnerPreferred': Objects uploaded to the bucket change ownership to the bucket owner if the objects are uploaded with the bucket-owner-full-control canned ACL. 'ObjectWriter': The uploading account will own the object if the object is uploaded with the bucket-owner-full-control canned ACL.",
        default: 'BucketOwnerEnforced',
        hasDefault: true,
        required: false,
      }),
    ],
    outputs: [
      output('s3_bucket_id', 'The name of the bucket.'),
      output(
        's3_bucket_arn',
        'The ARN of the bucket. Will be of format arn:aws:s3:::bucketname.',
      ),
    ],
  },

  'terraform-azurerm-avm-res-keyvault-vault': {
    dir: join(FIXTURES, 'terraform-azurerm-avm-res-keyvault-vault'),
    files: [
      'locals.tf',
      'main.access_policies.tf',
      'main.keys.tf',
      'main.private_endpoint.tf',
      'main.secrets.tf',
      'main.telemetry.tf',
      'main.tf',
      'outputs.tf',
      'terraform.tf',
      'variables.tf',
    ],
    readmeFile: 'README.md',
    variableCount: 30,
    outputCount: 8,
    requiredVersion: '>= 1.11, < 2.0',
    providers: [
      provider('azapi', 'Azure/azapi', '~> 2.4'),
      provider('azurerm', 'hashicorp/azurerm', '>= 4.81, < 5.2'),
      provider('modtm', 'azure/modtm', '~> 0.3'),
      provider('random', 'hashicorp/random', '~> 3.5'),
      provider('time', 'hashicorp/time', '~> 0.9'),
    ],
    required: ['location', 'name', 'resource_group_name', 'tenant_id'],
    variables: [
      variable({
        name: 'location',
        type: 'string',
        typeSpec: STRING,
        description: 'The Azure location where the resources will be deployed.',
        default: null,
        hasDefault: false,
        required: true,
        nullable: false,
      }),
      variable({
        name: 'name',
        type: 'string',
        typeSpec: STRING,
        description: 'The name of the Key Vault.',
        default: null,
        hasDefault: false,
        required: true,
        validations: [
          {
            condition: 'can(regex("^[a-zA-Z0-9-]{3,24}$", var.name))',
            errorMessage:
              'The name must be between 3 and 24 characters long and can only contain letters, numbers and dashes.',
          },
          {
            condition: '!can(regex("--", var.name))',
            errorMessage: 'The name must not contain two consecutive dashes',
          },
          {
            condition: 'can(regex("^[a-zA-Z]", var.name))',
            errorMessage: 'The name must start with a letter',
          },
          {
            condition: 'can(regex("[a-zA-Z0-9]$", var.name))',
            errorMessage: 'The name must end with a letter or number',
          },
        ],
      }),
      variable({
        name: 'enable_telemetry',
        type: 'bool',
        typeSpec: BOOL,
        description:
          'This variable controls whether or not telemetry is enabled for the module.\nFor more information see <https://aka.ms/avm/telemetryinfo>.\nIf it is set to false, then no telemetry will be collected.\n',
        default: true,
        hasDefault: true,
        required: false,
        nullable: false,
      }),
      variable({
        name: 'secrets_value_wo',
        type: 'map(string)',
        typeSpec: map(STRING),
        description:
          'A map of secret keys to writable-only secret values.\nThe map key is the supplied input to `var.secrets`.\nThe map value is the writable-only secret value for that key.\n\nUse `var.secrets_value_wo_version` with the same key to control updates when the writable-only value changes.\n',
        default: null,
        hasDefault: true,
        required: false,
        sensitive: true,
        ephemeral: true,
      }),
      variable({
        name: 'wait_for_rbac_before_secret_operations',
        type: 'object({\n    create  = optional(string, "30s")\n    destroy = optional(string, "0s")\n  })',
        typeSpec: object(
          optDefault('create', STRING, '30s'),
          optDefault('destroy', STRING, '0s'),
        ),
        description:
          'This variable controls the amount of time to wait before performing secret operations.\nIt only applies when `var.role_assignments` and `var.secrets` are both set.\nThis is useful when you are creating role assignments on the key vault and immediately creating secrets in it.\nThe default is 30 seconds for create and 0 seconds for destroy.\n',
        default: {},
        hasDefault: true,
        required: false,
        nullable: false,
      }),
      variable({
        name: 'network_acls',
        type: 'object({\n    bypass                     = optional(string, "None")\n    default_action             = optional(string, "Deny")\n    ip_rules                   = optional(list(string), [])\n    virtual_network_subnet_ids = optional(list(string), [])\n  })',
        typeSpec: object(
          optDefault('bypass', STRING, 'None'),
          optDefault('default_action', STRING, 'Deny'),
          optDefault('ip_rules', list(STRING), []),
          optDefault('virtual_network_subnet_ids', list(STRING), []),
        ),
        description: [
          'The network ACL configuration for the Key Vault.',
          'If not specified then the Key Vault will be created with a firewall that blocks access.',
          'Specify `null` to create the Key Vault with no firewall.',
          '',
          '- `bypass` - (Optional) Should Azure Services bypass the ACL. Possible values are `AzureServices` and `None`. Defaults to `None`.',
          '- `default_action` - (Optional) The default action when no rule matches. Possible values are `Allow` and `Deny`. Defaults to `Deny`.',
          '- `ip_rules` - (Optional) A list of IP rules in CIDR format. Defaults to `[]`.',
          '- `virtual_network_subnet_ids` - (Optional) When using with Service Endpoints, a list of subnet IDs to associate with the Key Vault. Defaults to `[]`.',
          '',
        ].join('\n'),
        default: {},
        hasDefault: true,
        required: false,
        validations: [
          {
            condition:
              'var.network_acls == null ? true : contains(["AzureServices", "None"], var.network_acls.bypass)',
            errorMessage:
              'The bypass value must be either `AzureServices` or `None`.',
          },
          {
            condition:
              'var.network_acls == null ? true : contains(["Allow", "Deny"], var.network_acls.default_action)',
            errorMessage:
              'The default_action value must be either `Allow` or `Deny`.',
          },
        ],
      }),
    ],
    outputs: [output('name', 'The name of the key vault.')],
  },

  'terraform-docs-examples': {
    dir: join(FIXTURES, 'terraform-docs-examples'),
    files: ['doc.tf', 'main.tf', 'outputs.tf', 'variables.tf'],
    readmeFile: null,
    variableCount: 32,
    outputCount: 5,
    requiredVersion: '>= 0.12',
    providers: [
      provider('aws', null, '>= 2.15.0'),
      provider('foo', 'https://registry.acme.com/foo', '>= 1.0'),
      provider('random', null, '>= 2.2.0'),
    ],
    required: [
      'input_with_underscores',
      'list-2',
      'map-2',
      'number-2',
      'string-2',
      'string_no_default',
      'unquoted',
    ],
    variables: [
      variable({
        // `variable unquoted {}`: an unquoted label, no arguments at all.
        name: 'unquoted',
        type: null,
        typeSpec: null,
        description: null,
        default: null,
        hasDefault: false,
        required: true,
      }),
      variable({
        // Legacy quoted type: `type = "string"`.
        name: 'string-2',
        type: 'string',
        typeSpec: STRING,
        description: "It's string number two.",
        default: null,
        hasDefault: false,
        required: true,
      }),
      variable({
        name: 'map-1',
        type: 'map',
        typeSpec: map(ANY),
        description: null,
        default: { a: 1, b: 2, c: 3 },
        hasDefault: true,
        required: false,
      }),
      variable({
        name: 'list-1',
        type: 'list',
        typeSpec: list(ANY),
        description: null,
        default: ['a', 'b', 'c'],
        hasDefault: true,
        required: false,
      }),
      variable({
        // The default is the string "19", as written.
        name: 'number-3',
        type: 'number',
        typeSpec: NUMBER,
        description: null,
        default: '19',
        hasDefault: true,
        required: false,
      }),
      variable({
        name: 'string_default_null',
        type: 'string',
        typeSpec: STRING,
        description: null,
        default: null,
        hasDefault: true,
        required: false,
      }),
      variable({
        name: 'string-special-chars',
        type: null,
        typeSpec: null,
        description: null,
        default: '\\.<>[]{}_-',
        hasDefault: true,
        required: false,
      }),
      variable({
        name: 'input-with-pipe',
        type: null,
        typeSpec: null,
        description: 'It includes v1 | v2 | v3',
        default: 'v1',
        hasDefault: true,
        required: false,
      }),
      variable({
        name: 'input-with-code-block',
        type: null,
        typeSpec: null,
        description: [
          'This is a complicated one. We need a newline.  ',
          'And an example in a code block',
          '```',
          'default     = [',
          '  "machine rack01:neptune"',
          ']',
          '```',
          '',
        ].join('\n'),
        default: ['name rack:location'],
        hasDefault: true,
        required: false,
      }),
      variable({
        name: 'object_default_empty',
        type: 'object({})',
        typeSpec: object(),
        description: null,
        default: {},
        hasDefault: true,
        required: false,
      }),
      variable({
        name: 'long_type',
        type: [
          'object({',
          '    name = string,',
          '    foo  = object({ foo = string, bar = string }),',
          '    bar  = object({ foo = string, bar = string }),',
          '    fizz = list(string),',
          '    buzz = list(string)',
          '  })',
        ].join('\n'),
        typeSpec: object(
          attr('name', STRING),
          attr('foo', object(attr('foo', STRING), attr('bar', STRING))),
          attr('bar', object(attr('foo', STRING), attr('bar', STRING))),
          attr('fizz', list(STRING)),
          attr('buzz', list(STRING)),
        ),
        description:
          'This description is itself markdown.\n\nIt spans over multiple lines.\n',
        default: {
          name: 'hello',
          foo: { foo: 'foo', bar: 'foo' },
          bar: { foo: 'bar', bar: 'bar' },
          fizz: [],
          buzz: ['fizz', 'buzz'],
        },
        hasDefault: true,
        required: false,
      }),
    ],
    outputs: [
      output('unquoted', "It's unquoted output."),
      output('output-0.12', 'terraform 0.12 only'),
      output('output-1', null),
    ],
  },
};

const inspections = new Map<string, ModuleInspection>();

afterAll(() => stopHclParser());

beforeAll(async () => {
  for (const [name, golden] of Object.entries(GOLDEN)) {
    inspections.set(name, await inspectModule(golden.dir));
  }
}, 60_000);

function inspected(name: string): ModuleInspection {
  const found = inspections.get(name);
  if (!found) throw new Error(`${name} was not inspected`);
  return found;
}

describe('inspectModule on real modules', () => {
  it('has a golden entry for every fixture module folder', () => {
    const folders = readdirSync(FIXTURES, { withFileTypes: true })
      .filter(entry => entry.isDirectory())
      .map(entry => entry.name)
      .sort();
    expect(folders).toEqual(
      Object.keys(GOLDEN)
        .filter(name => name !== 'object-bucket')
        .sort(),
    );
  });

  describe.each(Object.keys(GOLDEN))('%s', name => {
    const golden = GOLDEN[name];

    it('reads the .tf files of the directory itself, sorted, and the README', () => {
      const result = inspected(name);
      expect(result.files).toEqual(golden.files);
      expect(result.readmeFile).toBe(golden.readmeFile);
      expect(result.readme !== null).toBe(golden.readmeFile !== null);
    });

    it('counts the variables and outputs', () => {
      const result = inspected(name);
      expect(result.variables).toHaveLength(golden.variableCount);
      expect(result.outputs).toHaveLength(golden.outputCount);
    });

    it('sorts variables and outputs by name', () => {
      const result = inspected(name);
      const names = result.variables.map(v => v.name);
      expect(names).toEqual([...names].sort());
      expect(new Set(names).size).toBe(names.length);
      const outputs = result.outputs.map(o => o.name);
      expect(outputs).toEqual([...outputs].sort());
    });

    it('makes a variable required exactly when it has no default', () => {
      const result = inspected(name);
      for (const v of result.variables) {
        expect({ name: v.name, required: v.required }).toEqual({
          name: v.name,
          required: !v.hasDefault,
        });
        expect(v.typeSpec === null).toBe(v.type === null);
      }
      expect(result.variables.filter(v => v.required).map(v => v.name)).toEqual(
        golden.required,
      );
    });

    it('reads the providers and the required Terraform version', () => {
      const result = inspected(name);
      expect(result.providers).toEqual(golden.providers);
      expect(result.requiredVersion).toBe(golden.requiredVersion);
    });

    it.each(golden.variables.map(v => [v.name, v] as const))(
      'reads variable %s',
      (variableName, expected) => {
        expect(findVariable(inspected(name), variableName)).toEqual(expected);
      },
    );

    it.each(golden.outputs.map(o => [o.name, o] as const))(
      'reads output %s',
      (outputName, expected) => {
        expect(findOutput(inspected(name), outputName)).toEqual(expected);
      },
    );
  });

  it('gives the same result every time', async () => {
    const again = await inspectModule(GOLDEN['terraform-aws-eks'].dir);
    expect(JSON.stringify(again)).toBe(
      JSON.stringify(inspected('terraform-aws-eks')),
    );
  });

  it('reads nested optional() defaults and sets (keyvault legacy_access_policies)', () => {
    const legacy = findVariable(
      inspected('terraform-azurerm-avm-res-keyvault-vault'),
      'legacy_access_policies',
    );
    expect(legacy).toMatchObject({
      typeSpec: map(
        object(
          attr('object_id', STRING),
          optDefault('application_id', STRING, null),
          optDefault('certificate_permissions', set(STRING), []),
          optDefault('key_permissions', set(STRING), []),
          optDefault('secret_permissions', set(STRING), []),
          optDefault('storage_permissions', set(STRING), []),
        ),
      ),
      default: {},
      hasDefault: true,
      required: false,
      nullable: false,
      sensitive: false,
    });
    expect(legacy.validations).toHaveLength(7);
    expect(legacy.validations[6]).toEqual({
      condition:
        'alltrue([for _, v in var.legacy_access_policies : length(v.certificate_permissions) + length(v.key_permissions) + length(v.secret_permissions) + length(v.storage_permissions) > 0])',
      errorMessage: 'At least one permission must be set.',
    });
  });

  it('returns the README text', () => {
    expect(inspected('object-bucket').readme).toMatch(/^# /);
  });
});

describe('inspectModule on crafted modules', () => {
  let root: string;
  let counter = 0;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'tfpilot-inspect-'));
  });

  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
  });

  /** A fresh module directory holding the given files. */
  function moduleDir(files: Record<string, string | Buffer>): string {
    counter += 1;
    const dir = join(root, `m${counter}`);
    mkdirSync(dir);
    for (const [name, content] of Object.entries(files)) {
      mkdirSync(join(dir, name, '..'), { recursive: true });
      writeFileSync(join(dir, name), content);
    }
    return dir;
  }

  it('reads heredocs, flags, optional() defaults, escapes, override files and providers', async () => {
    const dir = moduleDir({
      'variables.tf': `
variable "secret" {
  type      = string
  sensitive = true
  nullable  = false
  default   = "hunter2"
}

variable "doc" {
  description = <<-EOT
    First line
      indented | pipe
  EOT
  default     = null
}

variable "settings" {
  type = object({
    name = string
    size = optional(number, 10)
    tags = optional(map(string), {
      team = "core"
    })
    ttl  = optional(number, 60 * 60)
  })
  default = { name = "x" }
}

variable "seconds" {
  type    = number
  default = 60 * 60
}

variable "literal_template" {
  default = "$\${not_interpolated}"
  validation {
    condition     = length(var.literal_template) > 0
    error_message = "The value \${var.literal_template} is empty."
  }
}

variable "legacy_bool" {
  sensitive = "true"
}
`,
      'versions.tf': `
terraform {
  required_version = ">= 1.5"
  required_providers {
    aws = {
      source                = "hashicorp/aws"
      version               = ">= 5.0"
      configuration_aliases = [aws.peer]
    }
    random = "~> 3.0"
  }
}
`,
      'providers.tf': `
terraform {
  required_providers {
    aws = {
      version = "< 7.0"
    }
  }
}

provider "aws" {
  alias = "other"
}

provider "google" {
  version = "~> 4.0"
}
`,
      'outputs.tf': `
output "b" {
  value     = 1
  sensitive = true
}

output "a" {
  value       = 2
  description = "A"
}
`,
      'override.tf': `
variable "seconds" {
  default = 30
}

output "a" {
  description = "A overridden"
}
`,
      'readme.md': '# Crafted\n',
      '.hidden.tf': 'not { hcl',
      'backup.tf~': 'not { hcl',
      'sub/nested.tf': 'variable "nested" {}\n',
      'main.tf.json': '{}',
      'dir.tf/inner.tf': 'variable "inner" {}\n',
    });
    const result = await inspectModule(dir);
    expect(result.files).toEqual([
      'outputs.tf',
      'override.tf',
      'providers.tf',
      'variables.tf',
      'versions.tf',
    ]);
    expect(result.readmeFile).toBe('readme.md');
    expect(result.readme).toBe('# Crafted\n');
    expect(result.requiredVersion).toBe('>= 1.5');
    expect(result.variables.map(v => v.name)).toEqual([
      'doc',
      'legacy_bool',
      'literal_template',
      'seconds',
      'secret',
      'settings',
    ]);
    expect(findVariable(result, 'secret')).toEqual(
      variable({
        name: 'secret',
        type: 'string',
        typeSpec: STRING,
        description: null,
        default: 'hunter2',
        hasDefault: true,
        required: false,
        sensitive: true,
        nullable: false,
      }),
    );
    expect(findVariable(result, 'doc')).toEqual(
      variable({
        name: 'doc',
        type: null,
        typeSpec: null,
        description: 'First line\n  indented | pipe\n',
        default: null,
        hasDefault: true,
        required: false,
      }),
    );
    expect(findVariable(result, 'settings')).toEqual(
      variable({
        name: 'settings',
        type: 'object({\n    name = string\n    size = optional(number, 10)\n    tags = optional(map(string), {\n      team = "core"\n    })\n    ttl  = optional(number, 60 * 60)\n  })',
        typeSpec: object(
          attr('name', STRING),
          optDefault('size', NUMBER, 10),
          optDefault('tags', map(STRING), { team: 'core' }),
          {
            ...optDefault('ttl', NUMBER, '${60 * 60}'),
            defaultIsExpression: true,
          },
        ),
        description: null,
        default: { name: 'x' },
        hasDefault: true,
        required: false,
      }),
    );
    // The override file replaced the expression with a literal.
    expect(findVariable(result, 'seconds')).toEqual(
      variable({
        name: 'seconds',
        type: 'number',
        typeSpec: NUMBER,
        description: null,
        default: 30,
        hasDefault: true,
        required: false,
      }),
    );
    expect(findVariable(result, 'literal_template')).toEqual(
      variable({
        name: 'literal_template',
        type: null,
        typeSpec: null,
        description: null,
        default: '${not_interpolated}',
        hasDefault: true,
        required: false,
        validations: [
          {
            condition: 'length(var.literal_template) > 0',
            errorMessage: 'The value ${var.literal_template} is empty.',
          },
        ],
      }),
    );
    expect(findVariable(result, 'legacy_bool').sensitive).toBe(true);
    expect(result.outputs).toEqual([
      output('a', 'A overridden'),
      output('b', null, true),
    ]);
    expect(result.providers).toEqual([
      // Constraints are joined in file-name order: providers.tf, then versions.tf.
      provider('aws', 'hashicorp/aws', '< 7.0, >= 5.0', {
        configurationAliases: ['aws.peer'],
        configured: true,
      }),
      provider('google', null, '~> 4.0', { configured: true }),
      provider('random', null, '~> 3.0'),
    ]);
  });

  it('keeps a default that needs evaluating in Terraform JSON syntax', async () => {
    const dir = moduleDir({
      'main.tf': 'variable "seconds" {\n  default = 60 * 60\n}\n',
    });
    const result = await inspectModule(dir);
    expect(findVariable(result, 'seconds')).toEqual(
      variable({
        file: 'main.tf',
        name: 'seconds',
        type: null,
        typeSpec: null,
        description: null,
        default: '${60 * 60}',
        hasDefault: true,
        defaultIsExpression: true,
        required: false,
      }),
    );
  });

  it('reads a module with no variables, outputs or providers', async () => {
    const dir = moduleDir({ 'main.tf': 'locals {\n  a = 1\n}\n' });
    expect(await inspectModule(dir)).toEqual({
      variables: [],
      outputs: [],
      providers: [],
      requiredVersion: null,
      readme: null,
      readmeFile: null,
      files: ['main.tf'],
    });
  });

  describe('refuses bad input with one line naming the culprit', () => {
    it('an empty directory', async () => {
      const dir = moduleDir({});
      await expect(inspectModule(dir)).rejects.toThrow(
        `${dir}: no .tf files in the directory`,
      );
      await expect(inspectModule(dir)).rejects.toMatchObject({
        name: 'ModuleFormatError',
        path: dir,
      });
    });

    it('a directory whose .tf files are all elsewhere', async () => {
      const dir = moduleDir({
        'README.md': '# no code\n',
        'main.tf.json': '{}',
        'sub/main.tf': 'variable "x" {}\n',
        '.hidden.tf': 'variable "x" {}\n',
      });
      await expect(inspectModule(dir)).rejects.toThrow(
        exactly(`${dir}: no .tf files in the directory`),
      );
    });

    it('a file with a syntax error', async () => {
      const dir = moduleDir({
        'a.tf': 'variable "fine" {}\n',
        'broken.tf': 'variable "x" {\n  type = string\n',
      });
      const error = await inspectModule(dir).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ModuleFormatError);
      expect((error as ModuleFormatError).path).toBe(join(dir, 'broken.tf'));
      expect((error as ModuleFormatError).message).toBe(
        `${join(
          dir,
          'broken.tf',
        )}:1,14-15: Unclosed configuration block; There is no closing brace for this block before the end of the file. This may be caused by incorrect brace nesting elsewhere in this file.`,
      );
    });

    it('a file with several syntax errors', async () => {
      const dir = moduleDir({ 'main.tf': 'variable "x" {\n}\u0000\n' });
      await expect(inspectModule(dir)).rejects.toThrow(
        /^\/.*\/main\.tf:2,2-3: Invalid character; [^\n]+$/,
      );
    });

    it('a path that is a file', async () => {
      const dir = moduleDir({ 'main.tf': 'variable "x" {}\n' });
      const file = join(dir, 'main.tf');
      await expect(inspectModule(file)).rejects.toThrow(
        exactly(`${file}: not a directory`),
      );
    });

    it('a path that does not exist', async () => {
      const missing = join(root, 'missing');
      await expect(inspectModule(missing)).rejects.toThrow(
        exactly(`${missing}: no such directory`),
      );
    });

    it.each([
      [
        'a variable declared twice',
        { 'a.tf': 'variable "x" {}\n', 'b.tf': 'variable "x" {}\n' },
        'b.tf: variable "x" is declared twice (also in a.tf)',
      ],
      [
        'an output declared twice in one file',
        {
          'a.tf':
            'output "x" {\n  value = 1\n}\noutput "x" {\n  value = 2\n}\n',
        },
        'a.tf: output "x" is declared twice (also in a.tf)',
      ],
      [
        'a variable without a label',
        { 'a.tf': 'variable {}\n' },
        'a.tf: a variable block needs a name label',
      ],
      [
        'a variable with two labels',
        { 'a.tf': 'variable "x" "y" {}\n' },
        'a.tf: variable "x" must have exactly one label',
      ],
      [
        'a variable with a reserved name',
        { 'a.tf': 'variable "count" {}\n' },
        'a.tf: variable "count": the name is reserved by Terraform',
      ],
      [
        'an unknown type',
        { 'a.tf': 'variable "x" {\n  type = strin\n}\n' },
        'a.tf: variable "x": invalid type: unknown type "strin"',
      ],
      [
        'a type that is not a type',
        { 'a.tf': 'variable "x" {\n  type = 5\n}\n' },
        'a.tf: variable "x": type must be a type constraint',
      ],
      [
        'a sensitive flag that is not a bool',
        { 'a.tf': 'variable "x" {\n  sensitive = "yes"\n}\n' },
        'a.tf: variable "x": sensitive must be true or false',
      ],
      [
        'a nullable flag that is an expression',
        { 'a.tf': 'variable "x" {\n  nullable = var.y\n}\n' },
        'a.tf: variable "x": nullable must be true or false',
      ],
      [
        'a validation without error_message',
        {
          'a.tf':
            'variable "x" {\n  validation {\n    condition = true\n  }\n}\n',
        },
        'a.tf: variable "x": a validation block needs an error_message',
      ],
      [
        'a validation without condition',
        {
          'a.tf':
            'variable "x" {\n  validation {\n    error_message = "e"\n  }\n}\n',
        },
        'a.tf: variable "x": a validation block needs a condition',
      ],
      [
        'an override of nothing',
        { 'a.tf': 'variable "x" {}\n', 'b_override.tf': 'output "y" {}\n' },
        'b_override.tf: output "y" is overridden but not declared in another file',
      ],
      [
        'a provider version that is an expression',
        {
          'a.tf':
            'terraform {\n  required_providers {\n    aws = {\n      version = var.v\n    }\n  }\n}\n',
        },
        'a.tf: required_providers "aws": version must be a literal string',
      ],
      [
        'a provider requirement of the wrong shape',
        {
          'a.tf': 'terraform {\n  required_providers {\n    aws = 5\n  }\n}\n',
        },
        'a.tf: required_providers "aws": must be a version constraint string or { source, version }',
      ],
      [
        'two sources for one provider',
        {
          'a.tf':
            'terraform {\n  required_providers {\n    aws = {\n      source = "hashicorp/aws"\n    }\n  }\n}\n',
          'b.tf':
            'terraform {\n  required_providers {\n    aws = {\n      source = "example/aws"\n    }\n  }\n}\n',
        },
        'b.tf: required_providers "aws": source "example/aws" contradicts "hashicorp/aws" in a.tf',
      ],
      [
        'bad configuration_aliases',
        {
          'a.tf':
            'terraform {\n  required_providers {\n    aws = {\n      configuration_aliases = [google.x]\n    }\n  }\n}\n',
        },
        'a.tf: required_providers "aws": configuration_aliases must be a list like [aws.alias]',
      ],
      [
        'a required_version that is not a string',
        { 'a.tf': 'terraform {\n  required_version = 1\n}\n' },
        'a.tf: terraform: required_version must be a literal string',
      ],
      [
        'a name with a line break',
        { 'a.tf': 'variable "a\\nb" {}\n' },
        'a.tf: variable name "a\\nb" is empty or contains spaces or control characters',
      ],
    ])('%s', async (_what, files, message) => {
      const dir = moduleDir(files);
      await expect(inspectModule(dir)).rejects.toThrow(
        exactly(`${dir}/${message}`),
      );
    });

    it('a file nested too deeply for the parser', async () => {
      const dir = moduleDir({
        'a.tf': `x = ${'['.repeat(5000)}1${']'.repeat(5000)}\n`,
      });
      await expect(inspectModule(dir)).rejects.toThrow(
        exactly(`${join(dir, 'a.tf')}: nested more than 128 levels deep`),
      );
    });

    it('input that overflows the parser, without harming other parses', async () => {
      const dir = moduleDir({
        'a.tf': `x = ${'!'.repeat(400_000)}true\n`,
      });
      // Inspections running at the same time are queued behind the bad file
      // and go to the parser's replacement.
      const [bad, bucket, docs] = await Promise.allSettled([
        inspectModule(dir),
        inspectModule(OBJECT_BUCKET),
        inspectModule(GOLDEN['terraform-docs-examples'].dir),
      ]);
      expect(bad).toMatchObject({
        status: 'rejected',
        reason: {
          name: 'ModuleFormatError',
          path: join(dir, 'a.tf'),
          message: expect.stringMatching(
            new RegExp(
              `^${join(dir, 'a.tf')}: the HCL parser failed: [^\\n]+$`,
            ),
          ),
        },
      });
      expect(bucket).toEqual({
        status: 'fulfilled',
        value: inspected('object-bucket'),
      });
      expect(docs).toEqual({
        status: 'fulfilled',
        value: inspected('terraform-docs-examples'),
      });
    }, 60_000);

    it('a file that is not UTF-8', async () => {
      const dir = moduleDir({
        'a.tf': Buffer.from([0x23, 0x20, 0xff, 0xfe, 0x0a]),
      });
      await expect(inspectModule(dir)).rejects.toThrow(
        exactly(`${join(dir, 'a.tf')}: not valid UTF-8 text`),
      );
    });

    it('a file too large to parse', async () => {
      const dir = moduleDir({
        'a.tf': `# ${'x'.repeat(MODULE_FILE_MAX_BYTES)}\n`,
      });
      await expect(inspectModule(dir)).rejects.toThrow(
        exactly(
          `${join(dir, 'a.tf')}: larger than ${MODULE_FILE_MAX_BYTES} bytes (${
            MODULE_FILE_MAX_BYTES + 3
          })`,
        ),
      );
    });
  });
});
