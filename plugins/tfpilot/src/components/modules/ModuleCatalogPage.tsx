import {
  Content,
  ContentHeader,
  EmptyState,
  Header,
  LinkButton,
  Page,
  Progress,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { catalogApiRef, EntityRefLink } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Card from '@material-ui/core/Card';
import CardActions from '@material-ui/core/CardActions';
import CardContent from '@material-ui/core/CardContent';
import Chip from '@material-ui/core/Chip';
import Grid from '@material-ui/core/Grid';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { ApiErrorPanel } from '../common';
import {
  CatalogModule,
  filterModules,
  filterOptions,
  latestModules,
  MODULE_CATALOG_QUERY,
  ModuleFilters,
} from './moduleCatalog';
import { useEntityPath } from './links';
import { RequestModuleButton } from './RequestModuleButton';

const useStyles = makeStyles(theme => ({
  card: { height: '100%', display: 'flex', flexDirection: 'column' },
  content: { flexGrow: 1 },
  chip: { margin: theme.spacing(0, 0.5, 0.5, 0) },
  filter: { minWidth: 180 },
  actions: { padding: theme.spacing(1, 2, 2), gap: theme.spacing(1) },
}));

/** `group:default/platform` → `platform`; other namespaces and kinds stay. */
export function ownerLabel(owner: string): string {
  try {
    const ref = parseEntityRef(owner, { defaultKind: 'group' });
    const kind =
      ref.kind.toLocaleLowerCase('en-US') === 'group' ? '' : `${ref.kind}:`;
    const namespace = ref.namespace === 'default' ? '' : `${ref.namespace}/`;
    return `${kind}${namespace}${ref.name}`;
  } catch {
    return owner;
  }
}

function FilterSelect(props: {
  label: string;
  value: string;
  options: string[];
  onChange: (value: string) => void;
  format?: (value: string) => string;
}) {
  const classes = useStyles();
  const { label, value, options, onChange, format = v => v } = props;
  return (
    <TextField
      select
      label={label}
      value={value}
      onChange={event => onChange(event.target.value)}
      variant="outlined"
      size="small"
      className={classes.filter}
      id={`tfpilot-modules-filter-${label.toLocaleLowerCase('en-US')}`}
    >
      <MenuItem value="">All</MenuItem>
      {options.map(option => (
        <MenuItem key={option} value={option}>
          {format(option)}
        </MenuItem>
      ))}
    </TextField>
  );
}

function ModuleCard(props: { module: CatalogModule; forEntityRef?: string }) {
  const { module, forEntityRef } = props;
  const classes = useStyles();
  const entityPath = useEntityPath()(module.entity);
  return (
    <Card
      className={classes.card}
      variant="outlined"
      component="article"
      aria-label={module.title}
      data-testid="tfpilot-module-card"
    >
      <CardContent className={classes.content}>
        <Typography variant="h6" component="h2">
          {module.title}
        </Typography>
        <Typography variant="body2" color="textSecondary" gutterBottom>
          {module.spec.module} {module.spec.version}
          {module.versionCount > 1 && ` · ${module.versionCount} versions`}
          {module.owner && (
            <>
              {' · owned by '}
              <EntityRefLink
                entityRef={module.owner}
                defaultKind="group"
                hideIcon
              />
            </>
          )}
        </Typography>
        <Typography variant="body2" paragraph>
          {module.description}
        </Typography>
        <Box>
          {module.providers.map(provider => (
            <Chip
              key={`provider-${provider}`}
              label={provider}
              size="small"
              color="primary"
              variant="outlined"
              className={classes.chip}
            />
          ))}
          {module.tags.map(tag => (
            <Chip
              key={`tag-${tag}`}
              label={tag}
              size="small"
              className={classes.chip}
            />
          ))}
        </Box>
      </CardContent>
      <CardActions className={classes.actions}>
        {entityPath && (
          <LinkButton to={`${entityPath}/terraform`} variant="outlined">
            Details
          </LinkButton>
        )}
        <RequestModuleButton
          templateRef={module.spec.template}
          version={module.spec.version}
          forEntityRef={forEntityRef}
          label="Request"
        />
      </CardActions>
    </Card>
  );
}

/**
 * The module catalog: the latest version of every TfPilot module in the
 * software catalog, searchable and filtered by provider, tag and owner,
 * each with its page and its request form. Without a page frame: the new
 * frontend system shows it as the "Modules" tab of TfPilot's page.
 */
export function ModuleCatalogContent() {
  const catalogApi = useApi(catalogApiRef);
  const [searchParams] = useSearchParams();
  const forEntityRef = searchParams.get('entityRef') ?? undefined;
  const [filters, setFilters] = useState<ModuleFilters>({});
  const { value, loading, error, retry } = useAsyncRetry(async () => {
    const response = await catalogApi.getEntities(MODULE_CATALOG_QUERY);
    return latestModules(response.items);
  }, [catalogApi]);
  const modules = useMemo(() => value ?? [], [value]);
  const options = useMemo(() => filterOptions(modules), [modules]);
  const shown = useMemo(
    () => filterModules(modules, filters),
    [modules, filters],
  );
  const setFilter = (key: keyof ModuleFilters) => (text: string) =>
    setFilters(previous => ({ ...previous, [key]: text || undefined }));
  const filtered = Object.values(filters).some(Boolean);

  let body;
  if (loading && !value) {
    body = <Progress />;
  } else if (error) {
    body = (
      <ApiErrorPanel
        title="Could not load the Terraform modules from the software catalog"
        error={error}
        onRetry={retry}
      />
    );
  } else if (modules.length === 0) {
    body = (
      <EmptyState
        missing="content"
        title="No Terraform modules in the catalog yet"
        description="TfPilot's catalog module publishes every module folder with a tfpilot.yaml found in tfpilot.catalog.modulesDir or tfpilot.catalog.sources; check those settings and the catalog's log (Skipped TfPilot module …)."
        action={
          <Button variant="outlined" onClick={retry}>
            Reload
          </Button>
        }
      />
    );
  } else {
    body = (
      <>
        <Box display="flex" flexWrap="wrap" gridGap={16} mb={3} role="search">
          <TextField
            label="Search modules"
            value={filters.text ?? ''}
            onChange={event => setFilter('text')(event.target.value)}
            variant="outlined"
            size="small"
            inputProps={{ 'aria-label': 'Search modules' }}
          />
          <FilterSelect
            label="Provider"
            value={filters.provider ?? ''}
            options={options.providers}
            onChange={setFilter('provider')}
          />
          <FilterSelect
            label="Tag"
            value={filters.tag ?? ''}
            options={options.tags}
            onChange={setFilter('tag')}
          />
          <FilterSelect
            label="Owner"
            value={filters.owner ?? ''}
            options={options.owners}
            onChange={setFilter('owner')}
            format={ownerLabel}
          />
          {filtered && (
            <Button onClick={() => setFilters({})}>Clear filters</Button>
          )}
        </Box>
        <Typography variant="body2" color="textSecondary" gutterBottom>
          {shown.length} of {modules.length} module
          {modules.length === 1 ? '' : 's'}
        </Typography>
        {shown.length === 0 ? (
          <EmptyState
            missing="data"
            title="No module matches these filters"
            action={
              <Button variant="outlined" onClick={() => setFilters({})}>
                Clear filters
              </Button>
            }
          />
        ) : (
          <Grid container spacing={3}>
            {shown.map(module => (
              <Grid item xs={12} md={6} lg={4} key={module.entityRef}>
                <ModuleCard module={module} forEntityRef={forEntityRef} />
              </Grid>
            ))}
          </Grid>
        )}
      </>
    );
  }

  return (
    <>
      <ContentHeader
        title="Terraform modules"
        description="The platform's modules: pick one, fill in its form, and TfPilot plans, approves and applies it."
      />
      {forEntityRef && (
        <Box mb={2}>
          <Typography variant="body2">
            Requesting for <EntityRefLink entityRef={forEntityRef} />: the
            request form starts with it filled in.
          </Typography>
        </Box>
      )}
      {body}
    </>
  );
}

/** The module catalog as a page of its own (legacy apps mount it at /tfpilot/modules). */
export function ModuleCatalogPage() {
  return (
    <Page themeId="tool">
      <Header
        title="Terraform modules"
        subtitle="Self-service Terraform and OpenTofu through TfPilot"
      />
      <Content>
        <ModuleCatalogContent />
      </Content>
    </Page>
  );
}
