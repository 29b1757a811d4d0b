import {
  EmptyState,
  InfoCard,
  Link,
  MarkdownContent,
  StructuredMetadataTable,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { Entity } from '@backstage/catalog-model';
import { EntityRefLink, useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Grid from '@material-ui/core/Grid';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  formatModuleType,
  formatModuleValue,
} from '@tfpilot/backstage-plugin-tfpilot-common';
import {
  ModuleInput,
  ModuleOutputInfo,
  ModuleSpec,
  moduleVersionEntityRef,
  readModuleSpec,
} from './moduleSpec';
import { RequestModuleButton } from './RequestModuleButton';

const useStyles = makeStyles(theme => ({
  code: {
    fontFamily: 'monospace',
    fontSize: '0.85em',
    wordBreak: 'break-word',
  },
  chip: { margin: theme.spacing(0, 0.5, 0.5, 0) },
  validation: { display: 'block', marginTop: theme.spacing(0.5) },
}));

/** Links in a README are relative to the module's folder; only web links are kept. */
export function readmeLink(href: string, base?: string): string {
  if (!href.trim()) return '';
  if (href.startsWith('#')) return href;
  try {
    const url = base
      ? new URL(href, `${base.replace(/\/?$/, '/')}`)
      : new URL(href);
    return ['http:', 'https:', 'mailto:'].includes(url.protocol)
      ? url.toString()
      : '';
  } catch {
    return '';
  }
}

/** Why a version cannot be requested, when its entity names no template. */
function unavailableReason(spec: ModuleSpec): string {
  if (spec.latest) {
    return 'No request form is generated for this module: one of its required inputs cannot be asked in a form (see the catalog log).';
  }
  const latest = spec.versions[0];
  return `Version ${spec.version} takes other inputs than the latest${
    latest ? ` (${latest})` : ''
  }, so the request form does not offer it: request the latest version instead.`;
}

function defaultText(input: ModuleInput): string {
  if (input.sensitive && input.hasDefault) return '(sensitive)';
  if (!input.hasDefault) return '—';
  if (input.defaultIsExpression) return 'computed by the module';
  return formatModuleValue(input.default);
}

/** Types longer than this fold away behind their first characters. */
const LONG_TYPE = 60;

/** A type in Terraform syntax; a long `object({...})` folds into a <details>. */
function TypeText(props: { text: string }) {
  const classes = useStyles();
  const { text } = props;
  if (text.length <= LONG_TYPE) {
    return <span className={classes.code}>{text}</span>;
  }
  return (
    <details>
      <summary className={classes.code}>
        {text.slice(0, LONG_TYPE - 20)}…
      </summary>
      <span className={classes.code}>{text}</span>
    </details>
  );
}

/** Required inputs first, then by name: what a requester must answer leads. */
function requiredFirst(a: ModuleInput, b: ModuleInput): number {
  if (a.required !== b.required) return a.required ? -1 : 1;
  return a.name.localeCompare(b.name);
}

/** The module's inputs: name, type, default, required, sensitive, description. */
export function ModuleInputsTable(props: { inputs: ModuleInput[] }) {
  const classes = useStyles();
  const { inputs } = props;
  if (inputs.length === 0) {
    return (
      <InfoCard title="Inputs">
        <Typography variant="body2">This module takes no inputs.</Typography>
      </InfoCard>
    );
  }
  const columns: TableColumn<ModuleInput>[] = [
    {
      title: 'Name',
      field: 'name',
      render: input => <span className={classes.code}>{input.name}</span>,
      cellStyle: { whiteSpace: 'nowrap' },
    },
    {
      title: 'Type',
      field: 'typeSpec',
      render: input => (
        <TypeText
          text={input.typeSpec ? formatModuleType(input.typeSpec) : 'any'}
        />
      ),
    },
    {
      title: 'Default',
      field: 'default',
      render: input => (
        <span className={classes.code}>{defaultText(input)}</span>
      ),
    },
    {
      title: 'Required',
      field: 'required',
      render: input => (input.required ? 'yes' : 'no'),
    },
    {
      title: 'Sensitive',
      field: 'sensitive',
      render: input => (input.sensitive ? 'yes' : 'no'),
    },
    {
      title: 'Description',
      field: 'description',
      width: '40%',
      render: input => (
        <>
          {input.description ?? ''}
          {input.validations.map(validation => (
            <Typography
              key={validation.condition}
              variant="caption"
              color="textSecondary"
              className={classes.validation}
            >
              Must hold: {validation.errorMessage}
            </Typography>
          ))}
        </>
      ),
    },
  ];
  const many = inputs.length > 25;
  return (
    <Table<ModuleInput>
      title="Inputs"
      subtitle={`${inputs.length} variable${inputs.length === 1 ? '' : 's'}, ${
        inputs.filter(input => input.required).length
      } required`}
      columns={columns}
      data={[...inputs].sort(requiredFirst)}
      options={{
        paging: many,
        pageSize: 25,
        search: inputs.length > 10,
        padding: 'dense',
        draggable: false,
      }}
    />
  );
}

export function ModuleOutputsTable(props: { outputs: ModuleOutputInfo[] }) {
  const classes = useStyles();
  const { outputs } = props;
  if (outputs.length === 0) {
    return (
      <InfoCard title="Outputs">
        <Typography variant="body2">This module has no outputs.</Typography>
      </InfoCard>
    );
  }
  return (
    <Table<ModuleOutputInfo>
      title="Outputs"
      columns={[
        {
          title: 'Name',
          field: 'name',
          render: output => <span className={classes.code}>{output.name}</span>,
        },
        { title: 'Description', field: 'description' },
        {
          title: 'Sensitive',
          field: 'sensitive',
          render: output => (output.sensitive ? 'yes' : 'no'),
        },
      ]}
      data={outputs}
      options={{
        paging: outputs.length > 25,
        pageSize: 25,
        search: false,
        padding: 'dense',
        draggable: false,
      }}
    />
  );
}

/** Module, version, Terraform and providers, environments, source, and "Request". */
export function ModuleSummary(props: {
  entity: Entity;
  spec: ModuleSpec;
  forEntityRef?: string;
}) {
  const { entity, spec } = props;
  const classes = useStyles();
  const metadata: Record<string, unknown> = {
    module: spec.module,
    version: (
      <>
        {spec.version}{' '}
        {spec.latest && (
          <Chip label="latest" size="small" className={classes.chip} />
        )}
      </>
    ),
    terraform: spec.requiredVersion ?? 'any version',
    providers:
      spec.providers.length > 0
        ? spec.providers.map(provider =>
            [provider.source ?? provider.name, provider.versionConstraint]
              .filter(Boolean)
              .join(' '),
          )
        : 'none',
    environments:
      spec.environments.length > 0 ? spec.environments : 'every environment',
  };
  if (spec.source.url) {
    metadata.source = <Link to={spec.source.url}>{spec.source.url}</Link>;
  }
  return (
    <InfoCard title="Terraform module" subheader={entity.metadata.description}>
      <StructuredMetadataTable metadata={metadata} />
      <Box mt={2}>
        <RequestModuleButton
          templateRef={spec.template}
          version={spec.version}
          forEntityRef={props.forEntityRef}
          unavailableReason={unavailableReason(spec)}
        />
      </Box>
    </InfoCard>
  );
}

function ModuleVersions(props: { entity: Entity; spec: ModuleSpec }) {
  const { entity, spec } = props;
  return (
    <InfoCard title="Versions">
      <List dense disablePadding aria-label="Versions">
        {spec.versions.map((version, index) => (
          <ListItem key={version} disableGutters>
            <ListItemText
              primary={
                version === spec.version ? (
                  <strong>{version} (this page)</strong>
                ) : (
                  <EntityRefLink
                    entityRef={moduleVersionEntityRef(
                      entity,
                      spec.module,
                      version,
                    )}
                    hideIcon
                  >
                    {version}
                  </EntityRefLink>
                )
              }
              secondary={index === 0 ? 'latest' : undefined}
            />
          </ListItem>
        ))}
      </List>
    </InfoCard>
  );
}

function ModuleExamples(props: { spec: ModuleSpec }) {
  const { examples } = props.spec;
  return (
    <InfoCard title="Examples">
      {examples.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          This module has no examples.
        </Typography>
      ) : (
        <List dense disablePadding aria-label="Examples">
          {examples.map(example => (
            <ListItem key={example.name} disableGutters>
              <ListItemText
                primary={
                  example.url ? (
                    <Link to={example.url}>{example.name}</Link>
                  ) : (
                    example.name
                  )
                }
                secondary={example.description ?? example.path}
              />
            </ListItem>
          ))}
        </List>
      )}
    </InfoCard>
  );
}

