import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { PAGE_SIZES } from './listQuery';

/**
 * Cursor paging: the backend hands out a cursor for the next page only, so
 * "previous" walks back a stack of the cursors that led here.
 */
export function Pagination(props: {
  /** Unknown when the page came from a shared link with a cursor. */
  pageNumber?: number;
  shown: number;
  hasPrevious: boolean;
  hasNext: boolean;
  limit: number;
  disabled: boolean;
  onFirst: () => void;
  onPrevious: () => void;
  onNext: () => void;
  onLimit: (limit: number) => void;
}) {
  return (
    <Box
      display="flex"
      alignItems="center"
      justifyContent="flex-end"
      flexWrap="wrap"
      mt={1}
      style={{ gap: 8 }}
      component="nav"
      aria-label="Pages"
    >
      <Typography variant="body2" color="textSecondary">
        {props.pageNumber ? `Page ${props.pageNumber} · ` : ''}
        {props.shown} shown
      </Typography>
      <TextField
        select
        size="small"
        id="tfpilot-page-size"
        label="Per page"
        value={props.limit}
        onChange={e => props.onLimit(Number(e.target.value))}
        variant="outlined"
        style={{ minWidth: 100 }}
      >
        {PAGE_SIZES.map(size => (
          <MenuItem key={size} value={size}>
            {size}
          </MenuItem>
        ))}
      </TextField>
      <Button
        onClick={props.onFirst}
        disabled={props.disabled || !props.hasPrevious}
      >
        First
      </Button>
      <Button
        onClick={props.onPrevious}
        disabled={props.disabled || !props.hasPrevious}
      >
        Previous
      </Button>
      <Button
        onClick={props.onNext}
        disabled={props.disabled || !props.hasNext}
        variant="outlined"
        color="primary"
      >
        Next
      </Button>
    </Box>
  );
}
