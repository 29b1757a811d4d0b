import { formatAbsolute, formatRelative } from './time';

/** A point in time as "5 minutes ago", exact in its tooltip. */
export function Timestamp(props: { at: string }) {
  return (
    <time dateTime={props.at} title={formatAbsolute(props.at)}>
      {formatRelative(props.at)}
    </time>
  );
}
