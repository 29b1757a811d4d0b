import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import tfpilotPlugin from '@tfpilot/backstage-plugin-tfpilot/alpha';
import { navModule } from './modules/nav';

export default createApp({
  features: [catalogPlugin, tfpilotPlugin, navModule],
});
