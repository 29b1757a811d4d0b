/**
 * Writes a large, realistic `terraform show -json` plan, streaming: the
 * document is never held as one string, so it can be larger than V8's
 * longest string.
 *
 *   node -r @backstage/cli/config/nodeTransform.cjs bench/plan/generate.ts \
 *     --resources 100000 --out plan.json [--seed 1] [--scale 1]
 *
 * The plan is what Terraform 1.9 writes for an AWS estate: a root module,
 * a network module, one `services` module instance per service (for_each),
 * each with a `storage` module that has a `replica` module (three levels of
 * nesting); every resource instance in planned_values (unless deleted),
 * resource_changes (create / update / delete / replace both ways / read /
 * no-op / a few forget), prior_state (unless created) with its full
 * attribute set, nested blocks, sensitive and unknown marks; ~5 % drift;
 * outputs (sensitive, unknown, structured); the module configuration.
 * `--scale` multiplies the bulk of the attributes (policies, user data,
 * tags) for larger files from the same number of resources.
 *
 * Deterministic: the same arguments give the same bytes. Node built-ins only.
 */
import { closeSync, openSync, writeSync } from 'node:fs';

// ---------------------------------------------------------------------------
// Output

/** Buffers text and writes it out in ~4 MB pieces. */
class Writer {
  readonly fd: number;
  parts: string[] = [];
  pending = 0;
  bytes = 0;

  constructor(path: string) {
    this.fd = openSync(path, 'w');
  }

  write(text: string): void {
    this.parts.push(text);
    this.pending += text.length;
    if (this.pending > 4 * 1024 * 1024) this.flush();
  }

