import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';

const ENTITY_REF = /^(user|group):([^:/]+\/)?[^:/]+$/i;

function describeActor(actor: string): string {
  if (actor === 'system') return 'TfPilot';
  if (actor.startsWith('executor:')) {
    return `${actor.slice('executor:'.length)} executor`;
  }
  if (actor.startsWith('service:')) {
    return `service ${actor.slice('service:'.length)}`;
  }
  return actor;
}

/**
 * Who did something: a link to the user or group in the catalog, or a
 * plain name for TfPilot itself, an executor or a calling service.
 */
export function ActorLink(props: { actor: string }) {
  const { actor } = props;
  if (ENTITY_REF.test(actor)) {
    return <EntityRefLink entityRef={actor} defaultKind="user" hideIcon />;
  }
  return (
    <Typography component="span" variant="inherit">
      {describeActor(actor)}
    </Typography>
  );
}
