import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { CatalogDirectory } from './CatalogDirectory';
import { EmailChannel } from './channels/email';
import { InAppChannel } from './channels/inApp';
import { SlackChannel } from './channels/slack';
import { DeliveryChannel } from './channels/types';
import { readNotificationSettings } from './config';
import { RequestNotifier } from './RequestNotifier';
import { NotificationChannel, NotificationSettings } from './types';

function createChannels(
  settings: NotificationSettings,
  notifications: NotificationService,
): Partial<Record<NotificationChannel, DeliveryChannel>> {
  return {
    inApp: new InAppChannel(notifications),
    ...(settings.email ? { email: EmailChannel.create(settings.email) } : {}),
    ...(settings.slack ? { slack: new SlackChannel(settings.slack) } : {}),
  };
}

function describeSetup(settings: NotificationSettings): string {
  if (!settings.enabled) return 'Notifications are turned off';
  const used = new Set(settings.routes.flatMap(route => route.channels));
  const email = settings.email?.smtp;
  const details = [
    'in-app',
    ...(email ? [`email via ${email.host}:${email.port}`] : []),
    ...(settings.slack ? [`Slack (${settings.slack.mode})`] : []),
  ];
  return `Notifications: ${settings.routes.length} route(s) using ${[
    ...used,
  ].join(', ')}; set up: ${details.join(', ')}`;
}

/**
 * The notifier for `tfpilot.notifications`: reads and checks the settings
 * (throwing at start-up on mistakes) and sets up the channels they use.
 */
export function createRequestNotifier(options: {
  config: Config;
  logger: LoggerService;
  auth: AuthService;
  catalog: CatalogService;
  notifications: NotificationService;
  environments: readonly string[];
}): RequestNotifier {
  const { config, logger } = options;
  const settings = readNotificationSettings(config, {
    environments: options.environments,
    logger,
  });
  logger.info(describeSetup(settings));
  return new RequestNotifier({
    settings,
    channels: createChannels(settings, options.notifications),
    directory: new CatalogDirectory(options),
    logger,
  });
}