  flush(): void {
    if (this.parts.length === 0) return;
    const buf = Buffer.from(this.parts.join(''), 'utf8');
    let at = 0;
    while (at < buf.length) at += writeSync(this.fd, buf, at);
    this.bytes += buf.length;
    this.parts = [];
    this.pending = 0;
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

// ---------------------------------------------------------------------------
// Deterministic randomness

/** mulberry32: a small, fast, seedable PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rng = () => number;
const pick = <T>(rng: Rng, items: readonly T[]): T =>
  items[Math.floor(rng() * items.length)];
const hex = (rng: Rng, length: number): string => {
  let out = '';
  while (out.length < length) {
    out += Math.floor(rng() * 0x100000000)
      .toString(16)
      .padStart(8, '0');
  }
  return out.slice(0, length);
};
const int = (rng: Rng, min: number, max: number): number =>
  min + Math.floor(rng() * (max - min + 1));

// ---------------------------------------------------------------------------
// Module layout

interface Block {
  type: string;
  name: string;
  count?: number;
  data?: boolean;
}

interface Call {
  name: string;
  template: Template;
  /** for_each keys; undefined for a single instance. */
  keys?: string[];
}

interface Template {
  source: string;
  blocks: Block[];
  calls: Call[];
}

const REPLICA: Template = {
  source: './modules/replica',
  blocks: [
    { type: 'aws_s3_bucket', name: 'replica' },
    { type: 'aws_s3_bucket_replication_configuration', name: 'this' },
    { type: 'aws_iam_role', name: 'replication' },
  ],
  calls: [],
};

const STORAGE: Template = {
  source: './modules/storage',
  blocks: [
    { type: 'aws_iam_policy_document', name: 'bucket', data: true },
    { type: 'aws_s3_bucket', name: 'this' },
    { type: 'aws_s3_bucket_versioning', name: 'this' },
    {
      type: 'aws_s3_bucket_server_side_encryption_configuration',
      name: 'this',
    },
    { type: 'aws_s3_bucket_policy', name: 'this' },
    { type: 'aws_kms_key', name: 'this' },
  ],
  calls: [{ name: 'replica', template: REPLICA }],
};

const SERVICE: Template = {
  source: 'app.terraform.io/acme/service/aws',
  blocks: [
    { type: 'aws_iam_role', name: 'task' },
    { type: 'aws_iam_role_policy_attachment', name: 'managed', count: 3 },
    { type: 'aws_security_group', name: 'service' },
    { type: 'aws_security_group_rule', name: 'ingress', count: 6 },
    { type: 'aws_instance', name: 'worker' },
    { type: 'aws_lb_target_group', name: 'http' },
    { type: 'aws_cloudwatch_metric_alarm', name: 'alarm', count: 3 },
    { type: 'aws_lambda_function', name: 'handler' },
    { type: 'aws_db_instance', name: 'db' },
    { type: 'random_password', name: 'db' },
    { type: 'aws_route53_record', name: 'dns', count: 2 },
  ],
  calls: [{ name: 'storage', template: STORAGE }],
};

const NETWORK: Template = {
  source: 'terraform-aws-modules/vpc/aws',
  blocks: [
    { type: 'aws_vpc', name: 'this' },
    { type: 'aws_subnet', name: 'private', count: 6 },
    { type: 'aws_subnet', name: 'public', count: 3 },
    { type: 'aws_route_table', name: 'private', count: 3 },
    { type: 'aws_route_table_association', name: 'private', count: 6 },
    { type: 'aws_eip', name: 'nat', count: 3 },
    { type: 'aws_nat_gateway', name: 'this', count: 3 },
    { type: 'aws_security_group', name: 'default' },
  ],
  calls: [],
};

function rootTemplate(serviceKeys: string[]): Template {
  return {
    source: '',
    blocks: [
      { type: 'aws_caller_identity', name: 'current', data: true },
      { type: 'aws_region', name: 'current', data: true },
      { type: 'aws_route53_zone', name: 'main' },
      { type: 'aws_kms_key', name: 'main' },
      { type: 'aws_cloudtrail', name: 'main' },
    ],
    calls: [
      { name: 'network', template: NETWORK },
      { name: 'services', template: SERVICE, keys: serviceKeys },
    ],
  };
}

/** How many resource instances a module instance of `t` holds, children included. */
function instanceCount(t: Template): number {
  let n = 0;
  for (const b of t.blocks) n += b.count ?? 1;
  for (const c of t.calls)
    n += instanceCount(c.template) * (c.keys?.length ?? 1);
  return n;
}

interface ResourceRef {
  /** Global position: seeds everything about the resource. */
  g: number;
  block: Block;
  /** Index key for count (number) or none. */
  index?: number;
}

interface ModuleInstance {
  /** `module.services["api"].module.storage`, or '' for the root. */
  address: string;
  resources: ResourceRef[];
  children: ModuleInstance[];
}

/** Lays out module instances depth-first, numbering resources, stopping at `limit`. */
function layout(
  t: Template,
  address: string,
  next: { g: number },
  limit: number,
): ModuleInstance {
  const resources: ResourceRef[] = [];
  for (const block of t.blocks) {
    const count = block.count;
    for (let i = 0; i < (count ?? 1); i++) {
      if (next.g >= limit) break;
      resources.push({
        g: next.g++,
        block,
        index: count === undefined ? undefined : i,
      });
    }
  }
  const children: ModuleInstance[] = [];
  for (const call of t.calls) {
    for (const key of call.keys ?? [undefined]) {
      if (next.g >= limit) break;
      const child = `${address ? `${address}.` : ''}module.${call.name}${
        key === undefined ? '' : `[${JSON.stringify(key)}]`
      }`;
      children.push(layout(call.template, child, next, limit));
    }
  }
  return { address, resources, children };
}

// ---------------------------------------------------------------------------
// Resources

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Obj = { [key: string]: Json };

const TEAMS = [
  'payments',
  'checkout',
  'search',
  'platform',
  'data',
  'identity',
  'growth',
];
const NOTES = [
  'managed by terraform',
  'owned by the platform team',
  'Équipe données — coût partagé',
  'Zürich office',
  '東京リージョン移行',
  'rollout 🚀 phase 2',
  'see "runbook" \\ wiki',
];

interface Ctx {
  scale: number;
  account: string;
  region: string;
}

function tags(rng: Rng, ctx: Ctx, name: string, module: string): Obj {
  const t: Obj = {
    Name: name,
    Team: pick(rng, TEAMS),
    Environment: 'production',
    CostCenter: `cc-${int(rng, 1000, 9999)}`,
  };
  if (module === '') t.ManagedBy = 'terraform';
  if (rng() < 0.3) t.Note = pick(rng, NOTES);
  for (let i = 0; i < Math.round(4 * (ctx.scale - 1)); i++) {
    t[`extra:${i}`] = hex(rng, 12);
  }
  return t;
}

function policy(rng: Rng, ctx: Ctx, service: string): string {
  const statements = [];
  const n = Math.max(1, Math.round(int(rng, 1, 3) * ctx.scale));
  for (let i = 0; i < n; i++) {
    statements.push({
      Sid: `Stmt${i}${hex(rng, 6)}`,
      Effect: 'Allow',
      Action: ['s3:GetObject', 's3:PutObject', 'kms:Decrypt'].slice(
        0,
        int(rng, 1, 3),
      ),
      Resource: [`arn:aws:s3:::${service}-${hex(rng, 8)}/*`],
      Condition: { StringEquals: { 'aws:PrincipalAccount': ctx.account } },
    });
  }
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

/** Attribute values of a resource, as a provider would report them once applied. */
function attributes(
  type: string,
  rng: Rng,
  ctx: Ctx,
  name: string,
  module: string,
): Obj {
  const id = hex(rng, 17);
  const arnOf = (service: string, resource: string) =>
    `arn:aws:${service}:${ctx.region}:${ctx.account}:${resource}`;
  const t = tags(rng, ctx, name, module);
  switch (type) {
    case 'aws_instance':
      return {
        ami: `ami-${hex(rng, 17)}`,
        arn: arnOf('ec2', `instance/i-${id}`),
        associate_public_ip_address: false,
        availability_zone: `${ctx.region}${pick(rng, ['a', 'b', 'c'])}`,
        capacity_reservation_specification: [
          {
            capacity_reservation_preference: 'open',
            capacity_reservation_target: [],
          },
        ],
        cpu_core_count: 2,
        cpu_options: [{ amd_sev_snp: '', core_count: 2, threads_per_core: 2 }],
        credit_specification: [],
        disable_api_stop: false,
        disable_api_termination: false,
        ebs_block_device: [],
        ebs_optimized: true,
        enclave_options: [{ enabled: false }],
        ephemeral_block_device: [],
        get_password_data: false,
        hibernation: false,
        host_id: '',
        iam_instance_profile: `${name}-profile`,
        id: `i-${id}`,
        instance_initiated_shutdown_behavior: 'stop',
        instance_state: 'running',
        instance_type: pick(rng, [
          't3.medium',
          'm6i.large',
          'c6i.xlarge',
          'r6i.2xlarge',
        ]),
        ipv6_address_count: 0,
        ipv6_addresses: [],
        key_name: '',
        launch_template: [],
        maintenance_options: [{ auto_recovery: 'default' }],
        metadata_options: [
          {
            http_endpoint: 'enabled',
            http_protocol_ipv6: 'disabled',
            http_put_response_hop_limit: 2,
            http_tokens: 'required',
            instance_metadata_tags: 'disabled',
          },
        ],
        monitoring: true,
        network_interface: [],
        outpost_arn: '',
        password_data: '',
        placement_group: '',
        primary_network_interface_id: `eni-${hex(rng, 17)}`,
        private_dns: `ip-10-${int(rng, 0, 255)}-${int(rng, 0, 255)}-${int(
          rng,
          1,
          254,
        )}.${ctx.region}.compute.internal`,
        private_dns_name_options: [
          {
            enable_resource_name_dns_a_record: false,
            enable_resource_name_dns_aaaa_record: false,
            hostname_type: 'ip-name',
          },
        ],
        private_ip: `10.${int(rng, 0, 255)}.${int(rng, 0, 255)}.${int(
          rng,
          1,
          254,
        )}`,
        public_dns: '',
        public_ip: '',
        root_block_device: [
          {
            delete_on_termination: true,
            device_name: '/dev/xvda',
            encrypted: true,
            iops: 3000,
            kms_key_id: arnOf('kms', `key/${hex(rng, 32)}`),
            tags: {},
            throughput: 125,
            volume_id: `vol-${hex(rng, 17)}`,
            volume_size: pick(rng, [20, 50, 100, 200]),
            volume_type: 'gp3',
          },
        ],
        secondary_private_ips: [],
        security_groups: [],
        source_dest_check: true,
        subnet_id: `subnet-${hex(rng, 17)}`,
        tags: t,
        tags_all: t,
        tenancy: 'default',
        timeouts: null,
        user_data: Buffer.from(
          `#!/bin/bash\n${'echo provisioning\n'.repeat(
            Math.round(4 * ctx.scale),
          )}`,
        ).toString('base64'),
        user_data_base64: null,
        user_data_replace_on_change: false,
        volume_tags: null,
        vpc_security_group_ids: [`sg-${hex(rng, 17)}`, `sg-${hex(rng, 17)}`],
      };
    case 'aws_iam_role':
      return {
        arn: arnOf('iam', `role/${name}`).replace(`:${ctx.region}:`, '::'),
        assume_role_policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { Service: 'ecs-tasks.amazonaws.com' },
              Action: 'sts:AssumeRole',
            },
          ],
        }),
        create_date: '2024-03-01T10:00:00Z',
        description: rng() < 0.2 ? pick(rng, NOTES) : '',
        force_detach_policies: false,
        id: name,
        inline_policy: [{ name: 'inline', policy: policy(rng, ctx, name) }],
        managed_policy_arns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
        max_session_duration: 3600,
        name,
        name_prefix: '',
        path: '/',
        permissions_boundary: null,
        tags: t,
        tags_all: t,
        unique_id: `AROA${hex(rng, 17).toUpperCase()}`,
      };
    case 'aws_security_group': {
      const rule = (port: number) => ({
        cidr_blocks: ['10.0.0.0/8'],
        description: `port ${port}`,
        from_port: port,
        ipv6_cidr_blocks: [],
        prefix_list_ids: [],
        protocol: 'tcp',
        security_groups: [],
        self: false,
        to_port: port,
      });
      return {
        arn: arnOf('ec2', `security-group/sg-${id}`),
        description: 'Managed by Terraform',
        egress: [{ ...rule(0), protocol: '-1', cidr_blocks: ['0.0.0.0/0'] }],
        id: `sg-${id}`,
        ingress: [443, 8080, 9090].slice(0, int(rng, 1, 3)).map(rule),
        name,
        name_prefix: '',
        owner_id: ctx.account,
        revoke_rules_on_delete: false,
        tags: t,
        tags_all: t,
        timeouts: null,
        vpc_id: `vpc-${hex(rng, 17)}`,
      };
    }
    case 'aws_db_instance':
      return {
        address: `${name}.${hex(rng, 12)}.${ctx.region}.rds.amazonaws.com`,
        allocated_storage: 100,
        arn: arnOf('rds', `db:${name}`),
        backup_retention_period: 7,
        backup_window: '03:00-04:00',
        db_name: 'app',
        deletion_protection: true,
        engine: 'postgres',
        engine_version: pick(rng, ['15.5', '16.1', '16.3']),
        id: `db-${hex(rng, 26).toUpperCase()}`,
        instance_class: pick(rng, ['db.r6g.large', 'db.t4g.medium']),
        kms_key_id: arnOf('kms', `key/${hex(rng, 32)}`),
        multi_az: true,
        parameter_group_name: 'default.postgres16',
        password: `P@ss-${hex(rng, 20)}`,
        performance_insights_enabled: true,
        port: 5432,
        storage_encrypted: true,
        storage_type: 'gp3',
        tags: t,
        tags_all: t,
        username: 'app_admin',
        vpc_security_group_ids: [`sg-${hex(rng, 17)}`],
      };
    case 'random_password':
      return {
        bcrypt_hash: `$2a$10$${hex(rng, 53)}`,
        id: 'none',
        keepers: null,
        length: 32,
        lower: true,
        min_lower: 0,
        min_numeric: 0,
        min_special: 0,
        min_upper: 0,
        number: true,
        numeric: true,
        override_special: '!#$%&*()-_=+[]{}<>:?',
        result: hex(rng, 32),
        special: true,
        upper: true,
      };
    case 'aws_lambda_function':
      return {
        architectures: ['arm64'],
        arn: arnOf('lambda', `function:${name}`),
        dead_letter_config: [],
        description: pick(rng, NOTES),
        environment: [
          {
            variables: {
              LOG_LEVEL: 'info',
              API_TOKEN: hex(rng, 40),
              QUEUE_URL: `https://sqs.${ctx.region}.amazonaws.com/${ctx.account}/${name}`,
            },
          },
        ],
        ephemeral_storage: [{ size: 512 }],
        filename: null,
        function_name: name,
        handler: 'index.handler',
        id: name,
        image_uri: '',
        invoke_arn: `arn:aws:apigateway:${ctx.region}:lambda:path/2015-03-31/functions/${name}/invocations`,
        last_modified: '2024-05-02T08:00:00.000+0000',
        layers: [],
        memory_size: pick(rng, [128, 256, 512, 1024]),
        package_type: 'Zip',
        qualified_arn: arnOf('lambda', `function:${name}:${int(rng, 1, 90)}`),
        role: arnOf('iam', `role/${name}`),
        runtime: 'nodejs20.x',
        s3_bucket: 'acme-artifacts',
        s3_key: `lambda/${name}/${hex(rng, 40)}.zip`,
        source_code_hash: Buffer.from(hex(rng, 32), 'hex').toString('base64'),
        source_code_size: int(rng, 10000, 9000000),
        tags: t,
        tags_all: t,
        timeout: 30,
        tracing_config: [{ mode: 'Active' }],
        version: String(int(rng, 1, 90)),
        vpc_config: [],
      };
    case 'aws_s3_bucket':
      return {
        acceleration_status: '',
        arn: `arn:aws:s3:::${name}-${hex(rng, 8)}`,
        bucket: `${name}-${hex(rng, 8)}`,
        bucket_domain_name: `${name}.s3.amazonaws.com`,
        bucket_prefix: '',
        bucket_regional_domain_name: `${name}.s3.${ctx.region}.amazonaws.com`,
        cors_rule: [],
        force_destroy: false,
        grant: [
          {
            id: hex(rng, 64),
            permissions: ['FULL_CONTROL'],
            type: 'CanonicalUser',
            uri: '',
          },
        ],
        hosted_zone_id: 'Z1BKCTXD74EZPE',
        id: `${name}-${hex(rng, 8)}`,
        lifecycle_rule: [],
        logging: [],
        object_lock_enabled: false,
        policy: '',
        region: ctx.region,
        replication_configuration: [],
        request_payer: 'BucketOwner',
        server_side_encryption_configuration: [
          {
            rule: [
              {
                apply_server_side_encryption_by_default: [
                  { kms_master_key_id: '', sse_algorithm: 'aws:kms' },
                ],
                bucket_key_enabled: true,
              },
            ],
          },
        ],
        tags: t,
        tags_all: t,
        timeouts: null,
        versioning: [{ enabled: true, mfa_delete: false }],
        website: [],
      };
    case 'aws_s3_bucket_policy':
      return {
        bucket: `${name}-${hex(rng, 8)}`,
        id: `${name}-${hex(rng, 8)}`,
        policy: policy(rng, ctx, name),
      };
    case 'aws_iam_policy_document':
      return {
        id: String(int(rng, 100000000, 999999999)),
        json: policy(rng, ctx, name),
        minified_json: policy(rng, ctx, name),
        override_policy_documents: null,
        policy_id: null,
        source_policy_documents: null,
        statement: [
          {
            actions: ['s3:GetObject'],
            condition: [],
            effect: 'Allow',
            not_actions: [],
            not_principals: [],
            not_resources: [],
            principals: [{ identifiers: [ctx.account], type: 'AWS' }],
            resources: [`arn:aws:s3:::${name}/*`],
            sid: '',
          },
        ],
        version: '2012-10-17',
      };
    case 'aws_cloudwatch_metric_alarm':
      return {
        actions_enabled: true,
        alarm_actions: [arnOf('sns', 'alerts')],
        alarm_description: `${pick(rng, [
          '5xx',
          'latency',
          'cpu',
        ])} alarm for ${name}`,
        alarm_name: `${name}-${hex(rng, 6)}`,
        arn: arnOf('cloudwatch', `alarm:${name}`),
        comparison_operator: 'GreaterThanThreshold',
        datapoints_to_alarm: 3,
        dimensions: { ServiceName: name, ClusterName: 'main' },
        evaluation_periods: 5,
        id: `${name}-${hex(rng, 6)}`,
        metric_name: pick(rng, [
          'CPUUtilization',
          'HTTPCode_Target_5XX_Count',
          'TargetResponseTime',
        ]),
        metric_query: [],
        namespace: 'AWS/ECS',
        ok_actions: [],
        period: 60,
        statistic: 'Average',
        tags: t,
        tags_all: t,
        threshold: Math.round(rng() * 1000) / 10,
        treat_missing_data: 'missing',
      };
    default: {
      // The many small resources: attachments, associations, records, …
      const attrs: Obj = {
        arn: arnOf(type.split('_')[1] ?? 'aws', `${type}/${id}`),
        id: `${type.split('_').slice(-1)[0]}-${id}`,
        name,
      };
      const extra = int(rng, 3, 8);
      for (let i = 0; i < extra; i++) {
        attrs[`setting_${i}`] = pick<Json>(rng, [
          true,
          false,
          null,
          int(rng, 0, 65535),
          hex(rng, 12),
          [hex(rng, 8), hex(rng, 8)],
          { key: hex(rng, 6), value: int(rng, 0, 100) },
        ]);
      }
      if (!type.endsWith('association') && !type.endsWith('attachment')) {
        attrs.tags = t;
        attrs.tags_all = t;
      }
      return attrs;
    }
  }
}

