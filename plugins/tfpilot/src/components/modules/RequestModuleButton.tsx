import { LinkButton } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { TemplateFormData, useTemplateLink } from './links';

/**
 * Opens the module's generated Template in the scaffolder, with the module
 * version (and the entity to request it for, when known) filled in. Without
 * a template, a disabled button says why.
 */
export function RequestModuleButton(props: {
  /** `spec.tfpilot.template` of the module-version entity. */
  templateRef?: string;
  version?: string;
  /** The entity the request would serve, when the page knows it. */
  forEntityRef?: string;
  /** Why there is no template, when `templateRef` is absent. */
  unavailableReason?: string;
  label?: string;
  size?: 'small' | 'medium';
}) {
  const { templateRef, version, forEntityRef, size = 'medium' } = props;
  const label = props.label ?? 'Request this module';
  const templateLink = useTemplateLink();
  const formData: TemplateFormData = {};
  if (version) formData.version = version;
  if (forEntityRef) formData.entityRef = forEntityRef;
  const to = templateRef ? templateLink(templateRef, formData) : undefined;

  if (to) {
    return (
      <LinkButton to={to} variant="contained" color="primary" size={size}>
        {label}
      </LinkButton>
    );
  }
  return (
    <Box>
      <Button variant="contained" color="primary" size={size} disabled>
        {label}
      </Button>
      <Typography variant="caption" display="block" color="textSecondary">
        {props.unavailableReason ??
          'No request form is published for this module.'}
      </Typography>
    </Box>
  );
}
