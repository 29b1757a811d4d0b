import { identityApiRef, useApi } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';
import TextField from '@material-ui/core/TextField';
import Autocomplete from '@material-ui/lab/Autocomplete';
import { REQUEST_STATES } from '@tfpilot/backstage-plugin-tfpilot-common';
import { useEffect, useRef, useState } from 'react';
import useDebounce from 'react-use/esm/useDebounce';
import { tfpilotApiRef, RequestListFilter } from '../../../api/TfpilotApi';
import { statusLabel } from '../../common/RequestStatus';
import { isFiltered, sameFilter } from './listQuery';

/**
 * The value of an empty picker. One array for every render: the Autocomplete
 * clears what is being typed whenever its value changes identity.
 */
const NONE: string[] = [];

/** Filter changes wait this long for the next keystroke before the list refetches. */
export const FILTER_DEBOUNCE_MS = 400;

const useStyles = makeStyles(theme => ({
  bar: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(220px, 1fr))',
    gap: theme.spacing(2),
    alignItems: 'start',
    marginBottom: theme.spacing(2),
  },
  buttons: {
    display: 'flex',
    gap: theme.spacing(1),
    alignItems: 'center',
    minHeight: 40,
    '& button': { whiteSpace: 'nowrap' },
  },
}));

/**
 * Environment and module names to suggest, from `GET /metrics` — fetched
 * the first time someone opens one of those pickers, never up front.
 */
function useSuggestions() {
  const api = useApi(tfpilotApiRef);
  const [suggestions, setSuggestions] = useState<{
    environment: string[];
    module: string[];
  }>({ environment: [], module: [] });
  const asked = useRef(false);
  const load = () => {
    if (asked.current) return;
    asked.current = true;
    api
      .getMetrics()
      .then(metrics =>
        setSuggestions({
          environment: Object.keys(metrics.byEnvironment).sort(),
          module: Object.keys(metrics.byModule).sort(),
        }),
      )
      .catch(() => {
        // Suggestions only: free text still works.
      });
  };
  return { suggestions, load };
}

function ListPicker(props: {
  label: string;
  values: string[];
  options: readonly string[];
  freeSolo?: boolean;
  placeholder?: string;
  getLabel?: (value: string) => string;
  onOpen?: () => void;
  onChange: (values: string[]) => void;
}) {
  const { getLabel = (v: string) => v } = props;
  return (
    <Autocomplete<string, true, false, boolean>
      multiple
      freeSolo={props.freeSolo}
      autoSelect={props.freeSolo}
      size="small"
      options={[...props.options]}
      value={props.values}
      onOpen={props.onOpen}
      getOptionLabel={getLabel}
      onChange={(_, values) =>
        props.onChange(
          [...new Set(values.map(v => String(v).trim()))].filter(Boolean),
        )
      }
      renderTags={(values, getTagProps) =>
        values.map((value, index) => (
          <Chip
            {...getTagProps({ index })}
            key={value}
            size="small"
            label={getLabel(value)}
          />
        ))
      }
      renderInput={params => (
        <TextField
          {...params}
          variant="outlined"
          label={props.label}
          placeholder={props.values.length ? undefined : props.placeholder}
        />
      )}
    />
  );
}

/**
 * Server-side filters of the request list. Edits are kept here and handed
 * on after {@link FILTER_DEBOUNCE_MS} of quiet, so typing does not fire a
 * request per keystroke; the URL (and so the list) follows.
 */
export function RequestFilters(props: {
  filter: RequestListFilter;
  onChange: (filter: RequestListFilter) => void;
}) {
  const { filter, onChange } = props;
  const classes = useStyles();
  const identityApi = useApi(identityApiRef);
  const { suggestions, load } = useSuggestions();
  const [draft, setDraft] = useState<RequestListFilter>(filter);
  const [me, setMe] = useState<string>();

  useEffect(() => {
    let live = true;
    identityApi
      .getBackstageIdentity()
      .then(identity => live && setMe(identity.userEntityRef))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [identityApi]);

  // Back/forward or a shared link changed the URL: show its filters.
  useEffect(() => {
    setDraft(current => (sameFilter(current, filter) ? current : filter));
  }, [filter]);

  useDebounce(
    () => {
      if (!sameFilter(draft, filter)) onChange(draft);
    },
    FILTER_DEBOUNCE_MS,
    [draft],
  );

  const set = (key: keyof RequestListFilter) => (values: string[]) =>
    setDraft(current => ({ ...current, [key]: values }));
  const mine = Boolean(
    me && draft.owner?.length === 1 && draft.owner[0] === me,
  );

  return (
    <Box className={classes.bar} component="section" aria-label="Filters">
      <ListPicker
        label="Status"
        values={draft.status ?? NONE}
        options={REQUEST_STATES}
        getLabel={value =>
          statusLabel(value as (typeof REQUEST_STATES)[number])
        }
        onChange={set('status')}
      />
      <ListPicker
        label="Environment"
        values={draft.environment ?? NONE}
        options={suggestions.environment}
        freeSolo
        placeholder="dev, prod…"
        onOpen={load}
        onChange={set('environment')}
      />
      <ListPicker
        label="Module"
        values={draft.module ?? NONE}
        options={suggestions.module}
        freeSolo
        onOpen={load}
        onChange={set('module')}
      />
      <ListPicker
        label="Owner"
        values={draft.owner ?? NONE}
        options={me ? [me] : []}
        freeSolo
        placeholder="user:default/jane"
        onChange={set('owner')}
      />
      <ListPicker
        label="Entity"
        values={draft.entityRef ?? NONE}
        options={[]}
        freeSolo
        placeholder="component:default/checkout"
        onChange={set('entityRef')}
      />
      <Box className={classes.buttons}>
        {me && (
          <Button
            variant={mine ? 'contained' : 'outlined'}
            color="primary"
            size="small"
            aria-pressed={mine}
            onClick={() =>
              setDraft(current => ({ ...current, owner: mine ? [] : [me] }))
            }
          >
            My requests
          </Button>
        )}
        {isFiltered(draft) && (
          <Button size="small" onClick={() => setDraft({})}>
            Clear filters
          </Button>
        )}
      </Box>
    </Box>
  );
}