function ModuleReadme(props: { spec: ModuleSpec }) {
  const { readme, source } = props.spec;
  if (!readme) {
    return (
      <InfoCard title="README">
        <Typography variant="body2" color="textSecondary">
          The catalog entry does not carry this module&apos;s README.
          {source.url && (
            <>
              {' '}
              Read it with <Link to={source.url}>the module&apos;s source</Link>
              .
            </>
          )}
        </Typography>
      </InfoCard>
    );
  }
  return (
    <InfoCard title="README">
      <MarkdownContent
        content={readme}
        dialect="gfm"
        linkTarget="_blank"
        transformLinkUri={href => readmeLink(href, source.url)}
        transformImageUri={href => readmeLink(href, source.url)}
      />
    </InfoCard>
  );
}

/**
 * The page of a module version: what it is and how to request it, its
 * inputs, outputs, versions, examples and README.
 */
export function ModuleEntityContent(props: { entity: Entity }) {
  const { entity } = props;
  const spec = readModuleSpec(entity);
  if (!spec.version) {
    return (
      <EmptyState
        missing="info"
        title="Not a TfPilot module version"
        description="This entity is typed terraform-module but carries no module version: TfPilot's catalog module publishes module entities with spec.tfpilot."
      />
    );
  }
  return (
    <Grid container spacing={3} alignItems="stretch">
      <Grid item xs={12} md={6} lg={4}>
        <ModuleSummary entity={entity} spec={spec} />
      </Grid>
      <Grid item xs={12} md={6} lg={4}>
        <ModuleVersions entity={entity} spec={spec} />
      </Grid>
      <Grid item xs={12} lg={4}>
        <ModuleExamples spec={spec} />
      </Grid>
      <Grid item xs={12}>
        <ModuleInputsTable inputs={spec.inputs} />
      </Grid>
      <Grid item xs={12}>
        <ModuleOutputsTable outputs={spec.outputs} />
      </Grid>
      <Grid item xs={12}>
        <ModuleReadme spec={spec} />
      </Grid>
    </Grid>
  );
}

/** Summary card of a module version for its entity's overview page. */
export function EntityTfpilotModuleCard() {
  const { entity } = useEntity();
  return <ModuleSummary entity={entity} spec={readModuleSpec(entity)} />;
}