/** Attributes only known after apply, per type (left out of `after`, marked in after_unknown). */
const COMPUTED = [
  'id',
  'arn',
  'unique_id',
  'create_date',
  'address',
  'private_ip',
  'private_dns',
  'primary_network_interface_id',
  'qualified_arn',
  'version',
  'last_modified',
  'bcrypt_hash',
  'result',
];
const SENSITIVE = new Set(['password', 'result', 'bcrypt_hash', 'API_TOKEN']);

/** Terraform's sensitivity marks: the value's shape, `true` on sensitive attributes. */
function marks(value: Json, sensitive: boolean): Json {
  if (Array.isArray(value)) return value.map(v => marks(v, false));
  if (value !== null && typeof value === 'object') {
    const out: Obj = {};
    for (const [k, v] of Object.entries(value)) {
      if (sensitive && SENSITIVE.has(k)) out[k] = true;
      else if (v !== null && typeof v === 'object')
        out[k] = marks(v, sensitive);
    }
    return out;
  }
  return false;
}

type Action = string[];

const ACTIONS: [number, Action][] = [
  [0.55, ['no-op']],
  [0.2, ['update']],
  [0.12, ['create']],
  [0.045, ['delete']],
  [0.04, ['delete', 'create']],
  [0.01, ['create', 'delete']],
  [0.002, ['forget']],
];

interface Resource {
  address: string;
  module: string;
  type: string;
  name: string;
  index?: number;
  data: boolean;
  provider: string;
  actions: Action;
  before: Obj | null;
  after: Obj | null;
  afterUnknown: Obj;
  reason?: string;
  replacePaths?: Json[];
  drift?: Obj;
  previousAddress?: string;
}

/** Everything about resource `ref`, regenerated identically wherever it is written. */
function resource(
  ref: ResourceRef,
  module: string,
  ctx: Ctx,
  seed: number,
): Resource {
  const rng = prng(seed * 1_000_003 + ref.g);
  const { block } = ref;
  const local = `${block.data ? 'data.' : ''}${block.type}.${block.name}${
    ref.index === undefined ? '' : `[${ref.index}]`
  }`;
  const address = module ? `${module}.${local}` : local;
  const name = `${
    module.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '') || 'root'
  }-${block.name}${ref.index ?? ''}`.slice(0, 60);
  const provider = block.type.startsWith('random_')
    ? 'registry.terraform.io/hashicorp/random'
    : 'registry.terraform.io/hashicorp/aws';
  const current = attributes(block.type, rng, ctx, name, module);
  let actions: Action = ['no-op'];
  if (block.data) {
    actions = rng() < 0.3 ? ['read'] : ['no-op'];
  } else {
    let roll = rng();
    for (const [p, a] of ACTIONS) {
      if ((roll -= p) < 0) {
        actions = a;
        break;
      }
    }
  }
  const r: Resource = {
    address,
    module,
    type: block.type,
    name: block.name,
    index: ref.index,
    data: block.data === true,
    provider,
    actions,
    before: current,
    after: current,
    afterUnknown: {},
  };
  const key = actions.join(',');
  const unknownOf = (attrs: Obj): Obj => {
    const unknown = marks(attrs, false) as Obj;
    for (const k of COMPUTED) {
      if (k in attrs) {
        unknown[k] = true;
        delete attrs[k];
      }
    }
    return unknown;
  };
  if (key === 'create' || key === 'read') {
    r.before = null;
    r.after = { ...current };
    r.afterUnknown = unknownOf(r.after);
    if (key === 'read') r.reason = 'read_because_dependency_pending';
  } else if (key === 'delete' || key === 'forget') {
    r.after = null;
    if (rng() < 0.5)
      r.reason = pick(rng, [
        'delete_because_no_resource_config',
        'delete_because_count_index',
        'delete_because_each_key',
      ]);
  } else if (key === 'update') {
    const after: Obj = { ...current };
    const t = {
      ...(current.tags as Obj | undefined),
      Revision: `r${int(rng, 2, 40)}`,
    };
    if (current.tags) {
      after.tags = t;
      after.tags_all = t;
    }
    if ('instance_type' in current) after.instance_type = 'm7i.large';
    if ('memory_size' in current) after.memory_size = 2048;
    if ('threshold' in current) after.threshold = 95.5;
    if (!current.tags) after.setting_0 = 'changed';
    r.after = after;
  } else if (key === 'delete,create' || key === 'create,delete') {
    const after: Obj = { ...current };
    let path: Json = ['name'];
    if ('ami' in current) {
      after.ami = `ami-${hex(rng, 17)}`;
      path = ['ami'];
    } else if ('engine_version' in current) {
      after.engine_version = '17.0';
      path = ['engine_version'];
    } else if ('bucket' in current) {
      after.bucket = `${name}-renamed`;
      path = ['bucket'];
    } else {
      after.name = `${name}-v2`;
    }
    r.after = after;
    r.afterUnknown = unknownOf(after);
    r.replacePaths = [path];
    r.reason =
      rng() < 0.2 ? 'replace_because_tainted' : 'replace_because_cannot_update';
  }
  if (r.before && !block.data && rng() < 0.06) {
    // Changed outside Terraform: the refresh found other tags.
    r.drift = {
      ...r.before,
      tags: { ...(r.before.tags as Obj | undefined), ChangedBy: 'console' },
    };
  }
  if (rng() < 0.005 && r.before)
    r.previousAddress = address.replace(`.${block.name}`, `.${block.name}_old`);
  return r;
}

// ---------------------------------------------------------------------------
// Writing the document

const json = JSON.stringify;

function resourceHeader(r: Resource): string {
  return (
    `"address":${json(r.address)}` +
    (r.module ? `,"module_address":${json(r.module)}` : '') +
    `,"mode":${json(r.data ? 'data' : 'managed')},"type":${json(
      r.type,
    )},"name":${json(r.name)}` +
    (r.index === undefined ? '' : `,"index":${r.index}`) +
    `,"provider_name":${json(r.provider)}`
  );
}

/** A planned_values / prior_state resource. */
function stateResource(r: Resource, values: Obj): string {
  return `{${resourceHeader(r)},"schema_version":${
    r.type === 'aws_instance' ? 1 : 0
  },"values":${json(values)},"sensitive_values":${json(marks(values, true))}}`;
}

function changeEntry(
  r: Resource,
  actions: Action,
  before: Obj | null,
  after: Obj | null,
  afterUnknown: Json,
): string {
  let out =
    `{${resourceHeader(r)}` +
    (r.previousAddress
      ? `,"previous_address":${json(r.previousAddress)}`
      : '') +
    `,"change":{"actions":${json(actions)},"before":${json(
      before,
    )},"after":${json(after)}` +
    `,"after_unknown":${json(afterUnknown)},"before_sensitive":${json(
      before ? marks(before, true) : false,
    )}` +
    `,"after_sensitive":${json(after ? marks(after, true) : false)}`;
  if (r.replacePaths) out += `,"replace_paths":${json(r.replacePaths)}`;
  out += '}';
  if (r.reason) out += `,"action_reason":${json(r.reason)}`;
  return `${out}}`;
}

interface Options {
  resources: number;
  out: string;
  seed: number;
  scale: number;
}

const OUTPUTS = 24;

export interface Written {
  bytes: number;
  resourceChanges: number;
  drift: number;
  modules: number;
}

export function generatePlan(options: Options): Written {
  const { seed } = options;
  const ctx: Ctx = {
    scale: options.scale,
    account: '123456789012',
    region: 'eu-west-1',
  };
  const perService = instanceCount(SERVICE);
  const fixed = instanceCount(rootTemplate([]));
  const services = Math.max(
    1,
    Math.ceil((options.resources - fixed) / perService),
  );
  const keys = Array.from(
    { length: services },
    (_, i) =>
      `${pick(prng(seed + i), TEAMS)}-svc-${String(i).padStart(5, '0')}`,
  );
  const root = layout(rootTemplate(keys), '', { g: 0 }, options.resources);

  const w = new Writer(options.out);
  let changes = 0;
  let drift = 0;
  let modules = 0;

  const each = (m: ModuleInstance, visit: (r: Resource) => void): void => {
    for (const ref of m.resources) visit(resource(ref, m.address, ctx, seed));
    for (const child of m.children) each(child, visit);
  };

  /** A module tree (planned_values / prior_state), resources filtered by `values`. */
  const moduleTree = (
    m: ModuleInstance,
    values: (r: Resource) => Obj | null,
  ): void => {
    w.write('"resources":[');
    let first = true;
    for (const ref of m.resources) {
      const r = resource(ref, m.address, ctx, seed);
      const v = values(r);
      if (v === null) continue;
      w.write(`${first ? '' : ','}${stateResource(r, v)}`);
      first = false;
    }
    w.write(']');
    if (m.address) w.write(`,"address":${json(m.address)}`);
    if (m.children.length > 0) {
      w.write(',"child_modules":[');
      m.children.forEach((child, i) => {
        w.write(i === 0 ? '{' : ',{');
        moduleTree(child, values);
        w.write('}');
      });
      w.write(']');
    }
  };

  const outputValue = (i: number): Json =>
    i % 4 === 0
      ? {
          endpoint: `https://api-${i}.example.com`,
          ports: [443, 8443],
          labels: { tier: 'web', note: NOTES[i % NOTES.length] },
        }
      : i % 4 === 1
      ? [`subnet-${i}a`, `subnet-${i}b`, `subnet-${i}c`]
      : `value-${i}`;
  const outputSensitive = (i: number) => i % 6 === 5;
  const outputUnknown = (i: number) => i % 5 === 2;

  w.write(`{"format_version":"1.2","terraform_version":"1.9.5","variables":{`);
  w.write(
    [
      `"region":{"value":${json(ctx.region)}}`,
      `"environment":{"value":"production"}`,
      `"services":{"value":${json(keys.slice(0, 50))}}`,
      `"db_password":{"value":"correct-horse-battery-staple"}`,
      `"tags":{"value":{"Owner":"platform","CostCenter":"cc-1000"}}`,
    ].join(','),
  );
  // planned_values
  w.write('},"planned_values":{"outputs":{');
  for (let i = 0; i < OUTPUTS; i++) {
    const sensitive = outputSensitive(i);
    const unknown = outputUnknown(i);
    w.write(
      `${i ? ',' : ''}"output_${i}":{"sensitive":${sensitive}${
        unknown ? '' : `,"value":${json(outputValue(i))}`
      }${
        unknown
          ? ''
          : `,"type":${json(
              i % 4 === 1
                ? ['list', 'string']
                : i % 4 === 0
                ? ['object', { endpoint: 'string' }]
                : 'string',
            )}`
      }}`,
    );
  }
  w.write('},"root_module":{');
  moduleTree(root, r => (r.after === null ? null : r.after));
  // resource_drift
  w.write('}},"resource_drift":[');
  each(root, r => {
    if (!r.drift || !r.before) return;
    w.write(
      `${drift ? ',' : ''}${changeEntry(
        r,
        ['update'],
        r.before,
        r.drift,
        marks(r.drift, false),
      )}`,
    );
    drift++;
  });
  // resource_changes
  w.write('],"resource_changes":[');
  each(root, r => {
    w.write(
      `${changes ? ',' : ''}${changeEntry(
        r,
        r.actions,
        r.before,
        r.after,
        r.afterUnknown,
      )}`,
    );
    changes++;
  });
  // output_changes
  w.write('],"output_changes":{');
  for (let i = 0; i < OUTPUTS; i++) {
    const sensitive = outputSensitive(i);
    const unknown = outputUnknown(i);
    const actions =
      i % 7 === 3 ? ['update'] : i % 11 === 4 ? ['create'] : ['no-op'];
    const value = outputValue(i);
    w.write(
      `${i ? ',' : ''}"output_${i}":{"actions":${json(actions)},"before":${json(
        actions[0] === 'create' ? null : value,
      )},"after":${
        unknown ? 'null' : json(value)
      },"after_unknown":${unknown},"before_sensitive":${sensitive},"after_sensitive":${sensitive}}`,
    );
  }
  // prior_state
  w.write(
    '},"prior_state":{"format_version":"1.0","terraform_version":"1.9.5","values":{"outputs":{',
  );
  for (let i = 0; i < OUTPUTS; i++) {
    w.write(
      `${i ? ',' : ''}"output_${i}":{"sensitive":${outputSensitive(
        i,
      )},"value":${json(outputValue(i))}}`,
    );
  }
  w.write('},"root_module":{');
  moduleTree(root, r => r.drift ?? r.before);
  w.write('}}},');
  // configuration: once per module call, not per instance
  const config = (t: Template, prefix: string): void => {
    w.write('"resources":[');
    t.blocks.forEach((b, i) => {
      const address = `${b.data ? 'data.' : ''}${b.type}.${b.name}`;
      const providerKey = b.type.startsWith('random_')
        ? 'random'
        : `${prefix ? `${prefix}:` : ''}aws`;
      w.write(
        `${i ? ',' : ''}{"address":${json(address)},"mode":${json(
          b.data ? 'data' : 'managed',
        )},"type":${json(b.type)},"name":${json(
          b.name,
        )},"provider_config_key":${json(providerKey)},"expressions":${json({
          name: { references: ['var.name', 'local.prefix'] },
          tags: { references: ['local.tags'] },
          kms_key_id: {
            references: ['aws_kms_key.this.arn', 'aws_kms_key.this'],
          },
          lifecycle_note: { constant_value: NOTES[i % NOTES.length] },
        })},"schema_version":0${
          b.count ? `,"count_expression":{"constant_value":${b.count}}` : ''
        }}`,
      );
    });
    w.write(
      '],"variables":{"name":{"description":"Name prefix"},"tags":{"default":{},"description":"Extra tags"}}',
    );
    if (t.calls.length > 0) {
      w.write(',"module_calls":{');
      t.calls.forEach((c, i) => {
        w.write(
          `${i ? ',' : ''}${json(c.name)}:{"source":${json(
            c.template.source,
          )},"expressions":{"name":{"references":["var.name"]}}`,
        );
        if (c.keys)
          w.write(`,"for_each_expression":{"references":["var.services"]}`);
        w.write(',"module":{');
        config(c.template, prefix ? `${prefix}.${c.name}` : `module.${c.name}`);
        w.write('}}');
      });
      w.write('}');
    }
  };
  w.write(
    '"configuration":{"provider_config":{"aws":{"name":"aws","full_name":"registry.terraform.io/hashicorp/aws","version_constraint":"~> 5.40","expressions":{"region":{"references":["var.region"]}}},"random":{"name":"random","full_name":"registry.terraform.io/hashicorp/random"}},"root_module":{"outputs":{',
  );
  for (let i = 0; i < OUTPUTS; i++) {
    w.write(
      `${
        i ? ',' : ''
      }"output_${i}":{"expression":{"references":["module.services"]}${
        outputSensitive(i) ? ',"sensitive":true' : ''
      }}`,
    );
  }
  w.write('},');
  config(rootTemplate(keys), '');
  w.write(
    `}},"relevant_attributes":[{"resource":"module.network.aws_vpc.this","attribute":["id"]}],"timestamp":"2024-06-01T12:00:00Z","applyable":true,"complete":true,"errored":false}\n`,
  );
  w.close();
  const countModules = (m: ModuleInstance): number =>
    1 + m.children.reduce((n, c) => n + countModules(c), 0);
  modules = countModules(root) - 1;
  return { bytes: w.bytes, resourceChanges: changes, drift, modules };
}

function parseArgs(argv: string[]): Options {
  const options: Options = {
    resources: 10_000,
    out: 'plan.json',
    seed: 1,
    scale: 1,
  };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (value === undefined) throw new Error(`${flag}: missing value`);
    if (flag === '--resources') options.resources = Number(value);
    else if (flag === '--out') options.out = value;
    else if (flag === '--seed') options.seed = Number(value);
    else if (flag === '--scale') options.scale = Number(value);
    else throw new Error(`unknown option ${flag}`);
  }
  if (!Number.isInteger(options.resources) || options.resources < 1) {
    throw new Error('--resources: expected a positive integer');
  }
  return options;
}

if (require.main === module) {
  const options = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const written = generatePlan(options);
  process.stdout.write(
    `${JSON.stringify({
      ...written,
      file: options.out,
      seconds: (Date.now() - started) / 1000,
    })}\n`,
  );
}
